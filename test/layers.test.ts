import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ESLint } from "eslint";
import { REPO } from "./support/config";

/** The messages the project's lint config gives for one import written in a file at `file`. */
async function lintImport(file: string, statement: string): Promise<string[]> {
    const eslint = new ESLint({ cwd: REPO });
    const [result] = await eslint.lintText(`${statement}\nexport const used = imported;\n`, { filePath: path.join(REPO, file) });
    return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

/**
 * The folders of a package's src and the folders each one imports (relative imports only). The
 * package's own index.ts, which re-exports its public API from every folder, is left out.
 */
function folderGraph(src: string): Map<string, Set<string>> {
    const root = path.join(REPO, src);
    const graph = new Map<string, Set<string>>();
    const folderOf = (file: string) => path.relative(root, file).split(path.sep)[0];
    const visit = (entry: string): void => {
        if (fs.statSync(entry).isDirectory()) return fs.readdirSync(entry).forEach((name) => visit(path.join(entry, name)));
        if (!entry.endsWith(".ts") || path.dirname(entry) === root) return;
        const from = folderOf(entry);
        for (const [, specifier] of fs.readFileSync(entry, "utf8").matchAll(/from "(\.[^"]*)"/g)) {
            const to = folderOf(path.resolve(path.dirname(entry), specifier));
            if (to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
        }
    };
    visit(root);
    return graph;
}

/** One cycle of the graph, as the path around it, or none. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
    const done = new Set<string>();
    const walk = (node: string, trail: string[]): string[] | undefined => {
        if (trail.includes(node)) return [...trail.slice(trail.indexOf(node)), node];
        if (done.has(node)) return undefined;
        for (const next of graph.get(node) ?? []) {
            const cycle = walk(next, [...trail, node]);
            if (cycle) return cycle;
        }
        done.add(node);
        return undefined;
    };
    for (const node of graph.keys()) {
        const cycle = walk(node, []);
        if (cycle) return cycle;
    }
    return undefined;
}

describe("folders within a package import one way", () => {
    for (const src of ["provider/core/src", "provider/component/src", "provider/cli/src", "policypack/src"]) {
        it(`${src} has no import cycle between its folders`, () => {
            assert.equal(findCycle(folderGraph(src))?.join(" -> "), undefined);
        });
    }

    it("the cycle finder finds a cycle", () => {
        const graph = new Map([
            ["plan", new Set(["rules"])],
            ["rules", new Set(["model", "plan"])],
        ]);
        assert.deepEqual(findCycle(graph), ["plan", "rules", "plan"]);
        assert.equal(findCycle(new Map([["plan", new Set(["rules"])]])), undefined);
    });

    it("the core's folders stand in layers: util, model, rules, then config, scenarios and plan", () => {
        const graph = folderGraph("provider/core/src");
        assert.deepEqual(Object.fromEntries([...graph].map(([folder, imports]) => [folder, [...imports].sort()]).sort()), {
            config: ["rules", "schemas", "util"],
            format: ["rules", "util"],
            model: ["util"],
            plan: ["config", "model", "rules", "scenarios", "util"],
            rules: ["model", "util"],
            scenarios: ["config", "rules"],
        });
    });
});

describe("layers, kept by the linter", function () {
    this.timeout(60_000);

    const cases: [string, string, string[]][] = [
        [
            "provider/core/src/rules/example.ts",
            'import { output as imported } from "@pulumi/pulumi";',
            [
                "@typescript-eslint/no-restricted-imports: '@pulumi/pulumi' import is restricted from being used by a pattern. sg-provisioner-core is pure and Pulumi-free: the component, the CLI and the policy pack stand on it, never the reverse",
            ],
        ],
        [
            "provider/core/src/plan/example.ts",
            'import { TieredSecurityGroups as imported } from "sg-provisioner";',
            [
                "@typescript-eslint/no-restricted-imports: 'sg-provisioner' import is restricted from being used by a pattern. sg-provisioner-core is pure and Pulumi-free: the component, the CLI and the policy pack stand on it, never the reverse",
            ],
        ],
        [
            "provider/core/src/plan/example.ts",
            'import { main as imported } from "../../../cli/src/cli/main";',
            [
                "@typescript-eslint/no-restricted-imports: '../../../cli/src/cli/main' import is restricted from being used by a pattern. sg-provisioner-core is pure and Pulumi-free: the component, the CLI and the policy pack stand on it, never the reverse",
            ],
        ],
        [
            "provider/component/src/component/example.ts",
            'import { main as imported } from "sg-provisioner-cli";',
            [
                "@typescript-eslint/no-restricted-imports: 'sg-provisioner-cli' import is restricted from being used by a pattern. the component stands on sg-provisioner-core, by name, and never on the CLI",
            ],
        ],
        [
            "policypack/src/policies/example.ts",
            'import { TieredSecurityGroups as imported } from "sg-provisioner";',
            ["@typescript-eslint/no-restricted-imports: 'sg-provisioner' import is restricted from being used by a pattern. the policy pack stands on sg-provisioner-core alone"],
        ],
        ["provider/cli/src/engine/example.ts", 'import { TieredSecurityGroups as imported } from "sg-provisioner";', []],
        [
            "provider/cli/src/cli/commands/validate.ts",
            'import { runOffline as imported } from "../../engine/offline";',
            [
                "@typescript-eslint/no-restricted-imports: '../../engine/offline' import is restricted from being used by a pattern. Pulumi is loaded only through engine/, with import() when a command needs it; validate-config and the reports never load it",
            ],
        ],
        [
            "provider/cli/src/report/example.ts",
            'import { output as imported } from "@pulumi/pulumi";',
            [
                "@typescript-eslint/no-restricted-imports: '@pulumi/pulumi' import is restricted from being used by a pattern. Pulumi is loaded only through engine/, with import() when a command needs it; validate-config and the reports never load it",
            ],
        ],
        ["policypack/src/policies/example.ts", 'import { checkRule as imported } from "sg-provisioner-core";', []],
        // A type import loads nothing, so a command may name the engine's types.
        ["provider/cli/src/cli/commands/example.ts", 'import type { LifecycleStack as imported } from "../../engine/automation";', []],
        [
            "provider/cli/src/cli/commands/example.ts",
            'import { LifecycleStack as imported } from "../../engine/automation";',
            [
                "@typescript-eslint/no-restricted-imports: '../../engine/automation' import is restricted from being used by a pattern. Pulumi is loaded only through engine/, with import() when a command needs it; validate-config and the reports never load it",
            ],
        ],
        [
            "provider/core/src/plan/example.ts",
            'import type { Output as imported } from "@pulumi/pulumi";',
            [
                "@typescript-eslint/no-restricted-imports: '@pulumi/pulumi' import is restricted from being used by a pattern. sg-provisioner-core is pure and Pulumi-free: the component, the CLI and the policy pack stand on it, never the reverse",
            ],
        ],
    ];

    for (const [file, statement, expected] of cases) {
        it(`${expected.length > 0 ? "refuses" : "allows"} ${statement} in ${file}`, async () => {
            assert.deepEqual(await lintImport(file, statement), expected);
        });
    }

    it("no source imports across a layer today", async () => {
        const eslint = new ESLint({ cwd: REPO });
        const results = await eslint.lintFiles(["provider/core/src", "provider/component/src", "provider/cli/src", "policypack/src"]);
        assert.deepEqual(
            results.flatMap((result) =>
                result.messages.filter((message) => message.ruleId === "@typescript-eslint/no-restricted-imports").map((message) => `${result.filePath}: ${message.message}`),
            ),
            [],
        );
    });
});
