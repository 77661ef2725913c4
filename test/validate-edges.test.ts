import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigSource } from "../provider/core/src/config/source";
import { validateConfigData, validateConfigFile, validateConfigSource } from "../provider/core/src/plan/validate";
import { REPO, baseConfig, configYaml, tempFile } from "./support/config";
import { tempDir } from "./support/temp";

// Edge cases of plan/validate.ts that mutation testing showed no other test pinned down: where a
// finding in a scenario file is placed, what an unknown scenario points at, stack-config keys and
// the isolation suffix (npm run mutation, docs/mutation-testing.md).

const placed = (findings: readonly { code: string; file?: string; path?: string; line?: number; column?: number }[]) =>
    findings.map(({ code, file, path: at, line, column }) => ({ code, file, at, line, column }));

describe("validation edges: findings placed in the file that holds them", () => {
    it("places a scenario's own finding at its line and column in the scenario file, and keeps the config's set back", () => {
        const dir = tempDir("sgp-validate-edges-");
        const text = fs.readFileSync(path.join(REPO, "scenarios", "two-tier-postgres.yaml"), "utf8").replace("source_tier: web", "source: 0.0.0.0/0");
        const scenarioFile = path.join(dir, "two-tier-postgres.yaml");
        fs.writeFileSync(scenarioFile, text);
        const config = tempFile(configYaml("two-tier-postgres"));
        const validation = validateConfigFile(config, { scenariosDir: dir });
        assert.deepEqual(placed(validation.findings), [{ code: "SG100", file: scenarioFile, at: "tiers.db.ingress[0].source", line: 36, column: 17 }]);
        assert.equal(validation.set, undefined);
        assert.ok(validation.partialSet, "the set is still understood, for reports");
        assert.equal(validation.config?.scenario, "two-tier-postgres");
    });

    it("an unknown scenario points at the config's scenario value", () => {
        const config = tempFile(configYaml("three-tier-nosuch"));
        const validation = validateConfigFile(config);
        assert.deepEqual(placed(validation.findings), [{ code: "SG020", file: config, at: "scenario", line: 7, column: 11 }]);
        assert.equal(validation.findings[0].message, 'scenario "three-tier-nosuch" does not exist');
        assert.equal(validation.set, undefined);
        assert.equal(validation.partialSet, undefined);
        assert.equal(validation.config?.scenario, "three-tier-nosuch");
    });

    it("without a file, an unknown scenario's finding has a path and no place", () => {
        const validation = validateConfigData(baseConfig("three-tier-nosuch"));
        assert.deepEqual(placed(validation.findings), [{ code: "SG020", file: undefined, at: "scenario", line: undefined, column: undefined }]);
    });

    it("a finding about a key (an unknown tier) points at the key, one about a value at the value", () => {
        const config = tempFile(
            configYaml(
                "three-tier-postgres",
                "overrides:\n  ports:\n    cache: 6379\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source: 10.0.0.5/24\n          description: x\n",
            ),
        );
        const validation = validateConfigFile(config);
        assert.deepEqual(placed(validation.findings), [
            { code: "SG022", file: config, at: "overrides.ports.cache", line: 10, column: 5 },
            { code: "SG031", file: config, at: "overrides.tiers.app.ingress[0].source", line: 16, column: 19 },
        ]);
    });

    it("schema errors stop validation before the scenario is read, errors first", () => {
        const validation = validateConfigData({ ...baseConfig("three-tier-nosuch"), region: 7 });
        assert.deepEqual(
            validation.findings.map(({ code, path: at }) => ({ code, at })),
            [{ code: "SG012", at: "region" }],
        );
        assert.equal(validation.config, undefined);
        assert.equal(validation.set, undefined);
    });

    it("a valid config gives its set and config, warnings and all", () => {
        const data = {
            ...baseConfig("two-tier-web-app"),
            overrides: { tiers: { app: { ingress: [{ protocol: "tcp", port: 9090, source: "10.0.0.0/16", description: "Whole VPC" }] } } },
        };
        const validation = validateConfigData(data);
        assert.deepEqual(
            validation.findings.map(({ code, severity }) => `${code}:${severity}`),
            ["SG113:warning"],
        );
        assert.equal(validation.set?.setName, "acme-dev-d01-eu-west-1-sg");
        assert.equal(validation.set, validation.partialSet);
        assert.equal(validation.config, data);
    });
});

describe("validation edges: the findings cap", () => {
    it("shows maxFindings findings and counts the rest in one last finding", () => {
        const data = { ...baseConfig("two-tier-web-app"), region: 7, deployment: 8, client: 9 };
        assert.equal(validateConfigData(data).findings.length, 3);
        assert.deepEqual(
            validateConfigData(data, { maxFindings: 1 }).findings.map(({ code, omitted }) => ({ code, omitted })),
            [
                { code: "SG012", omitted: undefined },
                { code: "SG007", omitted: { error: 2, warning: 0 } },
            ],
        );
    });
});

describe("validation edges: sources that are a stack's config key", () => {
    const source = (data: unknown, key?: string, findings: ConfigSource["findings"] = []): ConfigSource => ({ label: "stack dev", findings, data, file: "Pulumi.dev.yaml", key });

    it("prefixes every field path in the source's file with the key", () => {
        const data = { ...baseConfig("two-tier-web-app"), region: 7, tags: { "bad key": 1 } };
        const findings = validateConfigSource(source(data, "sg-provisioner:set")).findings;
        assert.ok(findings.length >= 2);
        for (const finding of findings) {
            assert.equal(finding.file, "Pulumi.dev.yaml");
            assert.ok(finding.path?.startsWith("sg-provisioner:set."), finding.path);
        }
        assert.deepEqual(
            findings.filter((finding) => finding.code === "SG012").map((finding) => finding.path),
            ["sg-provisioner:set.region", 'sg-provisioner:set.tags["bad key"]'],
        );
    });

    it("a finding about the whole value is at the key itself; a quoted top-level key follows the key without a dot", () => {
        assert.deepEqual(
            validateConfigSource(source(null, "sg-provisioner:set")).findings.map(({ code, path: at }) => ({ code, at })),
            [{ code: "SG012", at: "sg-provisioner:set" }],
        );
        const data = { ...baseConfig("two-tier-web-app"), "bad key": 1 };
        assert.deepEqual(
            validateConfigSource(source(data, "sg-provisioner:set")).findings.map(({ code, path: at }) => ({ code, at })),
            [{ code: "SG010", at: 'sg-provisioner:set["bad key"]' }],
        );
    });

    it("without a key the paths are the config's own", () => {
        const data = { ...baseConfig("two-tier-web-app"), region: 7 };
        assert.deepEqual(
            validateConfigSource(source(data)).findings.map((finding) => finding.path),
            ["region"],
        );
    });

    it("findings in another file (the scenario's) keep their paths", () => {
        const dir = tempDir("sgp-validate-edges-");
        const text = fs.readFileSync(path.join(REPO, "scenarios", "two-tier-postgres.yaml"), "utf8").replace("source_tier: web", "source: 0.0.0.0/0");
        fs.writeFileSync(path.join(dir, "two-tier-postgres.yaml"), text);
        const validation = validateConfigSource(source(baseConfig("two-tier-postgres"), "sg-provisioner:set"), { scenariosDir: dir });
        assert.deepEqual(
            validation.findings.map((finding) => finding.path),
            ["tiers.db.ingress[0].source"],
        );
    });

    it("a source with findings, or without data, gives only its own findings", () => {
        const unreadable = { code: "SG001", severity: "error" as const, message: "no such file: x.yaml", fix: "create it", file: "x.yaml" };
        assert.deepEqual(validateConfigSource(source(baseConfig(), "k", [unreadable])).findings, [unreadable]);
        assert.deepEqual(validateConfigSource({ label: "stack dev", findings: [] }).findings, []);
        assert.equal(validateConfigSource({ label: "stack dev", findings: [] }).set, undefined);
        const replaced = validateConfigSource(source({ not: "a config" }, "k"), {}, baseConfig("two-tier-web-app"));
        assert.deepEqual(replaced.findings, []);
        assert.equal(replaced.set?.setName, "acme-dev-d01-eu-west-1-sg");
    });
});

describe("validation edges: the isolation suffix", () => {
    it("a bad suffix is an error at the field that gave it, and keeps the set back", () => {
        const validation = validateConfigData(baseConfig("two-tier-web-app"), { isolation: "AB", isolationField: "sg-provisioner:isolation", isolationFile: "Pulumi.dev.yaml" });
        assert.deepEqual(
            validation.findings.map(({ code, file, path: at }) => ({ code, file, at })),
            [{ code: "SG047", file: "Pulumi.dev.yaml", at: "sg-provisioner:isolation" }],
        );
        assert.equal(validation.set, undefined);
        assert.ok(validation.partialSet);
        assert.deepEqual(
            validateConfigData(baseConfig("two-tier-web-app"), { isolation: "AB" }).findings.map(({ code, file, path: at }) => ({ code, file, at })),
            [{ code: "SG047", file: undefined, at: "isolation" }],
        );
    });

    it("a good suffix names the test deployment; sorting keeps errors before the config's warnings", () => {
        const data = {
            ...baseConfig("two-tier-web-app"),
            overrides: { tiers: { app: { ingress: [{ protocol: "tcp", port: 9090, source: "10.0.0.0/16", description: "Whole VPC" }] } } },
        };
        const good = validateConfigData(data, { isolation: "a3f09c" });
        assert.equal(good.set?.setName, "acme-dev-d01-eu-west-1-sg-test-a3f09c");
        const bad = validateConfigFile(
            tempFile(
                configYaml(
                    "two-tier-web-app",
                    "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source: 10.0.0.0/16\n          description: Whole VPC\n",
                ),
            ),
            {
                isolation: "x",
            },
        );
        assert.deepEqual(
            bad.findings.map(({ code }) => code),
            ["SG047", "SG113"],
        );
    });
});
