import { expect } from "chai";
import { matchRoute } from "../../../emulator/routes";

const Z = "023e105f4ecef8ad9ca31a8372d0c353";
const BASE = `/client/v4/zones/${Z}/origin_tls_client_auth/hostnames`;

describe("routing", () => {
    it("routes GET of a hostname to hostname-status, percent-decoding the segment once", () => {
        expect(matchRoute("GET", `${BASE}/app%2Eexample.com`)).to.deep.equal({
            name: "hostname-status",
            fullPath: `${BASE}/app%2Eexample.com`,
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

    const known: Array<[string, string, Record<string, string>]> = [
        ["GET", `${BASE}/certificates/abc%2D1`, { name: "hostname-certificate", zoneId: Z, certificateId: "abc-1" }],
        ["GET", `/client/v4/zones/${Z}/origin_tls_client_auth`, { name: "zone-certificates", zoneId: Z }],
        ["GET", `/client/v4/zones/${Z}/origin_tls_client_auth/settings`, { name: "zone-settings", zoneId: Z }],
        ["GET", `/client/v4/zones/${Z}/origin_tls_client_auth/c1`, { name: "zone-certificate", zoneId: Z, certificateId: "c1" }],
        ["GET", "/client/v4/user", { name: "user" }],
        ["GET", "/client/v4/user/tokens/verify", { name: "user-token-verify" }],
        ["GET", `/client/v4/accounts/${Z}/tokens/verify`, { name: "account-token-verify", accountId: Z }],
    ];
    for (const [method, path, expected] of known) {
        it(`routes ${method} ${path} to ${expected.name}`, () => {
            expect(matchRoute(method, path)).to.include(expected);
        });
    }

    it("keeps the whole path, /client/v4 included, for Cloudflare's 7003 message", () => {
        expect(matchRoute("GET", `/client/v4/zones/NOT-HEX/origin_tls_client_auth/hostnames/a`)).to.include({
            fullPath: "/client/v4/zones/NOT-HEX/origin_tls_client_auth/hostnames/a",
            apiPath: "/zones/NOT-HEX/origin_tls_client_auth/hostnames/a",
        });
    });

    const unknown: Array<[string, string]> = [
        ["POST", `${BASE}/app.example.com`],
        ["DELETE", `${BASE}/app.example.com`],
        ["GET", BASE],
        ["PUT", `${BASE}/certificates`],
        ["GET", `${BASE}/`],
        ["GET", `${BASE}/a/b`],
        ["GET", `${BASE}/certificates/abc/def`],
        ["DELETE", `${BASE}/certificates/abc`],
        ["PUT", `/client/v4/zones/${Z}/origin_tls_client_auth/settings`],
        ["POST", `/client/v4/zones/${Z}/origin_tls_client_auth`],
        ["GET", `/client/v4/zones/${Z}/origin_tls_client_auth/a/b`],
        ["GET", `/client/v4/zones/${Z}`],
        ["GET", `/client/v4/zones//origin_tls_client_auth/hostnames/a`],
        ["GET", "/zones/x/origin_tls_client_auth/hostnames/a"],
        ["POST", "/client/v4/user/tokens/verify"],
        ["GET", "/client/v4/user/tokens"],
        ["GET", `/client/v4/accounts/${Z}/tokens`],
        ["GET", `/client/v4/accounts/${Z}/tokens/verify/x`],
        ["GET", "/"],
    ];
    for (const [method, path] of unknown) {
        it(`treats ${method} ${path} as an unknown route`, () => {
            expect(matchRoute(method, path).name).to.equal("unknown");
        });
    }
});
