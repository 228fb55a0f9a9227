import { expect } from "chai";
import { API_FAILURE_EVIDENCE, apiFailures, describeApiFailures, UNKNOWN_HOSTNAME_CODE } from "../../../emulator/envelope";

/** Codes that say the zone, the route or the credential is wrong: a "not found" answer must use none of them. */
const ZONE_ROUTE_AUTH_CODES = [1001, 1003, 7000, 7003, 6003, 6102, 6103, 6111, 9103, 9106, 9109, 10000, 1000];

describe("the catalogue of Cloudflare answers", () => {
    it("names the evidence of every answer, or says it is a guess", () => {
        expect(Object.keys(API_FAILURE_EVIDENCE).sort()).to.deep.equal(Object.keys(apiFailures).sort());
        for (const [name, evidence] of Object.entries(API_FAILURE_EVIDENCE)) {
            expect(["doc", "sdk", "issue", "guess"], name).to.include(evidence.kind);
            expect(evidence.reference, name).to.have.length.greaterThan(5);
        }
    });

    it("lists each answer's status and codes, chained causes included", () => {
        const byName = new Map(describeApiFailures().map((entry) => [entry.name, entry]));
        expect(byName.get("missingCredentials")).to.include({ status: 400 }).and.to.have.deep.property("codes", [9106]);
        expect(byName.get("malformedAuthorization")?.codes).to.deep.equal([6003, 6111]);
        expect(byName.get("malformedKeyHeaders")?.codes).to.deep.equal([6003, 6102, 6103]);
        expect(byName.get("unknownApiKey")).to.deep.include({ status: 403, codes: [9103] });
        expect(byName.get("invalidToken")).to.deep.include({ status: 403, codes: [9109] });
        expect(byName.get("tokenLocation")).to.deep.include({ status: 403, codes: [9109] });
        expect(byName.get("authenticationError")).to.deep.include({ status: 403, codes: [10000] });
        expect(byName.get("invalidApiToken")).to.deep.include({ status: 401, codes: [1000] });
        expect(byName.get("rateLimited")).to.deep.include({ status: 429, codes: [971] });
    });

    it("quotes the path with /client/v4 in its 7003 message, in one error", () => {
        expect(apiFailures.invalidObjectIdentifier("/client/v4/zones/NOPE/origin_tls_client_auth").errors).to.deep.equal([
            {
                code: 7003,
                message: "Could not route to /client/v4/zones/NOPE/origin_tls_client_auth, perhaps your object identifier is invalid?",
            },
        ]);
    });

    it("answers an unknown hostname with a code that is no zone, route or authentication code", () => {
        expect(apiFailures.unknownHostname("a.example.com")).to.deep.equal({
            status: 404,
            errors: [{ code: UNKNOWN_HOSTNAME_CODE, message: "No hostname AOP association found for a.example.com" }],
        });
        expect(ZONE_ROUTE_AUTH_CODES).to.not.include(UNKNOWN_HOSTNAME_CODE);
    });

    it("names the client address in the IP-restriction message", () => {
        expect(apiFailures.tokenLocation("127.0.0.1").errors[0].message).to.equal("Cannot use the access token from location: 127.0.0.1");
    });
});
