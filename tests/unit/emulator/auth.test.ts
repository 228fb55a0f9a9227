import { expect } from "chai";
import {
    clientAddressOf,
    CredentialDirectory,
    DEFAULT_CREDENTIALS,
    DEFAULT_USERS,
    mayAccessZone,
    reportedStatus,
    tokenCondition,
    usersFromCredentials,
    type Identification,
    type KnownToken,
    type Principal,
} from "../../../emulator/auth";
import { UnknownCredentialError } from "../../../emulator/errors";
import type { UserSeed } from "../../../emulator/types";

const ZONE_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const ZONE_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const ACCOUNT = "acc0acc0acc0acc0acc0acc0acc0acc0";
const NOW = Date.parse("2030-06-01T00:00:00Z");

const USERS: UserSeed[] = [
    {
        id: "11111111111111111111111111111111",
        email: "Ops@Example.com",
        key: "key-one",
        tokens: [
            { id: "10000000000000000000000000000001", value: "token-one" },
            { id: "10000000000000000000000000000002", value: "token-two", zones: [ZONE_A], permission: "read" },
        ],
    },
    {
        id: "22222222222222222222222222222222",
        tokens: [
            { id: "20000000000000000000000000000001", value: "disabled-token", status: "disabled" },
            { id: "20000000000000000000000000000002", value: "expiring-token", expires_on: "2030-05-31T23:59:59Z" },
            { id: "20000000000000000000000000000003", value: "future-token", not_before: "2030-07-01T00:00:00Z" },
            { id: "20000000000000000000000000000004", value: "office-token", condition: { request_ip: { in: ["192.0.2.0/24"] } } },
            { id: "20000000000000000000000000000005", value: "not-here-token", condition: { request_ip: { not_in: ["127.0.0.0/8"] } } },
            { id: "20000000000000000000000000000006", value: "account-token", account: ACCOUNT },
            { id: "20000000000000000000000000000007", value: "dns-only-token", permission: "none" },
        ],
    },
];

const directory = new CredentialDirectory(USERS);

function refused(identification: Identification): { status: number; codes: number[] } {
    if (identification.ok) expect.fail(`expected a refusal, got ${identification.principal.label}`);
    const [error] = identification.failure.errors;
    return { status: identification.failure.status, codes: [error.code, ...(error.error_chain ?? []).map((c) => c.code)] };
}

function principal(identification: Identification): Principal {
    if (!identification.ok) expect.fail(`expected a principal, got ${JSON.stringify(identification.failure)}`);
    return identification.principal;
}

function token(value: string): KnownToken {
    const found = principal(directory.identify({ authorization: `Bearer ${value}` }));
    if (found.kind !== "token") expect.fail("not a token");
    return found.token;
}

describe("credential recognition", () => {
    it("recognises a configured bearer token and labels it in configuration order", () => {
        expect(principal(directory.identify({ authorization: "Bearer token-two" }))).to.include({ kind: "token", label: "token#2" });
        expect(principal(directory.identify({ authorization: "bearer   office-token " }))).to.include({ label: "token#6" });
    });

    it("recognises a configured email and key, matching the email case-insensitively", () => {
        expect(principal(directory.identify({ "x-auth-email": "ops@example.com", "x-auth-key": "key-one" }))).to.include({
            kind: "key",
            label: "key#1",
        });
    });

    it("answers 400 / 9106 when no credential is presented, and counts a blank Authorization as none", () => {
        expect(refused(directory.identify({}))).to.deep.equal({ status: 400, codes: [9106] });
        expect(refused(directory.identify({ authorization: "  " }))).to.deep.equal({ status: 400, codes: [9106] });
        const failure = (directory.identify({}) as Extract<Identification, { ok: false }>).failure;
        expect(failure.errors[0].message).to.equal("Missing X-Auth-Key, X-Auth-Email or Authorization headers");
    });

    it("answers 403 / 9109 'Invalid access token' for an unknown token of a token's shape", () => {
        const identification = directory.identify({ authorization: "Bearer nope_not-A-token" });
        expect(refused(identification)).to.deep.equal({ status: 403, codes: [9109] });
        expect(identification).to.deep.include({ kind: "token", label: "unrecognised" });
    });

    const malformedAuthorization: Array<[string, string]> = [
        ["a scheme other than Bearer", "Basic dXNlcjpwYXNz"],
        ["a bare value", "token-one"],
        ["Bearer without a value", "Bearer"],
        ["two values", "Bearer token-one token-two"],
        ["a legacy Global API Key (37 lowercase hex)", `Bearer ${"0123456789abcdef".repeat(2)}01234`],
        ["a scannable Global API Key", `Bearer cfk_${"A".repeat(40)}0badc0de`],
        ["a configured API key", "Bearer key-one"],
        ["characters no token has", "Bearer abc.def=="],
    ];
    for (const [what, header] of malformedAuthorization) {
        it(`answers 400 / 6003 chaining 6111 for ${what}`, () => {
            expect(refused(directory.identify({ authorization: header }))).to.deep.equal({ status: 400, codes: [6003, 6111] });
        });
    }

    it("answers 400 / 6003 chaining the missing header's 6102 or 6103 when only one key header is present", () => {
        expect(refused(directory.identify({ "x-auth-key": "key-one" }))).to.deep.equal({ status: 400, codes: [6003, 6102] });
        expect(refused(directory.identify({ "x-auth-email": "ops@example.com" }))).to.deep.equal({ status: 400, codes: [6003, 6103] });
    });

    it("chains both 6102 and 6103, e-mail first, when both key headers are malformed", () => {
        expect(refused(directory.identify({ "x-auth-email": "0123abcd", "x-auth-key": "asdf" }))).to.deep.equal({
            status: 400,
            codes: [6003, 6102, 6103],
        });
    });

    it("answers 6103 for an unknown key that is not a Global API Key's shape, or a token sent as a key", () => {
        for (const key of ["asdf", `${"a".repeat(38)}`, "token-one", `cfut_${"A".repeat(40)}0badc0de`]) {
            expect(refused(directory.identify({ "x-auth-email": "ops@example.com", "x-auth-key": key })), key).to.deep.equal({
                status: 400,
                codes: [6003, 6103],
            });
        }
    });

    it("answers 403 / 9103 for a well-formed e-mail and key that are not a configured pair", () => {
        const legacyShape = "0123456789abcdef0123456789abcdef01234";
        expect(refused(directory.identify({ "x-auth-email": "ops@example.com", "x-auth-key": legacyShape }))).to.deep.equal({
            status: 403,
            codes: [9103],
        });
        expect(refused(directory.identify({ "x-auth-email": "someone@example.org", "x-auth-key": "key-one" }))).to.deep.equal({
            status: 403,
            codes: [9103],
        });
    });

    it("judges a request with both a token and key headers on the token alone", () => {
        const identification = directory.identify({
            authorization: "Bearer nope",
            "x-auth-email": "ops@example.com",
            "x-auth-key": "key-one",
        });
        expect(identification).to.deep.include({ ok: false, kind: "token" });
    });
});

describe("token conditions", () => {
    it("lets an active token without restrictions be used", () => {
        expect(tokenCondition(token("token-one"), NOW, "127.0.0.1")).to.equal("usable");
    });

    it("refuses a disabled token, an expired one and one not valid yet", () => {
        expect(tokenCondition(token("disabled-token"), NOW, "127.0.0.1")).to.equal("disabled");
        expect(tokenCondition(token("expiring-token"), NOW, "127.0.0.1")).to.equal("expired");
        expect(tokenCondition(token("expiring-token"), Date.parse("2030-05-31T23:59:58Z"), "127.0.0.1")).to.equal("usable");
        expect(tokenCondition(token("future-token"), NOW, "127.0.0.1")).to.equal("not-yet-valid");
    });

    it("reports an active token past its expires_on as expired, as the verify endpoints do", () => {
        expect(reportedStatus(token("expiring-token"), NOW)).to.equal("expired");
        expect(reportedStatus(token("disabled-token"), NOW)).to.equal("disabled");
        expect(reportedStatus(token("future-token"), NOW)).to.equal("active");
    });

    it("refuses an IP-restricted token from an address its condition does not allow, IPv4-mapped addresses included", () => {
        expect(tokenCondition(token("office-token"), NOW, "127.0.0.1")).to.equal("wrong-location");
        expect(tokenCondition(token("office-token"), NOW, "192.0.2.77")).to.equal("usable");
        expect(tokenCondition(token("not-here-token"), NOW, "127.0.0.1")).to.equal("wrong-location");
        expect(tokenCondition(token("not-here-token"), NOW, "198.51.100.1")).to.equal("usable");
        expect(tokenCondition(token("office-token"), NOW, clientAddressOf("::ffff:192.0.2.5"))).to.equal("usable");
        expect(clientAddressOf("::ffff:127.0.0.1")).to.equal("127.0.0.1");
    });
});

describe("zone access", () => {
    const key = principal(directory.identify({ "x-auth-email": "ops@example.com", "x-auth-key": "key-one" }));
    const all = principal(directory.identify({ authorization: "Bearer token-one" }));
    const scoped = principal(directory.identify({ authorization: "Bearer token-two" }));
    const noPermission = principal(directory.identify({ authorization: "Bearer dns-only-token" }));

    it("lets a key and an all-zones token read and edit any zone", () => {
        for (const who of [key, all]) {
            expect(mayAccessZone(who, ZONE_B, "read")).to.equal(true);
            expect(mayAccessZone(who, ZONE_B, "edit")).to.equal(true);
        }
    });

    it("limits a scoped read token to reading its zones", () => {
        expect(mayAccessZone(scoped, ZONE_A, "read")).to.equal(true);
        expect(mayAccessZone(scoped, ZONE_A, "edit")).to.equal(false);
        expect(mayAccessZone(scoped, ZONE_B, "read")).to.equal(false);
    });

    it("refuses a token without the permission on every zone", () => {
        expect(mayAccessZone(noPermission, ZONE_A, "read")).to.equal(false);
    });
});

describe("rate-limit budgets", () => {
    it("charges a user's key and user tokens to one budget", () => {
        const budgets = [
            principal(directory.identify({ "x-auth-email": "ops@example.com", "x-auth-key": "key-one" })).budget,
            principal(directory.identify({ authorization: "Bearer token-one" })).budget,
            principal(directory.identify({ authorization: "Bearer token-two" })).budget,
        ];
        expect(new Set(budgets)).to.deep.equal(new Set(["user 11111111111111111111111111111111"]));
    });

    it("gives an account-owned token a budget of its own", () => {
        expect(principal(directory.identify({ authorization: "Bearer account-token" })).budget).to.equal(
            "account token 20000000000000000000000000000006",
        );
    });

    it("makes each bare credential a user of its own, with ids that do not depend on the secret", () => {
        const users = usersFromCredentials({ tokens: ["a-token", "b-token"], keys: [{ email: "k@example.com", key: "k" }] });
        expect(users).to.have.length(3);
        expect(new Set(users.map((u) => u.id)).size).to.equal(3);
        const again = usersFromCredentials({ tokens: ["other", "values"], keys: [{ email: "k@example.com", key: "z" }] });
        expect(again.map((u) => u.id)).to.deep.equal(users.map((u) => u.id));
        const bare = new CredentialDirectory(users);
        expect(bare.principalFor({ token: "a-token" }).budget).to.not.equal(bare.principalFor({ token: "b-token" }).budget);
    });
});

describe("credential references", () => {
    it("resolves secrets, labels and users to principals, and refuses unknown ones", () => {
        expect(directory.principalFor()).to.include({ label: "token#1" });
        expect(directory.principalFor({ email: "OPS@example.com", key: "key-one" })).to.include({ label: "key#1" });
        expect(directory.principalFor("token#4")).to.include({ label: "token#4" });
        expect(directory.principalFor({ user: "22222222222222222222222222222222" }).budget).to.equal(
            "user 22222222222222222222222222222222",
        );
        expect(directory.principalFor({ user: "user#1" })).to.include({ label: "key#1" });
        expect(() => directory.principalFor({ token: "nope" })).to.throw(UnknownCredentialError);
        expect(() => directory.principalFor("token#99")).to.throw(UnknownCredentialError);
        expect(() => new CredentialDirectory([]).principalFor()).to.throw(UnknownCredentialError);
    });

    it("lists every secret for redaction", () => {
        expect(directory.secrets()).to.include.members(["token-one", "key-one", "account-token"]);
    });

    it("ships fake default credentials that belong to one user", () => {
        expect(DEFAULT_CREDENTIALS).to.deep.equal({
            tokens: ["local-emulator-token"],
            keys: [{ email: "emulator@example.com", key: "local-emulator-key" }],
        });
        expect(DEFAULT_USERS).to.have.length(1);
        expect(DEFAULT_USERS[0]).to.include({ email: "emulator@example.com", key: "local-emulator-key" });
        expect(DEFAULT_USERS[0].tokens?.map((t) => t.value)).to.deep.equal(["local-emulator-token"]);
    });
});
