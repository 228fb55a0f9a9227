/**
 * Issue 11, item 7: a proxy that strips the rate-limit headers after the first answer must not
 * leave the client probing one request at a time forever. Once the window the first answer
 * described has ended, reads go at full concurrency on the last advertised policy.
 */
import { expect } from "chai";

import { envelope, sampleResult, ScriptedServer } from "../../support/scripted-server";
import { hostileClient, hostname, settleWithin, ZONE } from "./support";

describe("hostile case 7: pacing behind a proxy that strips Ratelimit after the first answer", function () {
    this.timeout(30_000);
    let server: ScriptedServer;

    before(async () => {
        server = await ScriptedServer.start();
    });
    after(() => server.stop());

    it("reads 80 hostnames after the first window with 8 in flight, in less than the 4 s one at a time takes at the least", async () => {
        let answered = 0;
        server.reply(() =>
            answered++ === 0
                ? // The first answer: a 1 s window of 1200 (the policy's window, clamped to at least 1 s).
                  {
                      status: 200,
                      headers: { ratelimit: '"default";r=1199;t=1', "ratelimit-policy": '"burst";q=1200;w=1' },
                      body: envelope(sampleResult()),
                      delayMs: 50,
                  }
                : // Then no headers at all, as a proxy that strips them would pass the answers on.
                  { status: 200, body: envelope(sampleResult()), delayMs: 50 },
        );
        const client = hostileClient(server.baseUrl, { concurrency: 8 });
        await client.getHostnameStatus(ZONE, hostname(0));
        // Past the window the first answer described.
        await new Promise((resolve) => setTimeout(resolve, 1_300));
        server.reset();
        const reads = Array.from({ length: 80 }, (_, i) => client.getHostnameStatus(ZONE, hostname(i + 1)));
        const { outcomes, elapsedMs } = await settleWithin(reads, 20_000, "80 reads");
        expect(outcomes.every((o) => o.ok)).to.equal(true);
        expect(server.requests).to.have.length(80);
        expect(server.maxConcurrent, "requests the server answered at once").to.equal(8);
        // One probe and ten rounds of eight at 50 ms: about 0.55 s. One at a time it cannot take less
        // than 80 × 50 ms = 4 s, however idle the machine, so 3.5 s leaves a loaded one room.
        expect(elapsedMs).to.be.below(3_500);
    });
});
