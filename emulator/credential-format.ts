// What Cloudflare treats as a malformed credential, as pure functions. A credential the emulator
// was configured with is always accepted whatever its shape (it stands for a real one); these rules
// judge what a client sends that the emulator does not know, and decide between "malformed" (400 /
// 6003) and "unknown" (403 / 9109 or 9103).
//
// Formats (https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/): new
// credentials are a prefix, 40 characters and a checksum (`cfk_` Global API Key, `cfut_` user token,
// `cfat_` account token). Older ones have no prefix: API tokens are 40 characters of
// [A-Za-z0-9_-]; a Global API Key is 37 lowercase hexadecimal characters (rmbolger/Posh-ACME#126,
// where "asdf" and a 38-character key both got 6103).

/** A legacy Global API Key: 37 lowercase hex characters. */
const LEGACY_GLOBAL_KEY = /^[0-9a-f]{37}$/;
/** A scannable Global API Key: `cfk_`, 40 alphanumerics, an 8-hex checksum. */
const SCANNABLE_GLOBAL_KEY = /^cfk_[A-Za-z0-9]{40}[0-9a-f]{8}$/;
/** Characters any API token is made of, old or new format. */
const TOKEN_ALPHABET = /^[A-Za-z0-9_-]+$/;
/** A scannable user or account token prefix: such a value is a token, never a key. */
const TOKEN_PREFIX = /^cf(ut|at)_/;
/** Deliberately loose: Cloudflare's exact rule is unknown, only that an account id in this header fails (NewFuture/DDNS#152). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether `value` has the shape of a Global API Key, old or new format. */
export function looksLikeGlobalApiKey(value: string): boolean {
    return LEGACY_GLOBAL_KEY.test(value) || value.startsWith("cfk_");
}

export function isWellFormedApiKey(value: string): boolean {
    return LEGACY_GLOBAL_KEY.test(value) || SCANNABLE_GLOBAL_KEY.test(value);
}

export function isWellFormedEmail(value: string): boolean {
    return EMAIL.test(value);
}

/** Whether `value` could be a token: the emulator does not check its length (see the README's errata). */
export function couldBeToken(value: string): boolean {
    return TOKEN_ALPHABET.test(value) && !looksLikeGlobalApiKey(value);
}

/** Whether `value` can only be a token, so sending it as X-Auth-Key is a format error. */
export function looksLikeToken(value: string): boolean {
    return TOKEN_PREFIX.test(value);
}

export type AuthorizationReading =
    /** The header is absent or blank: Cloudflare then looks at the key headers (or answers 9106). */
    | { kind: "absent" }
    /** Not `Bearer <one value>`. */
    | { kind: "malformed" }
    | { kind: "bearer"; value: string };

/**
 * Reads an `Authorization` header. A blank header counts as absent, as an unset variable expanded
 * into `Authorization: ` would be (xiaotianxt/bypass-cloudflare-for-github-action#2 got 9106).
 */
export function readAuthorization(header: string | undefined): AuthorizationReading {
    if (header === undefined || header.trim() === "") return { kind: "absent" };
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header.trim());
    return match === null ? { kind: "malformed" } : { kind: "bearer", value: match[1] };
}
