import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../provider/cli/src/cli/main";
import { CODES } from "../provider/core/src/rules/codes";
import { Finding, MAX_FINDINGS_IN_TOTAL, MAX_FINDINGS_PER_FILE, capFindings, countFindings } from "../provider/core/src/rules/finding";
import { summarize } from "../provider/core/src/format/findings";
import { allFindings, validateConfigFile } from "../provider/core/src/plan/validate";
import { configYaml } from "./support/config";
import { capturedIo } from "./support/cli-io";
import { tempDir } from "./support/temp";

/** 40 KB of closing brackets: invalid YAML that gives one finding per character, 40,000 in all. */
const NESTED_BRACKETS = "]}".repeat(20_000);
const LOG = "nested-validate-config-20261130_120000_000.log";

async function run(cwd: string, args: string[]) {
    const captured = capturedIo(cwd);
    const code = await main([...args, "--reports-dir", "reports"], captured.io);
    return { code, out: captured.out.join("\n"), err: captured.err.join("\n") };
}

function workspace(files: Record<string, string>): string {
    const cwd = tempDir("sgp-cap-");
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(cwd, name), text);
    return cwd;
}

const finding = (severity: Finding["severity"], line: number): Finding => ({ code: CODES.syntax, severity, file: "a.yaml", line, message: `problem ${line}`, fix: "fix it" });

describe("findings past the cap", function () {
    this.timeout(120_000);

    it("are capped at 100 a file and 1000 a run", () => {
        assert.deepEqual([MAX_FINDINGS_PER_FILE, MAX_FINDINGS_IN_TOTAL], [100, 1000]);
    });

    it("are counted by severity in one last finding as severe as the worst of them; cutting again folds its counts in", () => {
        const list = [finding("error", 1), finding("error", 2), finding("warning", 3), finding("warning", 4), finding("warning", 5)];
        assert.equal(capFindings(list, 5), list);
        const cut = capFindings(list, 2);
        assert.deepEqual(cut.slice(0, 2), list.slice(0, 2));
        assert.deepEqual(cut[2], {
            code: "SG007",
            severity: "warning",
            file: "a.yaml",
            message: "and 3 more findings (3 warnings) not shown",
            fix: "fix the ones above and run again",
            omitted: { error: 0, warning: 3 },
        });
        const again = capFindings(cut, 1, "b.yaml");
        assert.deepEqual(
            again.map((each) => [each.severity, each.file, each.message]),
            [
                ["error", "a.yaml", "problem 1"],
                ["error", "b.yaml", "and 4 more findings (1 error, 3 warnings) not shown"],
            ],
        );
        assert.deepEqual([countFindings(list), countFindings(cut), countFindings(again)], Array(3).fill({ error: 2, warning: 3 }));
        assert.equal(summarize(again), "2 errors, 3 warnings");
    });

    it("still make a config invalid when every error is left out", () => {
        const file = path.join(workspace({ "open.yaml": configYaml("three-tier-postgres", "tags: {owner: 42}\n") }), "open.yaml");
        const validation = validateConfigFile(file, { maxFindings: 0 });
        assert.equal(validation.set, undefined);
        assert.deepEqual(
            validation.findings.map((each) => [each.code, each.severity, each.file, each.message]),
            [["SG007", "error", file, "and 1 more finding (1 error) not shown"]],
        );
    });

    it("are kept, uncut, beside the capped list, for what marks rules rather than lists findings", () => {
        const file = path.join(workspace({ "open.yaml": configYaml("three-tier-postgres", "tags: {owner: 42}\n") }), "open.yaml");
        const cut = validateConfigFile(file, { maxFindings: 0 });
        assert.deepEqual(
            allFindings(cut).map((each) => [each.code, each.path]),
            [["SG012", "tags.owner"]],
        );
        assert.deepEqual(
            cut.uncapped?.map((each) => [each.code, each.path]),
            [["SG012", "tags.owner"]],
        );
        const whole = validateConfigFile(file);
        assert.equal(whole.uncapped, undefined, "nothing cut, nothing kept twice");
        assert.equal(allFindings(whole), whole.findings);
        assert.deepEqual(allFindings(whole), allFindings(cut));
    });

    it("of a 40 KB file of nested brackets: 100 printed, then one line that counts the other 39900, a small log, exit 1", async () => {
        const cwd = workspace({ "nested.yaml": NESTED_BRACKETS });
        const result = await run(cwd, ["validate-config", "nested.yaml"]);
        assert.equal(result.code, 1);
        assert.equal(result.err, "");
        assert.equal([...result.out.matchAll(/^nested\.yaml:1:\d+ {2}error {2}SG002$/gm)].length, 100);
        assert.ok(
            result.out.endsWith(
                [
                    "nested.yaml  error  SG007",
                    "  and 39900 more findings (39900 errors) not shown",
                    "  fix: fix the ones above and run again",
                    "",
                    "nested.yaml is not valid (40000 errors, 0 warnings)",
                ].join("\n"),
            ),
            result.out.slice(-400),
        );
        assert.ok(result.out.length < 32 * 1024, `${result.out.length} characters printed`);
        const log = fs.readFileSync(path.join(cwd, "reports", LOG), "utf8");
        assert.ok(log.length < 16 * 1024, `a log of ${log.length} characters`);
        const lines = log.split("\n");
        assert.equal(lines[3], "DECIDED not valid: 40000 errors, 0 warnings");
        assert.equal(lines.filter((line) => line.startsWith("DECIDED error SG002 ")).length, 100);
        assert.deepEqual(lines.slice(-3), ["DECIDED error SG007  and 39900 more findings (39900 errors) not shown", "exit 1", ""]);
    });

    it("of the same file with --json and as SARIF: the same 101 findings, each output under 64 KB", async () => {
        const cwd = workspace({ "nested.yaml": NESTED_BRACKETS });
        const json = await run(cwd, ["validate-config", "nested.yaml", "--json"]);
        assert.equal(json.code, 1);
        assert.ok(json.out.length < 64 * 1024, `${json.out.length} characters of JSON`);
        const findings = JSON.parse(json.out).findings as Finding[];
        assert.equal(findings.length, 101);
        assert.deepEqual(findings[100], {
            code: "SG007",
            severity: "error",
            file: "nested.yaml",
            message: "and 39900 more findings (39900 errors) not shown",
            fix: "fix the ones above and run again",
            omitted: { error: 39900, warning: 0 },
        });
        const sarif = await run(cwd, ["validate-config", "nested.yaml", "--format", "sarif"]);
        assert.equal(sarif.code, 1);
        assert.ok(sarif.out.length < 96 * 1024, `${sarif.out.length} characters of SARIF`);
        const results = JSON.parse(sarif.out).runs[0].results as { ruleId: string; level: string; message: { text: string } }[];
        assert.equal(results.length, 101);
        assert.deepEqual(results[100].message.text, "and 39900 more findings (39900 errors) not shown\nFix: fix the ones above and run again");
        assert.deepEqual([results[100].ruleId, results[100].level], ["SG007", "error"]);
    });

    it("over many configs: 1000 shown in all, later configs only counted, the summary counting every one, exit 1", async () => {
        // Twelve files of 150 findings each: ten fill the run's 1000, the last two show none.
        const names = Array.from({ length: 12 }, (_, index) => `c${String(index + 1).padStart(2, "0")}.yaml`);
        const cwd = workspace(Object.fromEntries(names.map((name) => [name, "]".repeat(150)])));
        const result = await run(cwd, ["validate-config", ...names]);
        assert.equal(result.code, 1);
        assert.equal([...result.out.matchAll(/^c\d\d\.yaml:1:\d+ {2}error {2}SG002$/gm)].length, 1000);
        assert.deepEqual(
            [...result.out.matchAll(/^(c\d\d\.yaml) {2}error {2}SG007\n {2}(.*)$/gm)].map((match) => `${match[1]}: ${match[2]}`),
            names.map((name, index) => `${name}: and ${index < 10 ? 50 : 150} more findings (${index < 10 ? 50 : 150} errors) not shown`),
        );
        assert.equal(result.out.split("\n").pop(), "validated 12 configs: 0 valid, 12 not valid (1800 errors, 0 warnings)");
        const json = await run(cwd, ["validate-config", "--json", ...names]);
        assert.equal(json.code, 1);
        const entries = JSON.parse(json.out) as { file: string; valid: boolean; findings: Finding[] }[];
        assert.deepEqual(
            entries.map((entry) => [entry.file, entry.valid, entry.findings.length]),
            names.map((name, index) => [name, false, index < 10 ? 101 : 1]),
        );
        // The last configs' logs hold only the count.
        const log = fs.readFileSync(path.join(cwd, "reports", "c12-validate-config-20261130_120000_000.log"), "utf8");
        assert.deepEqual(log.split("\n").slice(3), [
            "DECIDED not valid: 150 errors, 0 warnings",
            "DECIDED error SG007  and 150 more findings (150 errors) not shown",
            "exit 1",
            "",
        ]);
    });
});
