import { expect } from "chai";
import { loadSpec, OpenApiResponseValidator } from "../../fixtures/emulator/openapi-validator";
import { applyErrata } from "../../fixtures/emulator/spec-errata";
import { applySupplements, SPEC_SUPPLEMENTS, StaleSupplementError } from "../../fixtures/emulator/spec-supplements";

describe("spec supplements (schemas the contract lacks)", () => {
    const validator = new OpenApiResponseValidator();
    const ok = (result: unknown, messages: unknown[] = []): unknown => ({ success: true, errors: [], messages, result });

    it("each covers a path the contract does not describe, and names its source", () => {
        const paths = Object.keys(loadSpec().paths as object);
        for (const supplement of SPEC_SUPPLEMENTS) {
            expect(paths, supplement.path).to.not.include(supplement.path);
            expect(supplement.source).to.match(/cloudflare/);
        }
    });

    it("refuses to apply once the contract describes the path itself", () => {
        const spec = applyErrata(loadSpec());
        (spec.paths as Record<string, unknown>)["/user"] = { get: {} };
        expect(() => applySupplements(spec)).to.throw(StaleSupplementError, /\/user/);
    });

    it("leaves the contract's own operations alone", () => {
        const spec = applyErrata(loadSpec());
        const supplemented = applySupplements(spec);
        for (const [path, operations] of Object.entries(spec.paths as object)) {
            expect((supplemented.paths as Record<string, unknown>)[path], path).to.deep.equal(operations);
        }
    });

    it("accepts Cloudflare's recorded verify answer and rejects a status outside active, disabled, expired", () => {
        const recorded = ok({ id: "6247ac8d9c10ba11154a2b82d35953b7", status: "active" }, [
            { code: 10000, message: "This API Token is valid and active", type: null },
        ]);
        expect(validator.validate("GET", "/user/tokens/verify", 200, recorded).errors).to.deep.equal([]);
        expect(validator.validate("GET", "/user/tokens/verify", 200, ok({ id: "x", status: "revoked" })).valid).to.equal(false);
        expect(validator.validate("GET", "/accounts/0123/tokens/verify", 200, ok({ status: "active" })).valid).to.equal(false);
    });

    it("requires GET /user to carry the user's id and email", () => {
        expect(
            validator.validate("GET", "/user", 200, ok({ id: "0123456789abcdef0123456789abcdef", email: "a@example.com" })).valid,
        ).to.equal(true);
        expect(validator.validate("GET", "/user", 200, ok({ id: "0123456789abcdef0123456789abcdef" })).valid).to.equal(false);
    });

    it("judges their failures by the contract's common failure envelope", () => {
        const failure = { success: false, errors: [{ code: 1000, message: "Invalid API Token" }], messages: [], result: null };
        expect(validator.validate("GET", "/user/tokens/verify", 401, failure).errors).to.deep.equal([]);
        expect(validator.validate("GET", "/user/tokens/verify", 401, { success: false, errors: [] }).valid).to.equal(false);
    });
});
