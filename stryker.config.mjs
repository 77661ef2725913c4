// Mutation testing of the rules engine, the rule model and config validation: `npm run mutation`
// (see docs/mutation-testing.md). The tests import the core's TypeScript sources (ts-node,
// transpile-only), so the mutated sources are what runs; the sources' runtime requires of
// provider/core/dist (the bundled yaml, the standalone schema validators) are met by the sandbox's
// copy of dist, so build first (`npm run build`).
import * as os from "node:os";
import * as path from "node:path";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
    packageManager: "npm",
    testRunner: "mocha",
    mochaOptions: {
        // No .mocharc: only the spec files that exercise the mutated modules, not the whole suite.
        "no-config": true,
        spec: [
            "test/rules.test.ts",
            "test/rules-edges.test.ts",
            "test/model.test.ts",
            "test/codes.test.ts",
            "test/config-dangerous.test.ts",
            "test/config-errors.test.ts",
            "test/validate-edges.test.ts",
            "test/findings-cap.test.ts",
        ],
        require: ["ts-node/register/transpile-only"],
    },
    mutate: ["provider/core/src/rules/**/*.ts", "provider/core/src/model/**/*.ts", "provider/core/src/plan/validate.ts"],
    coverageAnalysis: "perTest",
    concurrency: 2,
    timeoutMS: 20000,
    // Copies of the tree live outside the repository, one directory per run, removed afterwards
    // whether the run succeeded or not.
    tempDirName: path.join(os.tmpdir(), `sg-provisioner-stryker-${process.pid}`),
    cleanTempDir: "always",
    ignorePatterns: ["docs", "bench", "test-output", "reports", "templates", "*.png"],
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: "reports/mutation/mutation.html" },
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    thresholds: { high: 90, low: 85, break: 85 },
};
