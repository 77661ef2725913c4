"use strict";
// Preloaded (`node -r`) into every process the benchmark launches: at exit, writes the process's
// own CPU time and peak RSS to the file BENCH_USAGE_FILE names. The reference and the subject both
// carry it, so its small cost cancels out of their ratio.
const fs = require("node:fs");
const file = process.env.BENCH_USAGE_FILE;
if (file) {
    process.on("exit", () => {
        const usage = process.resourceUsage();
        fs.writeFileSync(file, JSON.stringify({ cpuMicros: usage.userCPUTime + usage.systemCPUTime, maxRssKiB: usage.maxRSS }));
    });
}
