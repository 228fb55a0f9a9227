import { expect } from "chai";
import { matchRoute } from "../../../emulator/routes";

const Z = "023e105f4ecef8ad9ca31a8372d0c353";
const BASE = `/client/v4/zones/${Z}/origin_tls_client_auth/hostnames`;

describe("routing", () => {
    it("routes GET of a hostname to hostname-status, percent-decoding the segment once", () => {
        expect(matchRoute("GET", `${BASE}/app%2Eexample.com`)).to.deep.equal({
            name: "hostname-status",
            apiPath: `/zones/${Z}/origin_tls_client_auth/hostnames/app%2Eexample.com`,
            zoneId: Z,
            hostname: "app.example.com",
        });
        expect(matchRoute("GET", `${BASE}/app%252Eexample.com`).hostname).to.equal("app%2Eexample.com");
    });

    it("keeps a malformed escape as it came", () => {
        expect(matchRoute("GET", `${BASE}/bad%E0%A4%A`).hostname).to.equal("bad%E0%A4%A");
    });

    it("prefers the literal certificates path over the hostname template", () => {
        expect(matchRoute("GET", `${BASE}/certificates`).name).to.equal("hostname-certificates");
    });

    it("routes PUT of the collection to hostnames-put", () => {
        expect(matchRoute("PUT", BASE)).to.include({ name: "hostnames-put", zoneId: Z });
    });

    it("leaves the zone segment unchecked so invalid ids can be answered with 7003 later", () => {
        expect(matchRoute("GET", "/client/v4/zones/NOT-HEX/origin_tls_client_auth/hostnames/a")).to.include({
            name: "hostname-status",
            zoneId: "NOT-HEX",
        });
    });

    const unknown: Array<[string, string]> = [
        ["POST", `${BASE}/app.example.com`],
        ["DELETE", `${BASE}/app.example.com`],
        ["GET", BASE],
        ["PUT", `${BASE}/certificates`],
        ["GET", `${BASE}/`],
        ["GET", `${BASE}/a/b`],
        ["GET", `${BASE}/certificates/abc`],
        ["GET", `/client/v4/zones/${Z}/origin_tls_client_auth/settings`],
        ["GET", `/client/v4/zones//origin_tls_client_auth/hostnames/a`],
        ["GET", "/zones/x/origin_tls_client_auth/hostnames/a"],
        ["GET", "/"],
    ];
    for (const [method, path] of unknown) {
        it(`treats ${method} ${path} as an unknown route`, () => {
            expect(matchRoute(method, path).name).to.equal("unknown");
        });
    }
});
