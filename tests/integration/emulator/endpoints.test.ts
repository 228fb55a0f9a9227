import { X509Certificate } from "node:crypto";
import { expect } from "chai";
import { DEMO_HOSTNAMES, demoSeed, startEmulator, type RunningEmulator } from "../../../emulator/index";
import { BEARER, certificatesPath, hostnamePath, hostnamesPath, send, ZONE } from "../../fixtures/emulator/http-client";

interface Envelope {
    success: boolean;
    errors: Array<{ code: number; message: string }>;
    messages: unknown[];
    result: unknown;
    result_info?: Record<string, number>;
}

describe("emulator endpoints", () => {
    let emulator: RunningEmulator;
    const get = async (path: string): Promise<{ status: number; body: Envelope; headers: Record<string, unknown> }> => {
        const response = await send(`${emulator.url}${path}`, { headers: BEARER });
        return { status: response.status, body: response.json() as Envelope, headers: response.headers };
    };

    before(async () => {
        emulator = await startEmulator({ seed: demoSeed() });
    });
    after(() => emulator.stop());

    it("serves the spec's example hostname status in a success envelope", async () => {
        const { status, body, headers } = await get(hostnamePath("app.example.com"));
        expect(status).to.equal(200);
        expect(headers["content-type"]).to.equal("application/json");
        expect(body).to.deep.include({ success: true, errors: [], messages: [] });
        expect(body.result).to.deep.include({
            hostname: "app.example.com",
            cert_id: ZONE,
            status: "active",
            cert_status: "active",
            enabled: true,
            issuer: "GlobalSign",
            serial_number: "6743787633689793699141714808227354901",
            signature: "SHA256WithRSA",
            expires_on: "2100-01-01T05:20:00Z",
            cert_uploaded_on: "2019-10-28T18:11:23.37411Z",
        });
    });

    it("serves demo hostnames with certificates a client can parse", async () => {
        const { body } = await get(hostnamePath(DEMO_HOSTNAMES.expiring.hostname));
        const result = body.result as { certificate: string; expires_on: string };
        expect(new Date(new X509Certificate(result.certificate).validTo).getTime()).to.equal(Date.parse(result.expires_on));
    });

    it("percent-decodes the hostname segment exactly once", async () => {
        expect((await get(hostnamePath("app%2Eexample.com"))).status).to.equal(200);
        const twice = await get(hostnamePath("app%252Eexample.com"));
        expect(twice.status).to.equal(404);
        expect(twice.body.errors[0].message).to.equal("No hostname AOP association found for app%2Eexample.com");
    });

    it("answers 404 / 1404 for a hostname the zone does not hold", async () => {
        const { status, body } = await get(hostnamePath("missing.example.com"));
        expect(status).to.equal(404);
        expect(body).to.deep.equal({
            success: false,
            errors: [{ code: 1404, message: "No hostname AOP association found for missing.example.com" }],
            messages: [],
            result: null,
        });
    });

    it("answers 404 / 1001 for a well-formed zone the emulator does not hold", async () => {
        const { status, body } = await get(hostnamePath("app.example.com", "ffffffffffffffffffffffffffffffff"));
        expect(status).to.equal(404);
        expect(body.errors).to.deep.equal([{ code: 1001, message: "Invalid zone identifier" }]);
    });

    it("answers 400 / 7003 for a zone id that is not 32 lowercase hex characters", async () => {
        for (const zone of ["023E105F4ECEF8AD9CA31A8372D0C353", "abc", "023e105f4ecef8ad9ca31a8372d0c353aa"]) {
            const { status, body } = await get(hostnamePath("app.example.com", zone));
            expect(status, zone).to.equal(400);
            expect(body.errors[0]).to.deep.equal({
                code: 7003,
                message: `Could not route to /zones/${zone}/origin_tls_client_auth/hostnames/app.example.com, perhaps your object identifier is invalid?`,
            });
        }
    });

    it("lists the zone's certificates with result_info", async () => {
        const { status, body } = await get(certificatesPath());
        expect(status).to.equal(200);
        const certificates = body.result as Array<{ id: string }>;
        expect(certificates.map((c) => c.id)).to.include.members([ZONE, DEMO_HOSTNAMES.healthy.certId]);
        expect(body.result_info).to.deep.equal({ page: 1, per_page: 20, count: certificates.length, total_count: certificates.length });
    });

    it("answers 404 / 1001 when listing certificates of an unknown zone", async () => {
        expect((await get(certificatesPath("ffffffffffffffffffffffffffffffff"))).body.errors[0].code).to.equal(1001);
    });

    it("answers Cloudflare's no-route envelope for unknown paths and methods", async () => {
        const noRoute = { success: false, errors: [{ code: 7003, message: "No route for the URI" }], messages: [], result: null };
        const attempts: Array<[string, string]> = [
            ["GET", "/user/tokens/verify"],
            ["GET", hostnamesPath()],
            ["DELETE", hostnamePath("app.example.com")],
            ["POST", certificatesPath()],
            ["GET", `/zones/${ZONE}/origin_tls_client_auth/settings`],
            ["GET", `${certificatesPath()}/${ZONE}`],
        ];
        for (const [method, path] of attempts) {
            const response = await send(`${emulator.url}${path}`, { method, headers: BEARER });
            expect(response.status, `${method} ${path}`).to.equal(404);
            expect(response.json(), `${method} ${path}`).to.deep.equal(noRoute);
        }
        const outside = await send(`${emulator.origin}/`, { headers: BEARER });
        expect(outside.status).to.equal(404);
    });

    it("ignores the query string when routing", async () => {
        expect((await get(`${hostnamePath("app.example.com")}?page=1`)).status).to.equal(200);
    });

    it("puts Ratelimit and Ratelimit-Policy headers on every API answer, failures included", async () => {
        for (const path of [hostnamePath("app.example.com"), hostnamePath("missing.example.com"), "/nowhere"]) {
            const { headers } = await get(path);
            expect(headers.ratelimit, path).to.match(/^"default";r=\d+;t=\d+$/);
            expect(headers["ratelimit-policy"], path).to.equal('"burst";q=1200;w=300');
        }
        const anonymous = await send(`${emulator.url}${hostnamePath("app.example.com")}`);
        expect(anonymous.headers.ratelimit).to.equal('"default";r=1200;t=300');
    });
});
