import { X509Certificate } from "node:crypto";
import { expect } from "chai";
import {
    DEMO_HOSTNAMES,
    PRIVATE_KEY_CANARY,
    SCAN_FIXTURE,
    SCAN_ZONE_ID,
    scanSeed,
    startEmulator,
    type RunningEmulator,
} from "../../../emulator/index";
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
        emulator = await startEmulator({ seed: scanSeed() });
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

    it("answers 400 / 7003 quoting the path with /client/v4 for a zone id that is not 32 lowercase hex characters", async () => {
        for (const zone of ["023E105F4ECEF8AD9CA31A8372D0C353", "abc", "023e105f4ecef8ad9ca31a8372d0c353aa"]) {
            const { status, body } = await get(hostnamePath("app.example.com", zone));
            expect(status, zone).to.equal(400);
            expect(body.errors).to.deep.equal([
                {
                    code: 7003,
                    message: `Could not route to /client/v4/zones/${zone}/origin_tls_client_auth/hostnames/app.example.com, perhaps your object identifier is invalid?`,
                },
            ]);
        }
    });

    it("lists the zone's certificates with result_info", async () => {
        const { status, body } = await get(certificatesPath());
        expect(status).to.equal(200);
        const certificates = body.result as Array<{ id: string }>;
        expect(certificates.map((c) => c.id)).to.include.members([ZONE, DEMO_HOSTNAMES.healthy.certId]);
        expect(body.result_info).to.deep.equal({
            page: 1,
            per_page: 20,
            count: certificates.length,
            total_count: certificates.length,
            total_pages: 1,
        });
    });

    it("pages a long certificate list with page and per_page", async () => {
        const first = await get(certificatesPath(SCAN_ZONE_ID));
        const second = await get(`${certificatesPath(SCAN_ZONE_ID)}?page=2`);
        expect(first.body.result_info).to.deep.equal({ page: 1, per_page: 20, count: 20, total_count: 25, total_pages: 2 });
        expect(second.body.result_info).to.deep.equal({ page: 2, per_page: 20, count: 5, total_count: 25, total_pages: 2 });
        const ids = [...(first.body.result as Array<{ id: string }>), ...(second.body.result as Array<{ id: string }>)].map((c) => c.id);
        expect(new Set(ids).size).to.equal(SCAN_FIXTURE.hostnameCertificateCount);
        expect(ids).to.include.members([SCAN_FIXTURE.expired.certId, SCAN_FIXTURE.unusedCertId]);
        const small = await get(`${certificatesPath(SCAN_ZONE_ID)}?per_page=10&page=3`);
        expect(small.body.result_info).to.deep.equal({ page: 3, per_page: 10, count: 5, total_count: 25, total_pages: 3 });
    });

    it("serves one hostname certificate by id, and 404 for an id the zone does not hold", async () => {
        const { status, body } = await get(`${certificatesPath(SCAN_ZONE_ID)}/${SCAN_FIXTURE.expiring.certId}`);
        expect(status).to.equal(200);
        expect(body.result).to.include({ id: SCAN_FIXTURE.expiring.certId, status: "active" });
        const missing = await get(`${certificatesPath(SCAN_ZONE_ID)}/${ZONE}`);
        expect(missing.status).to.equal(404);
        expect(missing.body.errors).to.deep.equal([{ code: 1415, message: `Certificate not found: ${ZONE}` }]);
    });

    it("sends a seeded private_key back as the spec allows, and only the canary the seed put there", async () => {
        const { body } = await get(`${certificatesPath(SCAN_ZONE_ID)}/${SCAN_FIXTURE.unusedCertId}`);
        expect((body.result as { private_key?: string }).private_key).to.equal(PRIVATE_KEY_CANARY);
        const everything = JSON.stringify([
            (await get(certificatesPath(SCAN_ZONE_ID))).body,
            (await get(`${certificatesPath(SCAN_ZONE_ID)}?page=2`)).body,
        ]);
        expect(everything.match(/BEGIN PRIVATE KEY/g)).to.have.length(1);
        expect(everything).to.not.match(/BEGIN RSA PRIVATE KEY/);
    });

    it("serves zone-level AOP: the setting and the zone-level certificates", async () => {
        expect((await get(`/zones/${SCAN_ZONE_ID}/origin_tls_client_auth/settings`)).body.result).to.deep.equal({ enabled: true });
        expect((await get(`/zones/${ZONE}/origin_tls_client_auth/settings`)).body.result).to.deep.equal({ enabled: false });
        const list = await get(`/zones/${SCAN_ZONE_ID}/origin_tls_client_auth`);
        expect((list.body.result as Array<{ id: string }>).map((c) => c.id)).to.deep.equal([SCAN_FIXTURE.zoneCertificateId]);
        expect(list.body.result_info).to.include({ total_count: 1, total_pages: 1 });
        const single = await get(`/zones/${SCAN_ZONE_ID}/origin_tls_client_auth/${SCAN_FIXTURE.zoneCertificateId}`);
        expect(single.body.result).to.include({ id: SCAN_FIXTURE.zoneCertificateId, status: "active" });
        expect(new X509Certificate((single.body.result as { certificate: string }).certificate).subject).to.include(
            "origin-pull.scan.example.com",
        );
        expect((await get(`/zones/${ZONE}/origin_tls_client_auth/${ZONE}`)).status).to.equal(404);
    });

    it("answers 404 / 1001 when listing certificates of an unknown zone", async () => {
        expect((await get(certificatesPath("ffffffffffffffffffffffffffffffff"))).body.errors[0].code).to.equal(1001);
    });

    it("answers Cloudflare's no-route envelope for unknown paths and methods", async () => {
        const noRoute = { success: false, errors: [{ code: 7003, message: "No route for the URI" }], messages: [], result: null };
        const attempts: Array<[string, string]> = [
            ["POST", "/user/tokens/verify"],
            ["GET", hostnamesPath()],
            ["DELETE", hostnamePath("app.example.com")],
            ["POST", certificatesPath()],
            ["PUT", `/zones/${ZONE}/origin_tls_client_auth/settings`],
            ["DELETE", `${certificatesPath()}/${ZONE}`],
            ["GET", "/zones"],
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
