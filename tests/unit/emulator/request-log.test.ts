import { expect } from "chai";
import { MemoryRequestLog, redactSecrets } from "../../../emulator/request-log";
import type { RequestLogEntry } from "../../../emulator/types";

function entry(seq: number): RequestLogEntry {
    return { seq, time: 0, method: "GET", path: "/", route: "unknown", auth: "none", status: 404 };
}

describe("request log", () => {
    it("returns entries in arrival order even when they were recorded out of order", () => {
        const log = new MemoryRequestLog();
        const first = log.nextSequence();
        const second = log.nextSequence();
        log.record(entry(second));
        log.record(entry(first));
        expect(log.entries().map((e) => e.seq)).to.deep.equal([1, 2]);
    });

    it("hands out copies, so callers cannot edit the log", () => {
        const log = new MemoryRequestLog();
        log.record(entry(log.nextSequence()));
        log.entries()[0].status = 999;
        expect(log.entries()[0].status).to.equal(404);
    });

    it("keeps only the newest entries beyond its bound", () => {
        const log = new MemoryRequestLog(100);
        for (let i = 0; i < 1_000; i += 1) log.record(entry(log.nextSequence()));
        const kept = log.entries();
        expect(kept.length).to.be.at.most(110);
        expect(kept[kept.length - 1].seq).to.equal(1_000);
    });

    it("restarts numbering on reset but not on clear", () => {
        const log = new MemoryRequestLog();
        log.nextSequence();
        log.clear();
        expect(log.nextSequence()).to.equal(2);
        log.reset();
        expect(log.nextSequence()).to.equal(1);
    });

    it("redacts configured secrets, raw or percent-encoded", () => {
        expect(redactSecrets("/x?t=s3cr/et&u=s3cr%2Fet", ["s3cr/et"])).to.equal("/x?t=[redacted]&u=[redacted]");
    });
});
