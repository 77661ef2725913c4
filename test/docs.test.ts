import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { codeHelpUri, findingsToSarif } from "../provider/cli/src/format/sarif";
import { CODE_REGISTRY } from "../provider/core/src/rules/codes";
import { REPO } from "./support/config";
import { tempDir } from "./support/temp";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
const README = path.join(REPO, "README.md");
const MAX_README_LINES = 150;

/** A fenced block of a markdown file: its info string (language) and its text. */
interface Fence {
    readonly lang: string;
    readonly text: string;
}

/** The fenced code blocks of a markdown text, in order. */
function fences(markdown: string): Fence[] {
    return [...markdown.matchAll(/^```([^\n`]*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1].trim(), text: match[2] }));
}

/** The text outside fenced code blocks, line for line (a fenced line becomes empty). */
function prose(markdown: string): string[] {
    let fenced = false;
    return markdown.split("\n").map((line) => {
        if (line.startsWith("```")) {
            fenced = !fenced;
            return "";
        }
        return fenced ? "" : line;
    });
}

/** GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
    const text = heading
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/[`*]/g, "")
        .trim()
        .toLowerCase();
    return text.replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/ /g, "-");
}

/** Every anchor a markdown file offers: one per heading, repeats numbered as GitHub numbers them. */
function anchors(file: string): Set<string> {
    const seen = new Map<string, number>();
    const result = new Set<string>();
    for (const line of prose(fs.readFileSync(file, "utf8"))) {
        const heading = /^#{1,6} (.+)$/.exec(line)?.[1];
        if (heading === undefined) continue;
        const base = slug(heading);
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        result.add(count === 0 ? base : `${base}-${count}`);
    }
    return result;
}

/** The relative link targets of a markdown file (links and images, outside code), with their line. */
function relativeLinks(file: string): { line: number; target: string }[] {
    return prose(fs.readFileSync(file, "utf8")).flatMap((text, index) =>
        [...text.replace(/`[^`]*`/g, "``").matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)]
            .map((match) => ({ line: index + 1, target: match[1] }))
            .filter(({ target }) => !/^[a-z][a-z0-9+.-]*:/i.test(target)),
    );
}

/** Why a link target does not resolve from `file`, or undefined when it does. */
function brokenLink(file: string, target: string): string | undefined {
    const [pathPart, anchor] = target.split("#", 2);
    const resolved = pathPart === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(pathPart));
    if (!resolved.startsWith(REPO + path.sep)) return `${target} leaves the repository`;
    if (!fs.existsSync(resolved)) return `${target}: no such file or folder`;
    if (anchor === undefined) return undefined;
    if (!resolved.endsWith(".md")) return `${target}: an anchor into a file that is not markdown`;
    return anchors(resolved).has(anchor) ? undefined : `${target}: ${path.relative(REPO, resolved)} has no heading #${anchor}`;
}

/** The markdown files whose links must resolve: the README, every page of docs/, the CI example's. */
function documents(): string[] {
    const docs = fs
        .readdirSync(path.join(REPO, "docs"))
        .filter((name) => name.endsWith(".md"))
        .sort()
        .map((name) => path.join(REPO, "docs", name));
    return [README, ...docs, path.join(REPO, "examples", "ci", "README.md")];
}

describe("the docs", () => {
    describe("the README", () => {
        const readme = fs.readFileSync(README, "utf8");
        const [setup, tests] = fences(readme);

        it("starts with the two commands a newcomer runs: set up and plan the example offline, then the whole test suite", () => {
            assert.deepEqual(setup, { lang: "sh", text: "npm ci && npx sg-provisioner plan examples/configs/globalbank-prod-c001-us-west-2-sg.yaml\n" });
            assert.deepEqual(tests, { lang: "sh", text: "npm test\n" });
            // What the test command needs is said next to it.
            const between = readme.slice(readme.indexOf(setup.text) + setup.text.length, readme.indexOf("```sh\nnpm test\n"));
            assert.match(between, /Chromium, `apt-get install -y chromium` or\n`CHROMIUM_PATH`; without it that test is skipped with a message, except under CI, where it fails/);
        });

        it("gives CI the same commands: .ci/run installs with npm ci and runs npm test", () => {
            const run = fs
                .readFileSync(path.join(REPO, ".ci", "run"), "utf8")
                .split("\n")
                .filter((line) => !line.trimStart().startsWith("#"));
            assert.ok(
                run.some((line) => /^npm ci\b/.test(line)),
                ".ci/run runs npm ci",
            );
            assert.ok(
                run.some((line) => /^npm test\b/.test(line)),
                ".ci/run runs npm test",
            );
        });

        it("plans the example with its first command, as the tour shows it", () => {
            const [install, plan] = setup.text.trim().split(" && ");
            assert.equal(install, "npm ci");
            const [npx, command, ...args] = plan.split(" ");
            assert.deepEqual([npx, command], ["npx", "sg-provisioner"]);
            const cwd = tempDir("sgp-docs-plan-");
            for (const arg of args.filter((arg) => arg.endsWith(".yaml"))) {
                fs.mkdirSync(path.join(cwd, path.dirname(arg)), { recursive: true });
                fs.copyFileSync(path.join(REPO, arg), path.join(cwd, arg));
            }
            const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
            assert.equal(result.status, 0, result.stderr);
            // Every line of the tour's plan excerpt is a line of the real output.
            const excerpt = fences(readme).find((fence) => fence.lang === "text" && fence.text.includes("resources to create"));
            assert.ok(excerpt, "the tour shows the plan's output");
            const lines = excerpt.text.split("\n").filter((line) => line !== "" && line !== "...");
            assert.equal(lines.length, 5);
            const output = result.stdout.split("\n");
            for (const line of lines) assert.ok(output.includes(line), `plan prints: ${line}`);
        });

        it("shows validate-config's finding for a database open to the internet as it prints it", () => {
            const cwd = tempDir("sgp-docs-validate-");
            const bad = [
                "client: globalbank",
                "environment: prod",
                "deployment: c001",
                "region: us-west-2",
                "vpc:",
                "  id: vpc-0123456789abcdef0",
                "scenario: three-tier-postgres",
                "overrides:",
                "  tiers:",
                "    db:",
                "      ingress:",
                "        - protocol: tcp",
                "          port: 5432",
                "          source: 0.0.0.0/0",
                "          description: Direct access for the reporting tool",
                "",
            ];
            fs.writeFileSync(path.join(cwd, "bad.yaml"), bad.join("\n"));
            const result = spawnSync(process.execPath, [CLI, "validate-config", "bad.yaml"], { cwd, encoding: "utf8" });
            assert.equal(result.status, 1, result.stderr);
            const excerpt = fences(readme).find((fence) => fence.lang === "text" && fence.text.startsWith("bad.yaml:"));
            assert.ok(excerpt, "the tour shows a finding");
            assert.ok(result.stdout.startsWith(excerpt.text), result.stdout);
        });

        it(`stays short: at most ${MAX_README_LINES} lines, the guide is in docs/`, () => {
            const lines = readme.split("\n").length;
            assert.ok(lines <= MAX_README_LINES, `README.md has ${lines} lines`);
        });

        it("shows the review report's screenshot, and links every page of docs/", () => {
            assert.ok(readme.includes("](docs/review-report.png)"));
            const linked = new Set(relativeLinks(README).map(({ target }) => target.split("#")[0]));
            const pages = fs.readdirSync(path.join(REPO, "docs")).filter((name) => name.endsWith(".md"));
            assert.deepEqual(
                pages.filter((name) => !linked.has(`docs/${name}`)),
                [],
            );
        });
    });

    it("every relative link and #anchor in the README, docs/*.md and examples/ci resolves", () => {
        const broken = documents().flatMap((file) =>
            relativeLinks(file).flatMap(({ line, target }) => {
                const why = brokenLink(file, target);
                return why === undefined ? [] : [`${path.relative(REPO, file)}:${line}: ${why}`];
            }),
        );
        assert.deepEqual(broken, []);
        assert.ok(documents().reduce((count, file) => count + relativeLinks(file).length, 0) > 80, "the links are found");
    });

    it("reads headings and links as GitHub does", () => {
        assert.equal(slug("The IAM policy: `create-policy`"), "the-iam-policy-create-policy");
        assert.equal(slug("A set's whole life from one command"), "a-sets-whole-life-from-one-command");
        assert.equal(slug('Where the policy says `"Resource": "*"`'), "where-the-policy-says-resource-");
        assert.equal(slug("A 5-minute tour"), "a-5-minute-tour");
        assert.equal(brokenLink(README, "docs/checks.md#what-is-checked"), undefined);
        assert.equal(brokenLink(README, "docs/checks.md#what-is-not-checked"), "docs/checks.md#what-is-not-checked: docs/checks.md has no heading #what-is-not-checked");
        assert.equal(brokenLink(README, "docs/nothing.md"), "docs/nothing.md: no such file or folder");
        assert.equal(brokenLink(README, "#a-5-minute-tour"), undefined);
    });

    it("links each finding code, in the registry and in SARIF, to the table of docs/checks.md", () => {
        for (const info of Object.values(CODE_REGISTRY)) {
            assert.equal(info.docs, "docs/checks.md#what-is-checked", info.code);
            assert.equal(brokenLink(README, info.docs), undefined, info.code);
            assert.equal(codeHelpUri(info.code), "https://github.com/sg-provisioner/sg-provisioner/blob/main/docs/checks.md#what-is-checked");
        }
        // What code scanning shows: the SARIF log's tool and each of its rules link the table.
        const log = findingsToSarif([{ code: "SG100", severity: "error", message: "m", fix: "f" }], "0.0.0", REPO);
        const driver = log.runs[0].tool.driver;
        assert.deepEqual(
            [driver.informationUri, driver.rules?.map((rule) => [rule.id, rule.helpUri])],
            [
                "https://github.com/sg-provisioner/sg-provisioner/blob/main/docs/checks.md#what-is-checked",
                [["SG100", "https://github.com/sg-provisioner/sg-provisioner/blob/main/docs/checks.md#what-is-checked"]],
            ],
        );
        // A code the registry does not know still links the table of every code.
        assert.equal(codeHelpUri("SG999"), "https://github.com/sg-provisioner/sg-provisioner/blob/main/docs/checks.md#what-is-checked");
    });

    it("names, in the contributor guide, only files and folders that exist", () => {
        const guide = fs.readFileSync(path.join(REPO, "docs", "contributing.md"), "utf8");
        const named = [...new Set([...guide.matchAll(/`((?:provider|policypack|test|scenarios|examples|docs|bench|program|\.ci)\/[^`\s]*)`/g)].map((match) => match[1]))];
        // A placeholder ({name}, <file>, *) stands for files to write: the folder it goes in must exist.
        const missing = named.filter((name) => {
            const parts = name.split("#")[0].split("/");
            const fixed = parts.findIndex((part) => /[{<*]/.test(part));
            return !fs.existsSync(path.join(REPO, ...(fixed === -1 ? parts : parts.slice(0, fixed))));
        });
        assert.deepEqual(missing, []);
        assert.ok(named.length >= 40, `the guide names ${named.length} paths`);
        for (const placeholder of ["scenarios/{name}.yaml", "policypack/src/policies/{name}.ts", "provider/cli/src/cli/commands/{name}.ts"]) {
            assert.ok(named.includes(placeholder), placeholder);
        }
    });
});
