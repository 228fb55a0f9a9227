import { expect } from "chai";

import { ConfigurationError } from "../../provider/errors";
import { DEFAULT_TUNING, resolveTuning, TUNING_KEYS } from "../../provider/settings";

const config = (values: Record<string, string>) => ({ get: (key: string): string | undefined => values[key] });

describe("the longest single wait for budget (maxQueueWaitSeconds)", () => {
    it("defaults to 330 s: one Cloudflare window of 300 s and a margin", () => {
        expect(DEFAULT_TUNING.maxQueueWaitMs).to.equal(330_000);
    });

    it("is read from aopStatus:maxQueueWaitSeconds, then AOP_STATUS_MAX_QUEUE_WAIT_SECONDS", () => {
        expect(
            resolveTuning(config({ "aopStatus:maxQueueWaitSeconds": "60" }), { AOP_STATUS_MAX_QUEUE_WAIT_SECONDS: "90" }).maxQueueWaitMs,
        ).to.equal(60_000);
        expect(resolveTuning(undefined, { AOP_STATUS_MAX_QUEUE_WAIT_SECONDS: "90" }).maxQueueWaitMs).to.equal(90_000);
        expect(TUNING_KEYS).to.deep.include({ config: "aopStatus:maxQueueWaitSeconds", env: "AOP_STATUS_MAX_QUEUE_WAIT_SECONDS" });
    });

    it("refuses a value outside 0 to 3600 s, naming where it came from", () => {
        expect(() => resolveTuning(undefined, { AOP_STATUS_MAX_QUEUE_WAIT_SECONDS: "1e308" })).to.throw(
            ConfigurationError,
            /AOP_STATUS_MAX_QUEUE_WAIT_SECONDS must be a number from 0 to 3600/,
        );
        expect(() => resolveTuning(config({ "aopStatus:maxQueueWaitSeconds": "-1" }), {})).to.throw(
            ConfigurationError,
            /aopStatus:maxQueueWaitSeconds/,
        );
    });
});
