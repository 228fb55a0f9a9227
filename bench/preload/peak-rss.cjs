// Preloaded (node --require) into the aop-status CLI by the benchmark: at exit, writes the
// process's peak resident set size (getrusage ru_maxrss, KiB) to $BENCH_PEAK_RSS_FILE. Polling
// /proc would miss the end of the run, where the JSON report is built.
"use strict";
const fs = require("node:fs");
const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
    process.on("exit", () => {
        fs.writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
    });
}
