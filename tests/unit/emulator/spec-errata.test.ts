import { expect } from "chai";
import fc from "fast-check";
import { loadSpec, OpenApiResponseValidator, validatorWithErrata } from "../../fixtures/emulator/openapi-validator";
import { applyErrata, resolvePointer, SPEC_ERRATA, StaleErratumError, type JsonValue } from "../../fixtures/emulator/spec-errata";

const HOSTNAME_GET = "/zones/023e105f4ecef8ad9ca31a8372d0c353/origin_tls_client_auth/hostnames/app.example.com";
const HOSTNAMES_PUT = "/zones/023e105f4ecef8ad9ca31a8372d0c353/origin_tls_client_auth/hostnames";

function concretePath(template: string): string {
    return template
        .replace("{zone_id}", "023e105f4ecef8ad9ca31a8372d0c353")
        .replace("{hostname}", "app.example.com")
        .replace("{certificate_id}", "2458ce5a0c354c7f82c78e9487d3ff60");
}

describe("spec errata", () => {
    const patched = new OpenApiResponseValidator();
    const unpatched = validatorWithErrata([]);

    for (const erratum of SPEC_ERRATA) {
        describe(erratum.id, () => {
            const { evidence } = erratum;
            const status = evidence.httpStatus;

            it("names at least one JSON pointer and a reason", () => {
                expect(erratum.pointers).to.not.have.lengthOf(0);
                expect(erratum.reason.length).to.be.greaterThan(40);
                for (const pointer of erratum.pointers) expect(pointer).to.match(/^\//);
            });

            it("points at parts of the document that exist before patching", () => {
                const spec = loadSpec();
                for (const pointer of erratum.pointers) expect(resolvePointer(spec, pointer), pointer).to.not.equal(undefined);
            });

            it(`is needed: the unpatched spec rejects ${evidence.description}`, () => {
                const result = unpatched.validate(evidence.method, concretePath(evidence.path), status, evidence.body);
                expect(result.valid).to.equal(false);
            });

            it("is needed even with every other erratum applied", () => {
                const others = validatorWithErrata(SPEC_ERRATA.filter((e) => e !== erratum));
                expect(others.validate(evidence.method, concretePath(evidence.path), status, evidence.body).valid).to.equal(false);
            });

            it("makes the patched spec accept that response", () => {
                const result = patched.validate(evidence.method, concretePath(evidence.path), status, evidence.body);
                expect(result.errors).to.deep.equal([]);
            });

            it("refuses to apply to a document that no longer has the contradiction", () => {
                const fixed = applyErrata(loadSpec(), [erratum]);
                expect(() => erratum.apply(fixed)).to.throw(StaleErratumError);
            });
        });
    }

    describe("the unpatched 4XX schemas", () => {
        it("accept no envelope at all for a single-result operation (they are unsatisfiable)", () => {
            const message = fc.record({ code: fc.integer({ min: 1000, max: 20000 }), message: fc.string() });
            const envelope = fc.record({
                success: fc.boolean(),
                errors: fc.array(message, { maxLength: 2 }),
                messages: fc.array(message, { maxLength: 2 }),
                result: fc.oneof(fc.constant(null), fc.constant({}), fc.string(), fc.constant({ hostname: "app.example.com" })),
            });
            fc.assert(
                fc.property(envelope, (body) => !unpatched.validate("GET", HOSTNAME_GET, 404, body as unknown as JsonValue).valid),
                { numRuns: 300 },
            );
        });

        it("reject the failure envelope of a collection operation because success must be both true and false", () => {
            const body = {
                success: false,
                errors: [{ code: 1415, message: "Invalid certificate identifier" }],
                messages: [],
                result: null,
            };
            expect(unpatched.validate("PUT", HOSTNAMES_PUT, 400, body).valid).to.equal(false);
            expect(patched.validate("PUT", HOSTNAMES_PUT, 400, body).valid).to.equal(true);
        });
    });

    describe("the patched spec stays strict", () => {
        const failure = { success: false, errors: [{ code: 7003, message: "No route for the URI" }], messages: [], result: null };

        it("still rejects a failure that claims success", () => {
            expect(patched.validate("GET", HOSTNAME_GET, 404, { ...failure, success: true }).valid).to.equal(false);
        });

        it("still rejects a failure with a non-null result", () => {
            expect(patched.validate("GET", HOSTNAME_GET, 404, { ...failure, result: {} }).valid).to.equal(false);
        });

        it("still requires integer error codes with a message", () => {
            expect(patched.validate("GET", HOSTNAME_GET, 404, { ...failure, errors: [{ code: "7003", message: "x" }] }).valid).to.equal(
                false,
            );
            expect(patched.validate("GET", HOSTNAME_GET, 404, { ...failure, errors: [{ code: 971.5, message: "x" }] }).valid).to.equal(
                false,
            );
            expect(patched.validate("GET", HOSTNAME_GET, 404, { ...failure, errors: [{ code: 7003 }] }).valid).to.equal(false);
        });

        it("still rejects a success envelope with an unknown status value", () => {
            const body = { success: true, errors: [], messages: [], result: { hostname: "app.example.com", status: "paused" } };
            expect(patched.validate("GET", HOSTNAME_GET, 200, body).valid).to.equal(false);
        });

        it("still rejects a success envelope whose enabled is a string", () => {
            const body = { success: true, errors: [], messages: [], result: { hostname: "app.example.com", enabled: "true" } };
            expect(patched.validate("GET", HOSTNAME_GET, 200, body).valid).to.equal(false);
        });

        it("leaves every 200 schema exactly as published", () => {
            const original = loadSpec();
            const fixed = applyErrata(original);
            const paths = original.paths as Record<string, Record<string, { responses: Record<string, JsonValue> }>>;
            const fixedPaths = fixed.paths as Record<string, Record<string, { responses: Record<string, JsonValue> }>>;
            for (const [path, operations] of Object.entries(paths)) {
                for (const [method, operation] of Object.entries(operations)) {
                    expect(fixedPaths[path][method].responses["200"], `${method} ${path}`).to.deep.equal(operation.responses["200"]);
                }
            }
        });
    });
});
