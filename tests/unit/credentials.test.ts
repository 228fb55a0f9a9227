import { inspect } from "node:util";

import { expect } from "chai";

import { resolveBaseUrl, resolveCredentials, type ConfigSource } from "../../provider/credentials";
import { ConfigurationError, CredentialsError } from "../../provider/errors";
import { DEFAULT_TUNING, resolveTuning } from "../../provider/settings";

const config = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });
const TOKEN = "tok-ABC-secret-123";

describe("credentials", () => {
    it("sends a token from stack config as a Bearer header", () => {
        const credentials = resolveCredentials(config({ "cloudflare:apiToken": TOKEN }), {});
        expect(credentials.authHeaders()).to.deep.equal({ Authorization: `Bearer ${TOKEN}` });
        expect(credentials.source).to.equal("stack config cloudflare:apiToken");
    });

    it("sends a global key and email from the environment as X-Auth headers", () => {
        const credentials = resolveCredentials(undefined, { CLOUDFLARE_API_KEY: "key-1", CLOUDFLARE_EMAIL: "me@example.com" });
        expect(credentials.authHeaders()).to.deep.equal({ "X-Auth-Email": "me@example.com", "X-Auth-Key": "key-1" });
        expect(credentials.kind).to.equal("key");
    });

    it("prefers explicit config over the environment", () => {
        const credentials = resolveCredentials(config({ "cloudflare:apiToken": "from-config" }), { CLOUDFLARE_API_TOKEN: "from-env" });
        expect(credentials.authHeaders().Authorization).to.equal("Bearer from-config");
    });

    it("prefers a token over a key in the same place", () => {
        const credentials = resolveCredentials(undefined, {
            CLOUDFLARE_API_TOKEN: "t",
            CLOUDFLARE_API_KEY: "k",
            CLOUDFLARE_EMAIL: "e@x.io",
        });
        expect(credentials.kind).to.equal("token");
    });

    it("treats blank values as unset", () => {
        const credentials = resolveCredentials(config({ "cloudflare:apiToken": "   " }), { CLOUDFLARE_API_TOKEN: "env" });
        expect(credentials.source).to.equal("environment variable CLOUDFLARE_API_TOKEN");
    });

    it("says how to set credentials when there are none", () => {
        expect(() => resolveCredentials(config({}), {})).to.throw(
            CredentialsError,
            /pulumi config set --secret cloudflare:apiToken.*CLOUDFLARE_API_TOKEN/,
        );
    });

    it("names the missing half of a global key", () => {
        expect(() => resolveCredentials(undefined, { CLOUDFLARE_API_KEY: "k" })).to.throw(CredentialsError, /CLOUDFLARE_EMAIL is not/);
        expect(() => resolveCredentials(config({ "cloudflare:email": "e@x.io" }), {})).to.throw(
            CredentialsError,
            /but not cloudflare:apiKey/,
        );
    });

    it("never shows the secret in JSON, inspect or string form", () => {
        const credentials = resolveCredentials(undefined, { CLOUDFLARE_API_TOKEN: TOKEN });
        expect(JSON.stringify(credentials)).to.not.contain(TOKEN);
        expect(inspect(credentials, { showHidden: false, depth: 5 })).to.not.contain(TOKEN);
        expect(String(Object.keys(credentials))).to.not.contain("secret");
        expect(credentials.fingerprint())
            .to.match(/^[0-9a-f]{16}$/)
            .and.not.contain(TOKEN);
    });

    it("uses Cloudflare's API by default and strips a trailing slash from a custom base URL", () => {
        expect(resolveBaseUrl(undefined, {})).to.equal("https://api.cloudflare.com/client/v4");
        expect(resolveBaseUrl(config({ "cloudflare:baseUrl": "http://127.0.0.1:8787/client/v4/" }), {})).to.equal(
            "http://127.0.0.1:8787/client/v4",
        );
    });

    it("rejects a base URL that is not http(s) or carries a password", () => {
        expect(() => resolveBaseUrl(undefined, { CLOUDFLARE_BASE_URL: "ftp://x" })).to.throw(ConfigurationError, /must use https/);
        expect(() => resolveBaseUrl(undefined, { CLOUDFLARE_BASE_URL: "https://u:p@x" })).to.throw(
            ConfigurationError,
            /user name or password/,
        );
        expect(() => resolveBaseUrl(undefined, { CLOUDFLARE_BASE_URL: "not a url" })).to.throw(ConfigurationError, /not a valid URL/);
    });
});

describe("client tuning", () => {
    it("uses defaults when nothing is set", () => {
        expect(resolveTuning(undefined, {})).to.deep.equal(DEFAULT_TUNING);
    });

    it("reads seconds from config and the environment, config first", () => {
        const tuning = resolveTuning(config({ "aopStatus:deadlineSeconds": "30" }), {
            AOP_STATUS_DEADLINE_SECONDS: "99",
            AOP_STATUS_MAX_RETRIES: "2",
        });
        expect(tuning).to.include({ deadlineMs: 30_000, maxRetries: 2 });
    });

    it("names the key holding a bad value", () => {
        expect(() => resolveTuning(undefined, { AOP_STATUS_CONCURRENCY: "lots" })).to.throw(
            ConfigurationError,
            /AOP_STATUS_CONCURRENCY must be a whole number/,
        );
        expect(() => resolveTuning(config({ "aopStatus:maxRetries": "1.5" }), {})).to.throw(ConfigurationError, /aopStatus:maxRetries/);
    });
});
