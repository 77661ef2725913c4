import { strict as assert } from "node:assert";
import * as path from "node:path";
import { ESLint } from "eslint";
import { REPO } from "./support/config";

/** The messages the project's lint config gives for one import written in a file at `file`. */
async function lintImport(file: string, statement: string): Promise<string[]> {
    const eslint = new ESLint({ cwd: REPO });
    const [result] = await eslint.lintText(`${statement}\nexport const used = imported;\n`, { filePath: path.join(REPO, file) });
    return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe("layers, kept by the linter", function () {
    this.timeout(60_000);

    const cases: [string, string, string[]][] = [
        [
            "provider/core/src/rules/example.ts",
            'import { output as imported } from "@pulumi/pulumi";',
            [
                "no-restricted-imports: '@pulumi/pulumi' import is restricted from being used by a pattern. sg-provisioner-core is pure and Pulumi-free: the component, the CLI and the policy pack stand on it, never the reverse",
            ],
        ],
        [
            "provider/core/src/plan/example.ts",
            'import { TieredSecurityGroups as imported } from "sg-provisioner";',
            [
                "no-restricted-imports: 'sg-provisioner' import is restricted from being used by a pattern. sg-provisioner-core is pure and Pulumi-free: the component, the CLI and the policy pack stand on it, never the reverse",
            ],
        ],
        [
            "provider/core/src/plan/example.ts",
            'import { main as imported } from "../../../cli/src/cli/main";',
            [
                "no-restricted-imports: '../../../cli/src/cli/main' import is restricted from being used by a pattern. sg-provisioner-core is pure and Pulumi-free: the component, the CLI and the policy pack stand on it, never the reverse",
            ],
        ],
        [
            "provider/component/src/component/example.ts",
            'import { main as imported } from "sg-provisioner-cli";',
            [
                "no-restricted-imports: 'sg-provisioner-cli' import is restricted from being used by a pattern. the component stands on sg-provisioner-core, by name, and never on the CLI",
            ],
        ],
        [
            "policypack/src/policies/example.ts",
            'import { TieredSecurityGroups as imported } from "sg-provisioner";',
            ["no-restricted-imports: 'sg-provisioner' import is restricted from being used by a pattern. the policy pack stands on sg-provisioner-core alone"],
        ],
        ["provider/cli/src/engine/example.ts", 'import { TieredSecurityGroups as imported } from "sg-provisioner";', []],
        [
            "provider/cli/src/cli/commands/validate.ts",
            'import { runOffline as imported } from "../../engine/offline";',
            [
                "no-restricted-imports: '../../engine/offline' import is restricted from being used by a pattern. only the plan command and the offline engine load Pulumi; validate-config and the reports never do",
            ],
        ],
        [
            "provider/cli/src/report/example.ts",
            'import { output as imported } from "@pulumi/pulumi";',
            [
                "no-restricted-imports: '@pulumi/pulumi' import is restricted from being used by a pattern. only the plan command and the offline engine load Pulumi; validate-config and the reports never do",
            ],
        ],
        ["policypack/src/policies/example.ts", 'import { checkRule as imported } from "sg-provisioner-core";', []],
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
            results.flatMap((result) => result.messages.filter((message) => message.ruleId === "no-restricted-imports").map((message) => `${result.filePath}: ${message.message}`)),
            [],
        );
    });
});
