/**
 * A server that echoes the request's credential back, in Cloudflare's `errors[].message`, in an
 * HTML `<title>` or in a body we quote: the client knows its token, key and email, and scrubs
 * them from every piece of response text before it enters an error's message or stack. Checked
 * through the library and through the real provider host, whose stderr prints every error with
 * its stack.
 */
import { inspect } from "node:util";

import { expect } from "chai";

import { CloudflareClient } from "../../../provider/client";
import { Credentials } from "../../../provider/credentials";
import { RequestLimiter } from "../../../provider/limiter";
import type { OperationResult } from "../../support/engine";
import { expectNoSecrets, fleetStack, operationText, ZONE, type CredentialKind } from "../../support/hardening";
import {
    envelope,
    FAKE_EMAIL,
    FAKE_KEY,
    FAKE_TOKEN,
    sampleResult,
    ScriptedServer,
    type RecordedRequest,
    type ScriptedReply,
} from "../../support/scripted-server";

/** What the request carried, as a careless server would quote it back. */
function echoOf(request: RecordedRequest): string {
    return request.authorization ?? `${request.xAuthEmail ?? ""} / ${request.xAuthKey ?? ""}`;
}

const ECHOES: ReadonlyArray<{ id: string; what: string; reply: (echo: string) => ScriptedReply }> = [
    {
        id: "echo-message",
        what: "a 401 whose errors[].message quotes the Authorization value",
        reply: (echo) => ({
            status: 401,
            body: { success: false, errors: [{ code: 10000, message: `Authentication error for ${echo}` }], messages: [], result: null },
        }),
    },
    {
        id: "echo-chain",
        what: "a 400 whose error_chain quotes the credential",
        reply: (echo) => ({
            status: 400,
            body: {
                success: false,
                errors: [{ code: 6003, message: "Invalid request headers", error_chain: [{ code: 6111, message: `bad value ${echo}` }] }],
                messages: [],
                result: null,
            },
        }),
    },
    {
        id: "echo-title",
        what: "an HTML page whose <title> quotes the Authorization value",
        reply: (echo) => ({
            status: 502,
            headers: { "content-type": "text/html" },
            body: `<html><head><title>Denied ${echo}</title></head></html>`,
        }),
    },
    {
        id: "echo-preview",
        what: "a 500 whose body, quoted as a preview, starts with the Authorization value",
        reply: (echo) => ({ status: 500, headers: { "content-type": "text/plain" }, body: `${echo} was refused` }),
    },
];

const SECRETS = [FAKE_TOKEN, FAKE_KEY, FAKE_EMAIL];

function everythingShownBy(error: unknown): string {
    return [
        String(error),
        (error as Error).stack ?? "",
        inspect(error, { depth: 10, showHidden: true }),
        JSON.stringify(error, Object.getOwnPropertyNames(error)),
    ].join("\n");
}

/** Echoes while `armed()` says so, and answers a healthy status otherwise. */
async function echoServer(delayMs = 0, armed: () => boolean = () => true): Promise<ScriptedServer> {
    const server = await ScriptedServer.start();
    server.reply((request) => {
        const echo = ECHOES.find((e) => request.url.includes(`/hostnames/${e.id}.`));
        if (!echo) return { status: 500, body: "no echo for this path" };
        if (!armed()) return { body: envelope(sampleResult({ hostname: `${echo.id}.echo.example.com` })) };
        return { ...echo.reply(echoOf(request)), delayMs };
    });
    return server;
}

describe("hostile case 5: credentials echoed by a server never reach an error, through the library", function () {
    this.timeout(30_000);
    let server: ScriptedServer;

    before(async () => {
        server = await echoServer();
    });
    after(() => server.stop());

    for (const kind of ["token", "key"] as const) {
        const credentials = (): Credentials =>
            kind === "token"
                ? Credentials.token(FAKE_TOKEN, "environment variable CLOUDFLARE_API_TOKEN")
                : Credentials.key(FAKE_EMAIL, FAKE_KEY, "environment variables CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL");
        for (const echo of ECHOES) {
            it(`scrubs the ${kind === "token" ? "token" : "key and email"} from ${echo.what}, in the message and the stack`, async () => {
                const client = new CloudflareClient({
                    credentials: credentials(),
                    baseUrl: server.baseUrl,
                    maxRetries: 1,
                    requestTimeoutMs: 2_000,
                    limiter: new RequestLimiter({ concurrency: 4 }),
                });
                let caught: unknown;
                try {
                    await client.getHostnameStatus(ZONE, `${echo.id}.echo.example.com`);
                } catch (error) {
                    caught = error;
                }
                expect(caught, "the read fails").to.be.instanceOf(Error);
                // The server really did echo it: otherwise the test proves nothing.
                expect(server.requests.length).to.be.greaterThan(0);
                const shown = everythingShownBy(caught);
                for (const secret of SECRETS) expect(shown, `${echo.what} leaks ${secret}`).to.not.contain(secret);
                expect((caught as Error).message).to.contain("[redacted]");
            });
        }
    }
});

describe("hostile case 5: credentials echoed by a server never reach an error, through the provider host", function () {
    this.timeout(180_000);
    let server: ScriptedServer;
    let armed = false;
    const runs = new Map<CredentialKind, { up: OperationResult; refresh: OperationResult }>();

    /**
     * An up while the server answers normally, then a refresh while it echoes: the host prints a
     * failed Read with its stack on stderr, where users see it. Every answer waits, so every read
     * is under way before the first failure ends the operation.
     */
    before(async function () {
        this.timeout(240_000);
        server = await echoServer(1_500, () => armed);
        for (const kind of ["token", "key"] as const) {
            armed = false;
            const stack = fleetStack(
                { url: server.baseUrl },
                ECHOES.map((echo) => ({ name: echo.id, zoneId: ZONE, hostname: `${echo.id}.echo.example.com` })),
                { credential: kind, tuning: { requestTimeoutSeconds: 10, deadlineSeconds: 30, maxRetries: 0, concurrency: 16 } },
            );
            try {
                const up = await stack.up();
                armed = true;
                runs.set(kind, { up, refresh: await stack.refresh() });
            } finally {
                await stack.dispose();
            }
        }
    });
    after(() => server.stop());

    for (const kind of ["token", "key"] as const) {
        it(`keeps the ${kind === "token" ? "token" : "key and email"} out of every error message and of the stacks the host prints`, () => {
            const { up, refresh } = runs.get(kind) as { up: OperationResult; refresh: OperationResult };
            expect(up.ok, up.error).to.equal(true);
            expect(refresh.ok).to.equal(false);
            for (const echo of ECHOES) expect(refresh.error, `${echo.id} failed`).to.match(new RegExp(`::${echo.id}: `));
            expect(refresh.hostStderr, "the host printed the errors with their stacks").to.match(/\n\s+at /);
            expect(refresh.error).to.contain("[redacted]");
            expect(refresh.hostStderr).to.contain("[redacted]");
            expectNoSecrets(operationText(refresh), `the ${kind} refresh`);
            // The email is plain stack config (so it is in state by the user's choice), but no error or log may echo it.
            expectNoSecrets(`${refresh.error ?? ""}\n${refresh.hostStderr}`, `the ${kind} refresh's errors and host stderr`, [FAKE_EMAIL]);
        });
    }
});
