import { expect } from "chai";
import { FaultSpecError } from "../../../emulator/errors";
import { FaultQueue, parseFaultSpec } from "../../../emulator/faults";
import type { FaultSpec } from "../../../emulator/types";

describe("fault queue", () => {
    it("applies a fault to one request by default and then forgets it", () => {
        const queue = new FaultQueue();
        queue.add({ kind: "drop" });
        expect(queue.take({})?.kind).to.equal("drop");
        expect(queue.take({})).to.equal(undefined);
    });

    it("applies a fault to the next `count` matching requests", () => {
        const queue = new FaultQueue();
        queue.add({ kind: "status", status: 503, count: 2 });
        expect(queue.take({})?.kind).to.equal("status");
        expect(queue.pending()).to.deep.equal([{ spec: { kind: "status", status: 503, count: 2 }, remaining: 1 }]);
        expect(queue.take({})?.kind).to.equal("status");
        expect(queue.take({})).to.equal(undefined);
    });

    it("hands out faults in the order they were injected", () => {
        const queue = new FaultQueue();
        queue.add({ kind: "html" });
        queue.add({ kind: "hang" });
        expect([queue.take({})?.kind, queue.take({})?.kind]).to.deep.equal(["html", "hang"]);
    });

    it("keeps an `always` or Infinity fault until cleared", () => {
        for (const count of ["always", Infinity] as const) {
            const queue = new FaultQueue();
            queue.add({ kind: "result-null", count });
            for (let i = 0; i < 50; i += 1) expect(queue.take({})?.kind).to.equal("result-null");
            expect(queue.pending()[0].remaining).to.equal("always");
            queue.clear();
            expect(queue.take({})).to.equal(undefined);
        }
    });

    it("skips a fault whose match does not fit and lets a later one apply", () => {
        const queue = new FaultQueue();
        queue.add({ kind: "hang", match: { hostname: "a.example.com" } });
        queue.add({ kind: "drop", match: { zoneId: "z1" } });
        expect(queue.take({ zoneId: "z2", hostname: "b.example.com" })).to.equal(undefined);
        expect(queue.take({ zoneId: "z1", hostname: "b.example.com" })?.kind).to.equal("drop");
        expect(queue.take({ zoneId: "z1", hostname: "a.example.com" })?.kind).to.equal("hang");
    });

    it("does not match a hostname fault on requests without a hostname", () => {
        const queue = new FaultQueue();
        queue.add({ kind: "hang", match: { hostname: "a.example.com" } });
        expect(queue.take({ zoneId: "z" })).to.equal(undefined);
    });

    it("keeps its own copy of the spec", () => {
        const queue = new FaultQueue();
        const spec: FaultSpec = { kind: "mutate", result: { status: "weird" } };
        queue.add(spec);
        spec.result.status = "changed";
        const taken = queue.take({});
        expect(taken?.kind === "mutate" && taken.result.status).to.equal("weird");
    });
});

describe("time-out faults", () => {
    it("are used up only by a PUT, so reads in between leave them queued", () => {
        const queue = new FaultQueue();
        queue.add({ kind: "time-out" });
        expect(queue.take({ route: "hostname-status", zoneId: "z", hostname: "a" })).to.equal(undefined);
        expect(queue.take({ route: "hostnames-put", zoneId: "z" })?.kind).to.equal("time-out");
        expect(queue.pending()).to.deep.equal([]);
    });
});

describe("fault spec validation", () => {
    const invalid: Array<[string, unknown, RegExp]> = [
        ["a non-object", "drop", /must be an object/],
        ["an unknown kind", { kind: "explode" }, /kind must be one of/],
        ["a zero count", { kind: "drop", count: 0 }, /count must be/],
        ["a fractional count", { kind: "drop", count: 1.5 }, /count must be/],
        ["a status fault without status", { kind: "status" }, /needs `status`/],
        ["a status outside 100..599", { kind: "status", status: 700 }, /status must be an integer from 100 to 599/],
        ["a latency fault without ms", { kind: "latency" }, /needs `ms`/],
        ["a negative latency", { kind: "latency", ms: -1 }, /ms must be/],
        ["a mutate fault without a result object", { kind: "mutate", result: [1] }, /needs `result`/],
        ["an unsupported match field", { kind: "drop", match: { method: "GET" } }, /match\.method is not supported/],
        ["a non-string message", { kind: "success-false", message: 5 }, /message must be a string/],
        ["an omit naming another key", { kind: "bare-errors", omit: ["errors"] }, /omit must be a non-empty array/],
        ["an empty omit", { kind: "status", status: 403, omit: [] }, /omit must be a non-empty array/],
        [
            "a time-out fault matching a hostname",
            { kind: "time-out", match: { hostname: "a.example.com" } },
            /PUT requests, which name no hostname/,
        ],
    ];
    for (const [what, spec, message] of invalid) {
        it(`rejects ${what}`, () => {
            expect(() => parseFaultSpec(spec)).to.throw(FaultSpecError, message);
        });
    }

    it("accepts every documented kind", () => {
        const specs: FaultSpec[] = [
            { kind: "status", status: 503, errorCode: 10000, message: "x", retryAfterSeconds: 3 },
            { kind: "html", status: 504 },
            { kind: "invalid-json" },
            { kind: "success-false" },
            { kind: "result-null" },
            { kind: "drop" },
            { kind: "hang" },
            { kind: "latency", ms: 10 },
            { kind: "mutate", result: {} },
            { kind: "status", status: 403, errorCode: 10000, omit: ["messages", "result"] },
            { kind: "bare-errors" },
            { kind: "bare-errors", omit: ["result"] },
            { kind: "time-out", match: { zoneId: "023e105f4ecef8ad9ca31a8372d0c353" } },
        ];
        for (const spec of specs) expect(parseFaultSpec(spec)).to.deep.equal(spec);
    });
});
