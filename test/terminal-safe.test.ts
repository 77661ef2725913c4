import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../provider/cli/src/cli/main";
import { html } from "../provider/cli/src/report/html";
import { findingsToSarif } from "../provider/cli/src/format/sarif";
import { excerpt, quote, terminalSafe, terminalSafeJson, terminalSafeLines } from "../provider/core/src/util/text";
import { REPO, configYaml } from "./support/config";
import { capturedIo } from "./support/cli-io";
import { tempDir } from "./support/temp";

const ESC = "\u001b";
const RLO = "\u202e";
/** The tag key and value of the report: a colour change, and a window title change plus a screen clear. */
const BAD_KEY = `k${ESC}[31m`;
const BAD_VALUE = `v${ESC}]0;PWNED\u0007${ESC}[2J`;

/** Every raw character a terminal could act on, or that hides or reorders text. */
// eslint-disable-next-line no-control-regex
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/u;

async function run(cwd: string, args: string[]) {
    const captured = capturedIo(cwd);
    const code = await main([...args, "--reports-dir", "reports"], captured.io);
    return { code, out: captured.out.join("\n"), err: captured.err.join("\n") };
}

/** Asserts that nothing a terminal acts on reached standard output or standard error. */
function assertTerminalSafe(result: { out: string; err: string }): void {
    assert.doesNotMatch(result.out, RAW_UNSAFE, "stdout holds a raw control or format character");
    assert.doesNotMatch(result.err, RAW_UNSAFE, "stderr holds a raw control or format character");
}

/** A workspace with a config whose extra YAML is `extra` (JSON-quoted strings keep the raw characters exact). */
function workspace(extra: string): { cwd: string; file: string } {
    const cwd = tempDir("sgp-terminal-safe-");
    fs.writeFileSync(path.join(cwd, "config.yaml"), configYaml("two-tier-postgres", extra));
    return { cwd, file: "config.yaml" };
}

/** A scenarios directory with `evil`: two-tier-postgres with the given scenario and web tier descriptions. */
function scenariosDir(description: string, webDescription: string): string {
    const dir = tempDir("sgp-terminal-safe-scenarios-");
    const original = fs.readFileSync(path.join(REPO, "scenarios", "two-tier-postgres.yaml"), "utf8");
    const evil = original
        .replace(/^name: two-tier-postgres$/m, "name: evil")
        .replace(/^description: .*$/m, `description: ${JSON.stringify(description)}`)
        .replace(/^ {4}description: Public entry point.*$/m, `    description: ${JSON.stringify(webDescription)}`);
    assert.notEqual(evil, original);
    fs.writeFileSync(path.join(dir, "evil.yaml"), evil);
    return dir;
}

describe("terminal-safe output", function () {
    this.timeout(120_000);

    describe("terminalSafe", () => {
        it("shows the reported escape sequences, bidirectional controls and invisible characters escaped", () => {
            assert.equal(terminalSafe(BAD_KEY), "k\\x1b[31m");
            assert.equal(terminalSafe(BAD_VALUE), "v\\x1b]0;PWNED\\x07\\x1b[2J");
            assert.equal(terminalSafe(`invoice${RLO}fdp.exe`), "invoice\\u202efdp.exe");
            assert.equal(
                terminalSafe("a\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061cb"),
                "a\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061cb",
            );
            assert.equal(terminalSafe("zero\u200bwidth\ufeff\u00ad"), "zero\\u200bwidth\\ufeff\\xad");
            assert.equal(terminalSafe("line\u2028para\u2029"), "line\\u2028para\\u2029");
            assert.equal(terminalSafe("a\nb\rc\td\u0000\u007f\u0085\u009b"), "a\\nb\\rc\\td\\x00\\x7f\\x85\\x9b");
            assert.equal(terminalSafe("tag\u{e0041}"), "tag\\u{e0041}");
            assert.equal(terminalSafe("lone \ud800"), "lone \\ud800");
        });

        it("leaves every other character as it is, and escaped text as it is", () => {
            const ordinary = 'Équipe チーム données 42 _.:/=+-@ <b> "q" \\ C:\\dir émoji 🚀 no-break\u00a0space';
            assert.equal(terminalSafe(ordinary), ordinary);
            assert.equal(terminalSafe(terminalSafe(BAD_VALUE)), terminalSafe(BAD_VALUE));
        });

        it("keeps the caller's own newlines in terminalSafeLines", () => {
            assert.equal(terminalSafeLines(`first ${RLO}\nsecond\t${ESC}`), "first \\u202e\nsecond\\t\\x1b");
        });
    });

    describe("terminalSafeJson", () => {
        it("escapes what JSON.stringify leaves raw, as \\u escapes that decode to the same data", () => {
            const data = { key: BAD_KEY, value: `${BAD_VALUE}${RLO}\u200b\u0085\u007f\u2028 \u{e0041}`, list: ["plain"] };
            const json = terminalSafeJson(JSON.stringify(data, null, 2));
            assert.doesNotMatch(json.replace(/\n/g, ""), RAW_UNSAFE);
            assert.deepEqual(JSON.parse(json), data);
            assert.equal(
                json,
                '{\n  "key": "k\\u001b[31m",\n  "value": "v\\u001b]0;PWNED\\u0007\\u001b[2J\\u202e\\u200b\\u0085\\u007f\\u2028 \\udb40\\udc41",\n  "list": [\n    "plain"\n  ]\n}',
            );
        });
    });

    describe("excerpts of input in messages", () => {
        it("cuts at 60 characters, counting escapes as shown, with an ellipsis", () => {
            assert.equal(excerpt("a".repeat(60)), "a".repeat(60));
            assert.equal(excerpt("a".repeat(61)), `${"a".repeat(59)}…`);
            assert.equal(excerpt(`${"a".repeat(55)}${ESC}${ESC}`), `${"a".repeat(55)}\\x1b…`);
            assert.equal(quote(`say "hi" \\ ${RLO}`), '"say \\"hi\\" \\\\ \\u202e"');
            assert.equal(quote(8080), "8080");
            assert.equal(quote({ nested: "x".repeat(100) }), `{"nested":"${"x".repeat(48)}…`);
        });

        it("quotes no more of a file than an excerpt: a top-level value, a YAML parser's message, a schema value", async () => {
            const cwd = tempDir("sgp-terminal-safe-yaml-");
            fs.writeFileSync(path.join(cwd, "scalar.yaml"), `"${"A".repeat(5000)}${ESC}[2J"\n`);
            fs.writeFileSync(path.join(cwd, "alias.yaml"), `client: *${"y".repeat(5000)}\n`);
            fs.writeFileSync(path.join(cwd, "region.yaml"), configYaml().replace("region: eu-west-1", `region: "${"r".repeat(5000)}${RLO}"`));
            const result = await run(cwd, ["validate-config", "scalar.yaml", "alias.yaml", "region.yaml"]);
            assert.equal(result.code, 1);
            assertTerminalSafe(result);
            const messages = result.out.split("\n").filter((line) => line.startsWith("  ") && !line.startsWith("  fix:"));
            assert.deepEqual(messages, [
                `  the file must hold a mapping of keys to values, not the value "${"A".repeat(59)}…"`,
                `  invalid YAML: Unresolved alias (the anchor must be set before the alias): ${"y".repeat(59)}…`,
                `  region "${"r".repeat(59)}…" is not valid`,
            ]);
        });
    });

    describe("plan", () => {
        it("refuses the reported tag key and value, naming each refused character escaped with its code point; nothing raw reaches the terminal", async () => {
            const { cwd, file } = workspace(["tags:", `  ${JSON.stringify(BAD_KEY)}: ${JSON.stringify(BAD_VALUE)}`, `  ${JSON.stringify(`team${RLO}`)}: ok`].join("\n"));
            const result = await run(cwd, ["plan", file]);
            assert.equal(result.code, 1);
            assertTerminalSafe(result);
            const fix = "  fix: AWS allows letters, digits, spaces and _ . : / = + - @ in tag keys and values;";
            assert.deepEqual(result.out.split("\n"), [
                'config.yaml:9:3  error  SG015  tags["k\\u001b[31m"]',
                '  tag key "k\\x1b[31m" has characters AWS refuses: "\\x1b" (U+001B), "[" (U+005B)',
                `${fix} rename the key without the others`,
                "",
                'config.yaml:9:18  error  SG015  tags["k\\u001b[31m"]',
                '  tag value "v\\x1b]0;PWNED\\x07\\x1b[2J" has characters AWS refuses: "\\x1b" (U+001B), "]" (U+005D), ";" (U+003B), "\\x07" (U+0007), "[" (U+005B)',
                `${fix} rewrite the value without the others`,
                "",
                'config.yaml:10:3  error  SG015  tags["team\\u202e"]',
                '  tag key "team\\u202e" has characters AWS refuses: "\\u202e" (U+202E)',
                `${fix} rename the key without the others`,
                "",
                "config.yaml is not valid (3 errors, 0 warnings); nothing was planned",
            ]);
        });

        it("prints the same findings as JSON that decodes to the exact input, with no raw control or bidirectional character", async () => {
            const { cwd, file } = workspace(["tags:", `  ${JSON.stringify(BAD_KEY)}: ${JSON.stringify(`${BAD_VALUE}${RLO}`)}`].join("\n"));
            const result = await run(cwd, ["plan", file, "--json"]);
            assert.equal(result.code, 1);
            assertTerminalSafe({ out: result.out.replace(/\n/g, ""), err: result.err });
            assert.ok(result.out.includes('"value": "v\\u001b]0;PWNED\\u0007\\u001b[2J\\u202e"'), result.out);
            const plan = JSON.parse(result.out) as { findings: { path: string; value: string }[] };
            assert.deepEqual(
                plan.findings.map((finding) => [finding.path, finding.value]),
                [
                    [`tags[${JSON.stringify(BAD_KEY)}]`, BAD_KEY],
                    [`tags[${JSON.stringify(BAD_KEY)}]`, `${BAD_VALUE}${RLO}`],
                ],
            );
        });

        it("shows a right-to-left override in the set name's field escaped, in the finding and its excerpt", async () => {
            const cwd = tempDir("sgp-terminal-safe-rlo-");
            fs.writeFileSync(path.join(cwd, "config.yaml"), configYaml().replace("client: acme", `client: "acme${RLO}gnp"`));
            const result = await run(cwd, ["plan", "config.yaml"]);
            assert.equal(result.code, 1);
            assertTerminalSafe(result);
            assert.deepEqual(result.out.split("\n").slice(0, 2), ["config.yaml:1:9  error  SG015  client", '  client "acme\\u202egnp" is not valid']);
        });

        it("plans tags of letters of any script, digits, spaces and _ . : / = + - @", async () => {
            const { cwd, file } = workspace(["tags:", "  Équipe: données client", "  チーム: 開発", "  cost-center/id_1.2:x=y+z@a: ''"].join("\n"));
            const result = await run(cwd, ["plan", file]);
            assert.equal(result.code, 0, result.out);
            const tagsLine = result.out.split("\n").find((line) => line.startsWith("Tags on every resource: "));
            assert.ok(tagsLine?.endsWith(", Tier=<tier>, Équipe=données client, チーム=開発, cost-center/id_1.2:x=y+z@a="), tagsLine);
        });
    });

    describe("list-scenarios and describe-scenario", () => {
        const description = `Looks fine${ESC}[2J${ESC}]0;PWNED\u0007 ${RLO}gnp.exe`;
        const webDescription = `Public${RLO} entry\u200b point`;

        it("list-scenarios shows a custom scenario's description escaped", async () => {
            const dir = scenariosDir(description, webDescription);
            const result = await run(tempDir("sgp-terminal-safe-cwd-"), ["list-scenarios", "--scenarios-dir", dir]);
            assert.equal(result.code, 0, result.err);
            assertTerminalSafe(result);
            assert.deepEqual(result.out.split("\n"), [
                "evil",
                "  Looks fine\\x1b[2J\\x1b]0;PWNED\\x07 \\u202egnp.exe",
                "  tiers: web (443), db (5432)",
                "    internet --tcp 80,443--> web",
                "    web --tcp 5432--> db",
            ]);
        });

        it("describe-scenario shows the scenario's and a tier's descriptions escaped, as text and as JSON", async () => {
            const dir = scenariosDir(description, webDescription);
            const cwd = tempDir("sgp-terminal-safe-cwd-");
            const result = await run(cwd, ["describe-scenario", "evil", "--scenarios-dir", dir]);
            assert.equal(result.code, 0, result.err);
            assertTerminalSafe(result);
            assert.deepEqual(result.out.split("\n").slice(0, 5), [
                "evil",
                "Looks fine\\x1b[2J\\x1b]0;PWNED\\x07 \\u202egnp.exe",
                "",
                "web  service port 443",
                "  Public\\u202e entry\\u200b point",
            ]);
            const json = await run(cwd, ["describe-scenario", "evil", "--json", "--scenarios-dir", dir]);
            assertTerminalSafe({ out: json.out.replace(/\n/g, ""), err: json.err });
            const entry = JSON.parse(json.out) as { description: string; tiers: { description: string }[] };
            assert.equal(entry.description, description);
            assert.equal(entry.tiers[0].description, webDescription);
        });

        it("describe-scenario of a name with an escape says there is no such scenario, escaped", async () => {
            const result = await run(tempDir("sgp-terminal-safe-cwd-"), ["describe-scenario", `x${ESC}[2J`]);
            assert.equal(result.code, 1);
            assertTerminalSafe(result);
            assert.match(result.err, /x\\x1b\[2J/);
        });
    });

    describe("reports", () => {
        it("HTML shows a bidirectional override or an escape as its escape, after HTML escaping", () => {
            assert.equal(html`<p>${`<b>${RLO}${ESC}[31m</b>`}</p>`.value, "<p>&lt;b&gt;\\u202e\\x1b[31m&lt;/b&gt;</p>");
        });

        it("SARIF messages and field paths are terminal-safe", () => {
            const sarif = findingsToSarif(
                [{ code: "SG015", severity: "error", file: "c.yaml", path: `tags["${RLO}"]`, message: `tag key "${RLO}"`, fix: `fix ${ESC}` }],
                "1.0.0",
                process.cwd(),
            );
            const result = sarif.runs[0].results?.[0];
            assert.equal(result?.message.text, 'tag key "\\u202e"\nFix: fix \\x1b');
            assert.equal(result?.locations?.[0].logicalLocations?.[0].fullyQualifiedName, 'tags["\\u202e"]');
        });
    });
});
