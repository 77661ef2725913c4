import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { POLICIES } from "../policypack/src/policies";
import { CODES, CODE_REGISTRY } from "../provider/core/src/rules/codes";
import { REPO } from "./support/config";

const ENTRIES = Object.entries(CODE_REGISTRY);

/** Every `SGnnn` the "What is checked" table of docs/checks.md documents, with its severity (ranges like SG001-SG006 expanded). */
function documentedCodes(): Map<string, string> {
    const doc = fs.readFileSync(path.join(REPO, "docs", "checks.md"), "utf8");
    const table = doc.slice(doc.indexOf("# What is checked\n"), doc.indexOf('**What "the internet" means.**'));
    assert.ok(table.length > 0, 'docs/checks.md has "# What is checked" before "What the internet means"');
    const documented = new Map<string, string>();
    for (const [, cell, severity] of table.matchAll(/^\| (SG[0-9][^|]*) \| (error|warning) \|/gm)) {
        for (const part of cell.split(",").map((text) => text.trim())) {
            const [from, to = from] = part.split("-").map((code) => Number(code.slice(2)));
            for (let number = from; number <= to; number++) documented.set(`SG${String(number).padStart(3, "0")}`, severity);
        }
    }
    return documented;
}

/** TypeScript sources of the packages and the pack, outside the registry. */
function sources(): string[] {
    const roots = ["provider/core/src", "provider/component/src", "provider/cli/src", "policypack/src", "policypack/index.ts"].map((root) => path.join(REPO, root));
    const files = (entry: string): string[] =>
        fs.statSync(entry).isDirectory() ? fs.readdirSync(entry).flatMap((name) => files(path.join(entry, name))) : entry.endsWith(".ts") ? [entry] : [];
    return roots.flatMap(files).filter((file) => file !== path.join(REPO, "provider/core/src/rules/codes.ts"));
}

describe("the registry of finding codes", () => {
    it("gives each code once, in the SGnnn form, under one name", () => {
        const codes = ENTRIES.map(([, info]) => info.code);
        assert.equal(new Set(codes).size, codes.length, "no code twice");
        for (const code of codes) assert.match(code, /^SG\d{3}$/);
        assert.deepEqual(
            ENTRIES.map(([name, info]) => [name, info.code]),
            Object.entries(CODES),
        );
    });

    it("is the only place a code is written: no source spells one out", () => {
        const spelled = sources().flatMap((file) => [...fs.readFileSync(file, "utf8").matchAll(/"SG\d{3}"/g)].map((match) => `${path.relative(REPO, file)}: ${match[0]}`));
        assert.deepEqual(spelled, []);
    });

    it("matches the table of docs/checks.md code for code, severity for severity, and links it", () => {
        assert.deepEqual([...documentedCodes()].sort(), ENTRIES.map(([, info]) => [info.code, info.severity]).sort());
        for (const [, info] of ENTRIES) assert.equal(info.docs, "docs/checks.md#what-is-checked");
    });

    it("says for every code which policies report it on a stack, or why none does", () => {
        const policies = new Set(POLICIES.map((policy) => policy.name));
        for (const [name, info] of ENTRIES) {
            if ("policies" in info.reporter) {
                assert.ok(info.reporter.policies.length > 0, `${name} names a policy`);
                for (const policy of info.reporter.policies) assert.ok(policies.has(policy), `${info.code} names ${policy}, a policy of the pack`);
            } else {
                assert.ok(info.reporter.noPolicy.length > 20, `${info.code} says why no policy reports it`);
            }
        }
        assert.deepEqual(
            ENTRIES.filter(([, info]) => "noPolicy" in info.reporter && info.code >= "SG100").map(([, info]) => info.code),
            ["SG111", "SG112"],
        );
    });
});
