import { strict as assert } from "node:assert";
import { validateConfigData, validateConfigFile } from "../provider/core/src/plan/validate";
import { Finding } from "../provider/core/src/rules/finding";
import { baseConfig, configYaml, tempFile } from "./support/config";

/** Every independent mistake in one run: a schema error hides neither another one nor the semantic checks of the sound parts. */
const fields = (findings: readonly Finding[]) => findings.map(({ code, path, line, column, message }) => ({ code, path, line, column, message }));

describe("config errors in one run", () => {
    it("reports a misspelt required key once, as the unknown key that explains the missing one", () => {
        const validation = validateConfigFile(tempFile(configYaml("three-tier-postgres").replace("scenario:", "scenaro:")));
        assert.deepEqual(
            validation.findings.map(({ code, path, line, column, message, fix }) => ({ code, path, line, column, message, fix })),
            [
                {
                    code: "SG010",
                    path: "scenaro",
                    line: 7,
                    column: 1,
                    message: 'unknown key "scenaro", and the required key "scenario" is missing',
                    fix: "did you mean scenario? (keys allowed here: client, environment, deployment, workload, region, vpc, scenario, overrides, tags)",
                },
            ],
        );
        assert.equal(validation.set, undefined);
    });

    it("does the same at every level: a misspelt protocol in a rule is one finding", () => {
        const validation = validateConfigFile(
            tempFile(
                configYaml(
                    "three-tier-postgres",
                    "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocl: tcp\n          port: 9090\n          source_tier: web\n          description: Metrics\n",
                ),
            ),
        );
        assert.deepEqual(fields(validation.findings), [
            { code: "SG010", path: "overrides.tiers.app.ingress[0].protocl", line: 12, column: 11, message: 'unknown key "protocl", and the required key "protocol" is missing' },
        ]);
    });

    it("keeps the missing key when the unknown key means another one", () => {
        const validation = validateConfigData({ ...baseConfig(), scenario: undefined, region: undefined, regoin: "eu-west-1", tags: { team: "a" } });
        assert.deepEqual(
            validation.findings.map(({ code, path, message }) => ({ code, path, message })),
            [
                { code: "SG010", path: "regoin", message: 'unknown key "regoin", and the required key "region" is missing' },
                { code: "SG011", path: undefined, message: 'missing required key "scenario"' },
            ],
        );
    });

    it("reports five planted mistakes of different kinds in one run", () => {
        const extra = [
            "overrides:",
            "  tiers:",
            "    app:",
            "      ingress:",
            "        - protocol: tcp",
            '          port: "9090"',
            "          source_tier: web",
            "          description: Metrics",
            "        - protocol: tcp",
            "          port: 9100",
            "          source_tier: wbe",
            "          description: Node exporter",
            "    db:",
            "      ingress:",
            "        - protocol: tcp",
            "          port: 5432",
            "          source: 0.0.0.0/0",
            "          description: Reporting",
            "        - protocol: tcp",
            "          port: 5433",
            "          source: 10.0.0.300/24",
            "          description: Replica",
            "        - protocol: tcp",
            "          port: 5434",
            "          sourse: 10.0.0.0/24",
            "          description: Analytics",
            "",
        ].join("\n");
        const validation = validateConfigFile(tempFile(configYaml("three-tier-postgres", extra)));
        assert.deepEqual(fields(validation.findings), [
            { code: "SG012", path: "overrides.tiers.app.ingress[0].port", line: 13, column: 17, message: 'port must be a whole number, not the string "9090"' },
            { code: "SG021", path: "overrides.tiers.app.ingress[1].source_tier", line: 18, column: 24, message: 'tier "wbe" does not exist in this scenario' },
            {
                code: "SG100",
                path: "overrides.tiers.db.ingress[0].source",
                line: 24,
                column: 19,
                message: "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet",
            },
            { code: "SG031", path: "overrides.tiers.db.ingress[1].source", line: 28, column: 19, message: '"10.0.0.300/24" is not a valid CIDR block' },
            { code: "SG010", path: "overrides.tiers.db.ingress[2].sourse", line: 32, column: 11, message: 'unknown key "sourse"' },
        ]);
        assert.deepEqual([validation.set, validation.partialSet, validation.config], [undefined, undefined, undefined]);
    });

    it("checks the tags that fit the schema beside one that does not", () => {
        const validation = validateConfigFile(tempFile(configYaml("three-tier-postgres", 'tags:\n  team: 5\n  "aws:owner": x\n')));
        assert.deepEqual(fields(validation.findings), [
            { code: "SG012", path: "tags.team", line: 9, column: 9, message: "team must be a string, not the number 5" },
            { code: "SG035", path: 'tags["aws:owner"]', line: 10, column: 3, message: 'tag key "aws:owner" uses the aws: prefix, which AWS reserves' },
        ]);
    });

    it("checks past an unknown top-level key only when the config has its overrides (the key may be a misspelt overrides:)", () => {
        const rule =
            "overrides:\n  tiers:\n    db:\n      ingress:\n        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n          description: Reporting\n";
        assert.deepEqual(fields(validateConfigFile(tempFile(configYaml("three-tier-postgres", `tgas:\n  team: x\n${rule}`))).findings), [
            { code: "SG010", path: "tgas", line: 8, column: 1, message: 'unknown key "tgas"' },
            {
                code: "SG100",
                path: "overrides.tiers.db.ingress[0].source",
                line: 16,
                column: 19,
                message: "tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet",
            },
        ]);
        const misspelt = validateConfigData({ ...baseConfig(), overides: { ports: { db: 5433 } }, tags: { "aws:owner": "x" } });
        assert.deepEqual(
            misspelt.findings.map(({ code, path }) => ({ code, path })),
            [{ code: "SG010", path: "overides" }],
        );
    });

    it("runs no semantic check when the set's identity, its VPC, its scenario or a port override fails the schema", () => {
        const rule = { protocol: "tcp", port: 5432, source: "0.0.0.0/0", description: "Reporting" };
        const cases: [string, Record<string, unknown>, string][] = [
            ["region", { region: "EU" }, "SG015"],
            ["vpc", { vpc: { id: "vpc-1" } }, "SG015"],
            ["scenario", { scenario: 5 }, "SG012"],
            ["port override", { overrides: { ports: { db: "5433" }, tiers: { db: { ingress: [rule] } } } }, "SG012"],
        ];
        for (const [title, change, code] of cases) {
            const validation = validateConfigData({ ...baseConfig(), overrides: { tiers: { db: { ingress: [rule] } } }, ...change });
            assert.deepEqual(
                validation.findings.map((finding) => finding.code),
                [code],
                title,
            );
        }
    });

    it("runs no semantic check past a misspelt required key (vpcs:, scenaro:, regoin:), whose missing key it stands for", () => {
        const rule = { protocol: "tcp", port: 5432, source: "0.0.0.0/0", description: "Reporting" };
        for (const [key, typo] of [
            ["vpc", "vpcs"],
            ["scenario", "scenaro"],
            ["region", "regoin"],
        ]) {
            const config: Record<string, unknown> = { ...baseConfig(), overrides: { tiers: { db: { ingress: [rule] } } } };
            config[typo] = config[key];
            delete config[key];
            const validation = validateConfigData(config);
            assert.equal(validation.set, undefined, typo);
            assert.deepEqual(
                validation.findings.map(({ code, path }) => ({ code, path })),
                [{ code: "SG010", path: typo }],
                typo,
            );
        }
    });

    it("keeps the field paths of the rules after a refused one, and checks a tier whose list is refused no further", () => {
        const good = { protocol: "tcp", port: 5432, source: "0.0.0.0/0", description: "Reporting" };
        const validation = validateConfigData({
            ...baseConfig(),
            overrides: {
                tiers: { db: { ingress: [{ protocol: "tcp", port: 0, source: "0.0.0.0/0", description: "Bad" }, good] }, web: { egress: "all" }, cache: { ingress: [good] } },
            },
        });
        assert.deepEqual(
            validation.findings.map(({ code, path }) => ({ code, path })),
            [
                { code: "SG012", path: "overrides.tiers.web.egress" },
                { code: "SG014", path: "overrides.tiers.db.ingress[0].port" },
                { code: "SG023", path: "overrides.tiers.cache" },
                { code: "SG100", path: "overrides.tiers.db.ingress[1].source" },
            ],
        );
    });
});
