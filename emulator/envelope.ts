// Cloudflare's v4 response envelope, and the catalogue of every failure the emulator answers
// with: each answer's status and codes live here and nowhere else, so the live contract test can
// compare them with what the real API says, and each carries the evidence it rests on
// (`API_FAILURE_EVIDENCE`; "guess" where nothing public was found).

export interface ApiMessage {
    code: number;
    message: string;
    /** Cloudflare nests the precise cause of a 6003 here. */
    error_chain?: ApiMessage[];
}

/** An entry of `messages` on a success, e.g. the token verify endpoints' note. */
export interface ApiNote {
    code: number;
    message: string;
    type: string | null;
}

export interface ResultInfo {
    page: number;
    per_page: number;
    /** Items on this page. */
    count: number;
    total_count: number;
    total_pages: number;
}

export interface SuccessEnvelope<T> {
    success: true;
    errors: ApiMessage[];
    messages: ApiNote[];
    result: T;
    result_info?: ResultInfo;
}

export interface FailureEnvelope {
    success: false;
    errors: ApiMessage[];
    messages: ApiMessage[];
    result: null;
}

/** A failure the API handler sends as a JSON envelope. */
export interface ApiFailure {
    status: number;
    errors: ApiMessage[];
    headers?: Record<string, string>;
}

export function successEnvelope<T>(result: T, options: { resultInfo?: ResultInfo; messages?: ApiNote[] } = {}): SuccessEnvelope<T> {
    const envelope: SuccessEnvelope<T> = { success: true, errors: [], messages: options.messages ?? [], result };
    if (options.resultInfo !== undefined) envelope.result_info = options.resultInfo;
    return envelope;
}

export function failureEnvelope(errors: ApiMessage[]): FailureEnvelope {
    return { success: false, errors, messages: [], result: null };
}

/** Cloudflare's message for the current (code 971) rate-limit answer. */
export const THROTTLE_MESSAGE = "Please wait and consider throttling your request speed";

/**
 * The code of the emulator's "this hostname has no association" 404. Cloudflare's real answer is
 * not documented anywhere public; this one is deliberately no zone (1001, 1003), route (7000,
 * 7003) or authentication code, so a client that classifies by code treats it as "not found". The
 * live contract test compares it with the real one.
 */
export const UNKNOWN_HOSTNAME_CODE = 1404;

/** The emulator's code for a GET of a certificate id the zone does not hold (a guess, like 1404). */
export const UNKNOWN_CERTIFICATE_CODE = 1415;

/** What the verify endpoints put in `messages` for a usable token (favonia/cloudflare-ddns's recorded answers). */
export const TOKEN_VALID_NOTE: ApiNote = { code: 10000, message: "This API Token is valid and active", type: null };

function single(status: number, code: number, message: string): ApiFailure {
    return { status, errors: [{ code, message }] };
}

export const apiFailures = {
    /** No Authorization and no X-Auth-Key / X-Auth-Email (a blank Authorization counts as none). */
    missingCredentials: (): ApiFailure => single(400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers"),

    /** An Authorization header that cannot carry a token: not `Bearer <value>`, or a Global API Key's shape. */
    malformedAuthorization: (): ApiFailure => ({
        status: 400,
        errors: [
            {
                code: 6003,
                message: "Invalid request headers",
                error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
            },
        ],
    }),

    /** Malformed X-Auth-Email and/or X-Auth-Key; both causes are chained when both are wrong, e-mail first. */
    malformedKeyHeaders: (causes: { email: boolean; key: boolean }): ApiFailure => {
        const chain: ApiMessage[] = [];
        if (causes.email) chain.push({ code: 6102, message: "Invalid format for X-Auth-Email header" });
        if (causes.key) chain.push({ code: 6103, message: "Invalid format for X-Auth-Key header" });
        return { status: 400, errors: [{ code: 6003, message: "Invalid request headers", error_chain: chain }] };
    },

    /** A well-formed e-mail and key that are not a configured pair. */
    unknownApiKey: (): ApiFailure => single(403, 9103, "Unknown X-Auth-Key or X-Auth-Email"),

    /** A token the emulator does not know, or one that is disabled, expired or not valid yet. */
    invalidToken: (): ApiFailure => single(403, 9109, "Invalid access token"),

    /** An IP-restricted token used from an address its condition does not allow. */
    tokenLocation: (clientIp: string): ApiFailure => single(403, 9109, `Cannot use the access token from location: ${clientIp}`),

    /** A credential that cannot use a user-level endpoint (an account-owned token at GET /user). */
    unauthorizedResource: (): ApiFailure => single(403, 9109, "Unauthorized to access requested resource"),

    /** A valid credential without the permission, or without access to the zone. */
    authenticationError: (): ApiFailure => single(403, 10000, "Authentication error"),

    /** A verify endpoint asked about a token it does not accept (unknown, or owned elsewhere). */
    invalidApiToken: (): ApiFailure => single(401, 1000, "Invalid API Token"),

    noRoute: (): ApiFailure => single(404, 7003, "No route for the URI"),

    /** An object id segment that cannot be one (a zone or account id that is not 32 lowercase hex). `path` includes /client/v4. */
    invalidObjectIdentifier: (path: string): ApiFailure =>
        single(400, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`),

    unknownZone: (): ApiFailure => single(404, 1001, "Invalid zone identifier"),

    unknownHostname: (hostname: string): ApiFailure =>
        single(404, UNKNOWN_HOSTNAME_CODE, `No hostname AOP association found for ${hostname}`),

    unknownCertificateId: (certificateId: string): ApiFailure =>
        single(404, UNKNOWN_CERTIFICATE_CODE, `Certificate not found: ${certificateId}`),

    /** Over the user's 1200 / 300 s budget, or during the block that follows. */
    rateLimited: (retryAfterSeconds: number): ApiFailure => ({
        status: 429,
        errors: [{ code: 971, message: THROTTLE_MESSAGE }],
        headers: { "Retry-After": String(retryAfterSeconds) },
    }),

    /** Over the per-client-IP limit (200 requests per second). */
    clientIpRateLimited: (retryAfterSeconds: number): ApiFailure => ({
        status: 429,
        errors: [{ code: 971, message: THROTTLE_MESSAGE }],
        headers: { "Retry-After": String(retryAfterSeconds) },
    }),

    malformedJsonBody: (): ApiFailure => single(400, 6007, "Malformed JSON in request body"),

    invalidHostnameConfig: (detail: string): ApiFailure => single(400, 1400, `Invalid hostname configuration: ${detail}`),

    unknownCertificate: (certId: string): ApiFailure => single(400, 1415, `Invalid certificate identifier: ${certId}`),

    bodyTooLarge: (): ApiFailure => single(413, 6009, "Request body too large"),

    /** A bug in the emulator: answered like a Cloudflare 500 rather than a dropped socket. */
    emulatorBug: (detail: string): ApiFailure => single(500, 1000, `Emulator error: ${detail}`),
} as const;

export type ApiFailureName = keyof typeof apiFailures;

/** Where an answer's status and codes come from. */
export interface Evidence {
    /** "doc": Cloudflare's documentation; "sdk": an official SDK; "issue": a public report quoting a real answer; "guess". */
    kind: "doc" | "sdk" | "issue" | "guess";
    /** Links or names, and what they back (the status, the code, the message). */
    reference: string;
}

/** The evidence for every answer of `apiFailures`; the type makes a new answer without evidence a compile error. */
export const API_FAILURE_EVIDENCE: Record<ApiFailureName, Evidence> = {
    missingCredentials: {
        kind: "issue",
        reference:
            "cloudflare/cloudflare-python#2678 (400 / 9106 and the message); xiaotianxt/bypass-cloudflare-for-github-action#2 (a blank Authorization)",
    },
    malformedAuthorization: {
        kind: "issue",
        reference:
            "jeessy2/ddns-go#916 and #1296 (400 / 6003 + 6111; the Global API Key sent as a token), cloudflare/workers-sdk#5175, siennathesane/cloudflare-sync#4",
    },
    malformedKeyHeaders: {
        kind: "issue",
        reference:
            "rmbolger/Posh-ACME#126 (400 / 6003 + 6103 for 'asdf' and a 38-character key; 6102 + 6103 together), NewFuture/DDNS#152 (6102 + 6103), acmesh-official/acme.sh#6435 (a token as X-Auth-Key)",
    },
    unknownApiKey: {
        kind: "issue",
        reference:
            "netcccyun/dnsmgr#245 (the message); 403 from the project's design table (docs/DESIGN 'Facts about the API'), unverified",
    },
    invalidToken: {
        kind: "issue",
        reference: "the project's design table (403 / 9109 for invalid, expired or revoked tokens), unverified",
    },
    tokenLocation: { kind: "issue", reference: "jeessy2/ddns-go#1341 (403 / 9109 'Cannot use the access token from location: <ip>')" },
    unauthorizedResource: {
        kind: "issue",
        reference:
            "cloudflare/workers-sdk#13858 (GET /user answers 9109 to an Account API token); 403 and the message as widely quoted for 9109",
    },
    authenticationError: {
        kind: "issue",
        reference:
            "cloudflare/terraform-provider-cloudflare#1533 and hieunc229/mailflare#1 (403 / 10000); Curetix/mailflare-extension#20 (a body without messages and result)",
    },
    invalidApiToken: {
        kind: "issue",
        reference:
            "favonia/cloudflare-ddns internal/api tests (401 / 1000 'Invalid API Token' from /user/tokens/verify); benvinegar/counterscale#268 (401 for an account-owned token there)",
    },
    noRoute: { kind: "doc", reference: "the OpenAPI contract's own example error (7003 'No route for the URI'); the 404 is a guess" },
    invalidObjectIdentifier: {
        kind: "issue",
        reference:
            "timothymiller/cloudflare-ddns#152 (2023) and wherelse/cloudflare-ddns-script#20 (2025): one 7003 whose path includes /client/v4; older answers added 7000 'No route for that URI' and left /client/v4 out. Status 400 is a guess (favonia/cloudflare-ddns records both 400 and 404)",
    },
    unknownZone: {
        kind: "issue",
        reference:
            "cloudflare/terraform-provider-cloudflare#192 (1001 'Invalid zone identifier', there with 400 for a zone name); 404 for a well-formed unknown id is a guess",
    },
    unknownHostname: { kind: "guess", reference: "not documented; see UNKNOWN_HOSTNAME_CODE" },
    unknownCertificateId: { kind: "guess", reference: "not documented" },
    rateLimited: {
        kind: "doc",
        reference:
            "developers.cloudflare.com/fundamentals/api/reference/limits (429 and Retry-After); 971 and its message as quoted from cloudflare/terraform-provider-cloudflare#5505",
    },
    clientIpRateLimited: {
        kind: "guess",
        reference:
            "the limit (200 per second per client IP) is documented at developers.cloudflare.com/fundamentals/api/reference/limits; its answer is not, so it borrows the user limit's 429 / 971",
    },
    malformedJsonBody: { kind: "guess", reference: "not documented" },
    invalidHostnameConfig: { kind: "guess", reference: "not documented" },
    unknownCertificate: { kind: "issue", reference: "the project's design table (1415 for a bad certificate id on PUT); 400 is a guess" },
    bodyTooLarge: { kind: "guess", reference: "not documented" },
    emulatorBug: { kind: "guess", reference: "an emulator bug, not a Cloudflare answer" },
};

/** Each answer's status and codes (chained codes included), for the live contract test and the README. */
export function describeApiFailures(): Array<{ name: ApiFailureName; status: number; codes: number[]; evidence: Evidence }> {
    const samples: Record<ApiFailureName, ApiFailure> = {
        missingCredentials: apiFailures.missingCredentials(),
        malformedAuthorization: apiFailures.malformedAuthorization(),
        malformedKeyHeaders: apiFailures.malformedKeyHeaders({ email: true, key: true }),
        unknownApiKey: apiFailures.unknownApiKey(),
        invalidToken: apiFailures.invalidToken(),
        tokenLocation: apiFailures.tokenLocation("127.0.0.1"),
        unauthorizedResource: apiFailures.unauthorizedResource(),
        authenticationError: apiFailures.authenticationError(),
        invalidApiToken: apiFailures.invalidApiToken(),
        noRoute: apiFailures.noRoute(),
        invalidObjectIdentifier: apiFailures.invalidObjectIdentifier("/client/v4/zones/x"),
        unknownZone: apiFailures.unknownZone(),
        unknownHostname: apiFailures.unknownHostname("x"),
        unknownCertificateId: apiFailures.unknownCertificateId("x"),
        rateLimited: apiFailures.rateLimited(1),
        clientIpRateLimited: apiFailures.clientIpRateLimited(1),
        malformedJsonBody: apiFailures.malformedJsonBody(),
        invalidHostnameConfig: apiFailures.invalidHostnameConfig("x"),
        unknownCertificate: apiFailures.unknownCertificate("x"),
        bodyTooLarge: apiFailures.bodyTooLarge(),
        emulatorBug: apiFailures.emulatorBug("x"),
    };
    return (Object.keys(samples) as ApiFailureName[]).map((name) => ({
        name,
        status: samples[name].status,
        codes: samples[name].errors.flatMap((error) => [error.code, ...(error.error_chain ?? []).map((cause) => cause.code)]),
        evidence: API_FAILURE_EVIDENCE[name],
    }));
}
