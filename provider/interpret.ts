/**
 * Turns one classified response into what the client acts on: the result, or a typed error
 * whose message quotes Cloudflare's codes and messages and says, in the reader's own terms
 * (stack config and environment for the provider; environment only for the CLI), what to fix.
 *
 * Text that came from the response (Cloudflare's messages, an HTML title, a body preview) is
 * scrubbed of the client's own secrets here, before it enters any error's message or stack.
 */
import { classifyResponse, type Classification, type RawResponse } from "./classify";
import { baseUrlSettings, howToSetKey, howToSetToken, type SettingNames } from "./credentials";
import type { ResultInfo } from "./envelope";
import {
    AuthenticationError,
    CloudflareApiError,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    RouteNotFoundError,
    ZoneNotFoundError,
    type AuthenticationReason,
    type CloudflareError,
    type CloudflareMessage,
    type ErrorTarget,
} from "./errors";
import type { Redactor } from "./redaction";

export type { RawResponse } from "./classify";

/** What messages say about the credential in use; `Credentials` satisfies it. Never the secret. */
export interface CredentialDescription {
    kind: "token" | "key";
    /** "stack config cloudflare:apiToken", "environment variable CLOUDFLARE_API_TOKEN", … */
    source: string;
    names: SettingNames;
}

export interface ResponseContext {
    target: ErrorTarget;
    credential: CredentialDescription;
    /** The base URL the request went to, for zone and route errors. */
    baseUrl: string;
    /** Scrubs the client's secrets from response text; identity when absent. */
    redact?: Redactor;
    now?: number;
}

export type ResponseOutcome =
    | { kind: "result"; result: unknown; resultInfo: ResultInfo | null }
    | { kind: "failure"; error: CloudflareError; retryable: boolean; retryAfterSeconds: number | null };

function scrub(errors: readonly CloudflareMessage[], redact: Redactor): CloudflareMessage[] {
    return errors.map((e) => {
        const clean: CloudflareMessage = { code: e.code, message: redact(e.message) };
        if (e.errorChain) clean.errorChain = scrub(e.errorChain, redact);
        return clean;
    });
}

const PERMISSION = "Zone → SSL and Certificates → Read";

function credentialWords(credential: CredentialDescription): string {
    return credential.kind === "token"
        ? `the API token from ${credential.source}`
        : `the Global API key and email from ${credential.source}`;
}

function howToSetOwnKind(credential: CredentialDescription): string {
    return credential.kind === "token" ? howToSetToken(credential.names) : howToSetKey(credential.names);
}

/** Which of X-Auth-Email (6102) and X-Auth-Key (6103) Cloudflare found malformed. */
function malformedKeyHeaders(errors: readonly CloudflareMessage[]): string {
    const codes = new Set<number>();
    const visit = (list: readonly CloudflareMessage[]): void => {
        for (const e of list) {
            if (e.code !== null) codes.add(e.code);
            visit(e.errorChain ?? []);
        }
    };
    visit(errors);
    const headers = [codes.has(6102) ? "the email (X-Auth-Email)" : "", codes.has(6103) ? "the key (X-Auth-Key)" : ""].filter(Boolean);
    return headers.length === 2 ? `both ${headers.join(" and ")} are` : `${headers[0] ?? "the key or email"} is`;
}

/** The fix for each reason, one sentence, in the reader's terms. */
export function authenticationFix(
    reason: AuthenticationReason,
    credential: CredentialDescription,
    target: ErrorTarget,
    errors: readonly CloudflareMessage[],
): string {
    const what = credentialWords(credential);
    const What = what.charAt(0).toUpperCase() + what.slice(1);
    const names = credential.names;
    switch (reason) {
        case "missing-credentials":
            return (
                `Cloudflare received no credential, although ${what} was sent: a proxy in between may strip the Authorization ` +
                `and X-Auth-* headers; otherwise set an API token with ${howToSetToken(names)}`
            );
        case "malformed-token":
            return (
                `${What} is not in the format of an API token; a Global API key sent as a token looks like this: ` +
                `put a key in ${howToSetKey(names)} instead, or copy the token again into ${howToSetToken(names)}`
            );
        case "malformed-key":
            return (
                `In ${what}, ${malformedKeyHeaders(errors)} malformed: the email must be the account's login email and the key its ` +
                `Global API key (an API token belongs in ${howToSetToken(names)})`
            );
        case "invalid-headers":
            return `Cloudflare refused the headers carrying ${what}: check the value for stray characters and set it again with ${howToSetOwnKind(credential)}`;
        case "invalid-token":
            return credential.kind === "token"
                ? `${What} is invalid, expired or revoked: create a new token with ${PERMISSION} and set it with ${howToSetToken(names)}`
                : `${What} was refused as an invalid access token: check the key and email (${howToSetKey(names)}), or use an API token with ${howToSetToken(names)}`;
        case "token-location":
            return (
                `${What} is restricted to client IP addresses that exclude this machine: add this machine's address to the ` +
                "token's Client IP Address Filtering, or run from an allowed address"
            );
        case "unknown-key":
            return (
                `Cloudflare does not know ${what}: check both (the key is under My Profile → API Tokens → Global API Key), ` +
                `or use an API token with ${howToSetToken(names)}`
            );
        case "permission-denied":
            return target.zoneId
                ? `${What} is valid but may not read this zone's SSL and Certificates: give it ${PERMISSION} on zone ${target.zoneId} ` +
                      "(the token's Zone Resources must include the zone)"
                : `${What} is valid but lacks the permission for this request`;
        case "not-accepted":
            return `Cloudflare did not accept ${what}: check the token (or the key and email) and set it with ${howToSetOwnKind(credential)}`;
        case "forbidden":
            return `Cloudflare refused ${what}: check that it is valid and has ${PERMISSION}, and set it with ${howToSetOwnKind(credential)}`;
    }
}

function zoneFix(target: ErrorTarget, baseUrl: string, names: SettingNames): string {
    return (
        `Cloudflare does not know zone ${target.zoneId} at ${baseUrl}: check the zone id in the dashboard (the zone's Overview ` +
        `page, "Zone ID"), and that the base URL ends in /client/v4 (${baseUrlSettings(names)})`
    );
}

function routeFix(target: ErrorTarget, baseUrl: string, names: SettingNames): string {
    const zone = target.zoneId
        ? `the zone id ${target.zoneId} may be wrong (check it in the dashboard; a zone name is not a zone id), or `
        : "";
    return `Cloudflare has no route for this request to ${baseUrl}: ${zone}the base URL does not end in /client/v4 (${baseUrlSettings(names)})`;
}

/** The typed error for a failed classification. */
export function errorFor(classification: Exclude<Classification, { kind: "result" }>, context: ResponseContext): CloudflareError {
    const redact = context.redact ?? ((text: string) => text);
    const { target, credential, baseUrl } = context;
    const { status } = classification;
    switch (classification.kind) {
        case "invalid-response":
            return new InvalidResponseError(status, redact(classification.problem), target);
        case "rate-limited":
            return new RateLimitedError(
                scrub(classification.errors, redact),
                target,
                classification.retryAfterSeconds,
                "the request was not retried further",
            );
        case "auth": {
            const errors = scrub(classification.errors, redact);
            const fix = authenticationFix(classification.reason, credential, target, errors);
            return new AuthenticationError(status, errors, target, credential.source, classification.reason, fix);
        }
        case "zone": {
            const errors = scrub(classification.errors, redact);
            // Codes are reused across endpoint families: a zone code is about a zone only where the request names one.
            if (!target.zoneId) return new CloudflareApiError(status, errors, target);
            return new ZoneNotFoundError(status, errors, target, baseUrl, zoneFix(target, baseUrl, credential.names));
        }
        case "route": {
            const errors = scrub(classification.errors, redact);
            return new RouteNotFoundError(status, errors, target, baseUrl, routeFix(target, baseUrl, credential.names));
        }
        case "not-found": {
            const errors = scrub(classification.errors, redact);
            if (target.hostname) return new NotFoundError(errors, target);
            return new CloudflareApiError(status, errors, target, "Cloudflare found nothing at this path");
        }
        case "api-error":
            return new CloudflareApiError(
                status,
                scrub(classification.errors, redact),
                target,
                classification.successFalse ? "Cloudflare reported success: false" : undefined,
            );
    }
}

/** Classifies `response` (classify.ts) and builds the outcome the client acts on. */
export function interpretResponse(response: RawResponse, context: ResponseContext): ResponseOutcome {
    const classification = classifyResponse(response, context.now);
    if (classification.kind === "result") return { kind: "result", result: classification.result, resultInfo: classification.resultInfo };
    return {
        kind: "failure",
        error: errorFor(classification, context),
        retryable: classification.retryable,
        retryAfterSeconds: classification.retryAfterSeconds,
    };
}
