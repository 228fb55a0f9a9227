/**
 * Where each reader looks for credentials and the base URL, and what it tells its user to set:
 * the provider (stack config, then CLOUDFLARE_*; or a namespace of its own and nothing else),
 * the CLI (the environment only, under a prefix) and the base URL rule.
 */
import { expect } from "chai";

import { checkBaseUrl, isLoopbackHost } from "../../provider/base-url";
import {
    baseUrlSettings,
    cliSettingNames,
    Credentials,
    howToSetKey,
    howToSetToken,
    providerSettingNames,
    resolveBaseUrl,
    resolveCredentials,
    type ConfigSource,
} from "../../provider/credentials";
import { ConfigurationError, CredentialsError } from "../../provider/errors";

const config = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });

describe("credential sources: the provider with its default namespace", () => {
    const names = providerSettingNames();

    it("reads cloudflare:* first, then CLOUDFLARE_*", () => {
        expect(
            resolveCredentials(config({ "cloudflare:apiToken": "from-config-123" }), { CLOUDFLARE_API_TOKEN: "env" }, names).source,
        ).to.equal("stack config cloudflare:apiToken");
        expect(resolveCredentials(config({}), { CLOUDFLARE_API_TOKEN: "from-env-123" }, names).source).to.equal(
            "environment variable CLOUDFLARE_API_TOKEN",
        );
    });

    it("tells its user about stack config and the environment", () => {
        expect(howToSetToken(names)).to.equal("`pulumi config set --secret cloudflare:apiToken <token>` or CLOUDFLARE_API_TOKEN");
        expect(howToSetKey(names)).to.equal("cloudflare:apiKey + cloudflare:email or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL");
        expect(baseUrlSettings(names)).to.equal("cloudflare:baseUrl or CLOUDFLARE_BASE_URL");
        expect(() => resolveCredentials(config({}), {}, names)).to.throw(
            CredentialsError,
            /pulumi config set --secret cloudflare:apiToken.*CLOUDFLARE_API_TOKEN/,
        );
    });
});

describe("credential sources: the provider with a config namespace of its own", () => {
    const names = providerSettingNames("cf-second");

    it("reads <ns>:apiToken, <ns>:apiKey, <ns>:email and <ns>:baseUrl", () => {
        const token = resolveCredentials(config({ "cf-second:apiToken": "second-token-1" }), {}, names);
        expect(token.source).to.equal("stack config cf-second:apiToken");
        expect(token.authHeaders()).to.deep.equal({ Authorization: "Bearer second-token-1" });
        const key = resolveCredentials(config({ "cf-second:apiKey": "k-1234567", "cf-second:email": "two@example.com" }), {}, names);
        expect(key.authHeaders()).to.deep.equal({ "X-Auth-Email": "two@example.com", "X-Auth-Key": "k-1234567" });
        expect(resolveBaseUrl(config({ "cf-second:baseUrl": "http://127.0.0.1:9/client/v4" }), {}, names)).to.equal(
            "http://127.0.0.1:9/client/v4",
        );
    });

    it("never falls back to CLOUDFLARE_* nor to cloudflare:*, and names its own keys when they are missing", () => {
        const env = { CLOUDFLARE_API_TOKEN: "first-account-token", CLOUDFLARE_BASE_URL: "http://127.0.0.1:1/client/v4" };
        const first = config({ "cloudflare:apiToken": "first-account-token" });
        expect(() => resolveCredentials(first, env, names))
            .to.throw(CredentialsError)
            .with.property("message")
            .that.contains("`pulumi config set --secret cf-second:apiToken <token>`")
            .and.contains("cf-second:apiKey + cf-second:email")
            .and.not.contains("CLOUDFLARE_");
        expect(resolveBaseUrl(first, env, names)).to.equal("https://api.cloudflare.com/client/v4");
    });

    it("names its own keys for half a Global API key", () => {
        expect(() => resolveCredentials(config({ "cf-second:apiKey": "k-1234567" }), {}, names)).to.throw(
            CredentialsError,
            /cf-second:email/,
        );
    });

    it("refuses a namespace that is not one", () => {
        expect(() => providerSettingNames("bad:ns")).to.throw(ConfigurationError, /config namespace "bad:ns"/);
    });
});

describe("credential sources: the CLI", () => {
    it("reads the environment only, and never mentions stack config", () => {
        const names = cliSettingNames();
        expect(names.config).to.equal(null);
        expect(
            resolveCredentials(config({ "cloudflare:apiToken": "ignored-token" }), { CLOUDFLARE_API_TOKEN: "env-token-123" }, names).source,
        ).to.equal("environment variable CLOUDFLARE_API_TOKEN");
        expect(howToSetToken(names)).to.equal("CLOUDFLARE_API_TOKEN");
        expect(howToSetKey(names)).to.equal("CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL");
        expect(baseUrlSettings(names)).to.equal("--base-url or CLOUDFLARE_BASE_URL");
        expect(() => resolveCredentials(undefined, {}, names))
            .to.throw(CredentialsError)
            .with.property("message")
            .that.contains("CLOUDFLARE_API_TOKEN")
            .and.not.contains("pulumi config");
    });

    it("reads PREFIX_API_TOKEN, PREFIX_API_KEY, PREFIX_EMAIL and PREFIX_BASE_URL under another prefix, and nothing else", () => {
        const names = cliSettingNames("ACME_CF");
        const env = {
            CLOUDFLARE_API_TOKEN: "default-token-1",
            ACME_CF_API_KEY: "acme-key-1234",
            ACME_CF_EMAIL: "acme@example.com",
            ACME_CF_BASE_URL: "http://localhost:8787/client/v4",
        };
        const credentials = resolveCredentials(undefined, env, names);
        expect(credentials.source).to.equal("environment variables ACME_CF_API_KEY and ACME_CF_EMAIL");
        expect(resolveBaseUrl(undefined, env, names)).to.equal("http://localhost:8787/client/v4");
        expect(() => resolveCredentials(undefined, { CLOUDFLARE_API_TOKEN: "default-token-1" }, names)).to.throw(
            CredentialsError,
            /ACME_CF_API_TOKEN/,
        );
        expect(cliSettingNames("ACME_CF_").env?.apiToken).to.equal("ACME_CF_API_TOKEN");
        expect(() => cliSettingNames("acme")).to.throw(ConfigurationError, /environment prefix "acme"/);
    });
});

describe("a credential's redactor", () => {
    it("scrubs the token, or the key and the email, and leaves other text alone", () => {
        const token = Credentials.token("tok-0123456789", "env").redactor();
        expect(token("x Bearer tok-0123456789 y")).to.equal("x Bearer [redacted] y");
        const key = Credentials.key("ops@example.com", "key-0123456789", "env").redactor();
        expect(key("ops@example.com / KEY-0123456789 / ops%40example.com")).to.equal("[redacted] / [redacted] / [redacted]");
        expect(Credentials.token("short", "env").redactor()("a short word")).to.equal("a short word");
    });
});

describe("the base URL rule", () => {
    const accepted: Array<[string, string]> = [
        ["https://api.cloudflare.com/client/v4", "https://api.cloudflare.com/client/v4"],
        ["https://api.cloudflare.com/client/v4///", "https://api.cloudflare.com/client/v4"],
        ["https://proxy.internal:8443/cf/client/v4", "https://proxy.internal:8443/cf/client/v4"],
        ["http://127.0.0.1:8787/client/v4", "http://127.0.0.1:8787/client/v4"],
        ["http://127.8.9.10/client/v4", "http://127.8.9.10/client/v4"],
        ["http://localhost:8787/client/v4", "http://localhost:8787/client/v4"],
        ["http://LOCALHOST:8787/client/v4", "http://LOCALHOST:8787/client/v4"],
        ["http://[::1]:8787/client/v4", "http://[::1]:8787/client/v4"],
    ];
    for (const [raw, result] of accepted) {
        it(`accepts ${raw}`, () => {
            expect(checkBaseUrl(raw, "CLOUDFLARE_BASE_URL")).to.equal(result);
        });
    }

    const refused: Array<[string, RegExp]> = [
        ["http://api.cloudflare.com/client/v4", /uses http for a host that is not loopback/],
        ["http://10.0.0.5:8080", /uses http for a host that is not loopback/],
        ["http://128.0.0.1/client/v4", /uses http for a host that is not loopback/],
        ["http://localhost.example.com/client/v4", /uses http for a host that is not loopback/],
        ["http://[::2]/client/v4", /uses http for a host that is not loopback/],
        ["https://user:pass@api.cloudflare.com/client/v4", /must not contain a user name or password/],
        ["https://user@api.cloudflare.com/client/v4", /must not contain a user name or password/],
        ["https://@api.cloudflare.com/client/v4", /must not contain a user name or password/],
        ["https://api.cloudflare.com/client/v4?x=1", /must not contain a query/],
        ["https://api.cloudflare.com/client/v4?", /must not contain a query/],
        ["https://api.cloudflare.com/client/v4#frag", /or a fragment/],
        ["ftp://api.cloudflare.com/client/v4", /must use https, got ftp:/],
        ["not a url", /is not a valid URL/],
    ];
    for (const [raw, reason] of refused) {
        it(`refuses ${raw}, naming the setting`, () => {
            expect(() => checkBaseUrl(raw, "--base-url"))
                .to.throw(ConfigurationError, reason)
                .with.property("message")
                .that.matches(/^--base-url /);
        });
    }

    it("never quotes a URL with a password back", () => {
        expect(() => checkBaseUrl("https://user:hunter2-secret@api.cloudflare.com", "X"))
            .to.throw(ConfigurationError)
            .with.property("message")
            .that.not.contains("hunter2");
    });

    it("names the config key or the variable the URL came from", () => {
        expect(() => resolveBaseUrl(config({ "cloudflare:baseUrl": "http://10.0.0.5" }), {})).to.throw(
            ConfigurationError,
            /^cloudflare:baseUrl /,
        );
        expect(() => resolveBaseUrl(undefined, { CLOUDFLARE_BASE_URL: "http://10.0.0.5" })).to.throw(
            ConfigurationError,
            /^CLOUDFLARE_BASE_URL /,
        );
    });

    it("knows loopback when it sees it", () => {
        expect(["127.0.0.1", "127.255.255.254", "localhost", "[::1]", "::1"].map(isLoopbackHost)).to.deep.equal([
            true,
            true,
            true,
            true,
            true,
        ]);
        expect(["128.0.0.1", "10.0.0.1", "[::ffff:7f00:1]", "example.com", "0.0.0.0"].map(isLoopbackHost)).to.deep.equal([
            false,
            false,
            false,
            false,
            false,
        ]);
    });
});
