import { expect } from "chai";

import { readOnlyViolations } from "../support/read-only-guarantee";

describe("the suite-wide read-only check", () => {
    it("flags any method but GET sent by our package", () => {
        expect(
            readOnlyViolations([
                { client: "pulumi-cloudflare-aop-status", method: "GET", count: 10 },
                { client: "pulumi-cloudflare-aop-status", method: "PUT", count: 1 },
                { client: "other", method: "PUT", count: 4 },
            ]),
        ).to.deep.equal([{ client: "pulumi-cloudflare-aop-status", method: "PUT", count: 1 }]);
    });

    it("lets other clients, such as tests driving the emulator, write", () => {
        expect(readOnlyViolations([{ client: "other", method: "PUT", count: 3 }])).to.deep.equal([]);
    });
});
