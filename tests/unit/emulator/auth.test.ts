import { expect } from "chai";
import { CredentialRegistry, DEFAULT_CREDENTIALS } from "../../../emulator/auth";
import { UnknownCredentialError } from "../../../emulator/errors";

const registry = new CredentialRegistry({
    tokens: ["token-one", "token-two"],
    keys: [{ email: "Ops@Example.com", key: "key-one" }],
});

describe("credential recognition", () => {
    it("recognises a configured bearer token and labels it by position", () => {
        expect(registry.authenticate({ authorization: "Bearer token-two" })).to.deep.equal({ ok: true, kind: "token", label: "token#2" });
    });

    it("recognises a configured email and key, matching the email case-insensitively", () => {
        expect(registry.authenticate({ "x-auth-email": "ops@example.com", "x-auth-key": "key-one" })).to.deep.equal({
            ok: true,
            kind: "key",
            label: "key#1",
        });
    });

    it("answers 401 / 10000 when no credential is presented", () => {
        const result = registry.authenticate({});
        expect(result.ok).to.equal(false);
        if (!result.ok) expect(result.failure).to.deep.include({ status: 401, errors: [{ code: 10000, message: "Authentication error" }] });
    });

    it("answers 403 / 9109 for an unknown token", () => {
        const result = registry.authenticate({ authorization: "Bearer nope" });
        expect(result).to.deep.include({ ok: false, kind: "token", label: "unrecognised" });
        if (!result.ok) expect(result.failure).to.deep.include({ status: 403, errors: [{ code: 9109, message: "Invalid access token" }] });
    });

    it("answers 403 / 9109 for a wrong key", () => {
        const result = registry.authenticate({ "x-auth-email": "ops@example.com", "x-auth-key": "wrong" });
        if (result.ok) expect.fail("should not authenticate");
        expect(result.failure.status).to.equal(403);
        expect(result.failure.errors[0].code).to.equal(9109);
    });

    it("answers 400 / 6003 chaining 6111 for an Authorization header that is not a bearer token", () => {
        const result = registry.authenticate({ authorization: "Basic dXNlcjpwYXNz" });
        if (result.ok) expect.fail("should not authenticate");
        expect(result.failure).to.deep.equal({
            status: 400,
            errors: [
                {
                    code: 6003,
                    message: "Invalid request headers",
                    error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
                },
            ],
        });
    });

    it("answers 400 / 6003 when only one of the key headers is present", () => {
        const onlyKey = registry.authenticate({ "x-auth-key": "key-one" });
        const onlyEmail = registry.authenticate({ "x-auth-email": "ops@example.com" });
        if (onlyKey.ok || onlyEmail.ok) expect.fail("should not authenticate");
        expect(onlyKey.failure.errors[0].error_chain?.[0].code).to.equal(6102);
        expect(onlyEmail.failure.errors[0].error_chain?.[0].code).to.equal(6103);
    });

    it("judges a request with both a token and key headers on the token alone", () => {
        const result = registry.authenticate({ authorization: "Bearer nope", "x-auth-email": "ops@example.com", "x-auth-key": "key-one" });
        expect(result).to.deep.include({ ok: false, kind: "token" });
    });

    it("resolves credential references to labels and refuses unknown ones", () => {
        expect(registry.labelFor()).to.equal("token#1");
        expect(registry.labelFor({ email: "OPS@example.com", key: "key-one" })).to.equal("key#1");
        expect(() => registry.labelFor({ token: "nope" })).to.throw(UnknownCredentialError);
        expect(new CredentialRegistry({ tokens: [], keys: [{ email: "a@b.c", key: "k" }] }).labelFor()).to.equal("key#1");
    });

    it("ships fake default credentials", () => {
        expect(DEFAULT_CREDENTIALS).to.deep.equal({
            tokens: ["local-emulator-token"],
            keys: [{ email: "emulator@example.com", key: "local-emulator-key" }],
        });
    });
});
