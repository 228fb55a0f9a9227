// Cloudflare's v4 response envelope, and the catalogue of failures the
// emulator answers with. Keeping every code and message in one place makes
// the choices easy to audit against the README's table.

export interface ApiMessage {
    code: number;
    message: string;
    /** Cloudflare nests the precise cause of a 6003 here. */
    error_chain?: ApiMessage[];
}

export interface ResultInfo {
    page: number;
    per_page: number;
    count: number;
    total_count: number;
}

export interface SuccessEnvelope<T> {
    success: true;
    errors: ApiMessage[];
    messages: ApiMessage[];
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

export function successEnvelope<T>(result: T, resultInfo?: ResultInfo): SuccessEnvelope<T> {
    const envelope: SuccessEnvelope<T> = { success: true, errors: [], messages: [], result };
    if (resultInfo !== undefined) envelope.result_info = resultInfo;
    return envelope;
}

export function failureEnvelope(errors: ApiMessage[]): FailureEnvelope {
    return { success: false, errors, messages: [], result: null };
}

/** Cloudflare's message for the current (code 971) rate-limit answer. */
export const THROTTLE_MESSAGE = "Please wait and consider throttling your request speed";

export const apiFailures = {
    missingCredentials: (): ApiFailure => ({ status: 401, errors: [{ code: 10000, message: "Authentication error" }] }),

    invalidToken: (): ApiFailure => ({ status: 403, errors: [{ code: 9109, message: "Invalid access token" }] }),

    invalidApiKey: (): ApiFailure => ({
        status: 403,
        errors: [{ code: 9109, message: "Unauthorized to access requested resource" }],
    }),

    /** A header is present but unusable: Cloudflare answers 400 / 6003 with the precise cause chained. */
    malformedAuthHeader: (cause: { code: number; message: string }): ApiFailure => ({
        status: 400,
        errors: [{ code: 6003, message: "Invalid request headers", error_chain: [cause] }],
    }),

    noRoute: (): ApiFailure => ({ status: 404, errors: [{ code: 7003, message: "No route for the URI" }] }),

    /** A zone segment that is not 32 lowercase hex; `path` is the part after /client/v4. */
    invalidObjectIdentifier: (path: string): ApiFailure => ({
        status: 400,
        errors: [
            { code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` },
            { code: 7000, message: "No route for that URI" },
        ],
    }),

    unknownZone: (): ApiFailure => ({ status: 404, errors: [{ code: 1001, message: "Invalid zone identifier" }] }),

    unknownHostname: (hostname: string): ApiFailure => ({
        status: 404,
        errors: [{ code: 1404, message: `No hostname AOP association found for ${hostname}` }],
    }),

    rateLimited: (retryAfterSeconds: number): ApiFailure => ({
        status: 429,
        errors: [{ code: 971, message: THROTTLE_MESSAGE }],
        headers: { "Retry-After": String(retryAfterSeconds) },
    }),

    malformedJsonBody: (): ApiFailure => ({ status: 400, errors: [{ code: 6007, message: "Malformed JSON in request body" }] }),

    invalidHostnameConfig: (detail: string): ApiFailure => ({
        status: 400,
        errors: [{ code: 1400, message: `Invalid hostname configuration: ${detail}` }],
    }),

    unknownCertificate: (certId: string): ApiFailure => ({
        status: 400,
        errors: [{ code: 1415, message: `Invalid certificate identifier: ${certId}` }],
    }),

    bodyTooLarge: (): ApiFailure => ({ status: 413, errors: [{ code: 6009, message: "Request body too large" }] }),
} as const;
