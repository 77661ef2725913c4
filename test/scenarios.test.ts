import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { listScenarios, loadScenario, textScenarios } from "../provider/core/src/scenarios/catalog";
import { bundledScenariosDir, directoryScenarios } from "../provider/core/src/scenarios/directory";
import { validateConfigData, validateConfigFile } from "../provider/core/src/plan/validate";
import { REPO, baseConfig, configYaml, tempFile } from "./support/config";
import { tempDir } from "./support/temp";

const NAMES = [
    "three-tier-mongodb",
    "three-tier-mysql",
    "three-tier-oracle",
    "three-tier-postgres",
    "three-tier-redshift",
    "three-tier-sqlserver",
    "two-tier-mysql",
    "two-tier-postgres",
    "two-tier-web-app",
];

const FRONT: Record<string, string> = { app: "web", db: "app" };

describe("scenario catalog", () => {
    it("is the repository's scenarios/ directory, holding exactly the nine scenarios", () => {
        assert.equal(bundledScenariosDir(), path.join(REPO, "scenarios"));
        assert.deepEqual(listScenarios(), NAMES);
    });

    for (const name of NAMES) {
        it(`${name}: passes its schema and the rules engine with no finding`, () => {
            const loaded = loadScenario(name);
            assert.deepEqual(loaded.findings, []);
            const validation = validateConfigFile(tempFile(configYaml(name)));
            assert.deepEqual(validation.findings, []);
            const set = validation.set!;
            const tiers = set.tiers.map((tier) => tier.name);
            assert.ok(["web,app,db", "web,db", "web,app"].includes(tiers.join(",")), tiers.join(","));
            for (const tier of set.tiers) {
                const ingress = tier.rules.filter((rule) => rule.direction === "ingress");
                if (tier.name === "web") {
                    // Web accepts 80 and 443 from the whole internet, over IPv4 and IPv6, and nothing else.
                    assert.deepEqual(
                        ingress.map((rule) => `${rule.protocol} ${rule.ports?.from}-${rule.ports?.to} ${rule.peer.kind === "cidr" ? rule.peer.cidr : rule.peer.kind}`).sort(),
                        ["tcp 443-443 0.0.0.0/0", "tcp 443-443 ::/0", "tcp 80-80 0.0.0.0/0", "tcp 80-80 ::/0"],
                    );
                } else {
                    // An inner tier accepts only its own service port, only from the tier in front of it.
                    const front = tiers.length === 2 ? "web" : FRONT[tier.name];
                    assert.deepEqual(
                        ingress.map((rule) => [rule.protocol, rule.ports, rule.peer]),
                        [["tcp", { from: tier.servicePort, to: tier.servicePort }, { kind: "tier", tier: front }]],
                    );
                }
                const egress = tier.rules.filter((rule) => rule.direction === "egress");
                if (tier.name === "db") assert.deepEqual(egress, [], "the database tier has no egress");
                for (const rule of egress) assert.equal(rule.peer.kind, "tier", "scenario egress goes only to another tier");
            }
        });
    }

    it("picks up a scenario dropped into the directory, and checks its name against the file", () => {
        const dir = tempDir("sgp-scenarios-");
        for (const name of NAMES) fs.copyFileSync(path.join(REPO, "scenarios", `${name}.yaml`), path.join(dir, `${name}.yaml`));
        const text = fs.readFileSync(path.join(dir, "two-tier-web-app.yaml"), "utf8").replace("name: two-tier-web-app", "name: two-tier-cache");
        fs.writeFileSync(path.join(dir, "two-tier-cache.yaml"), text);
        assert.deepEqual(listScenarios(directoryScenarios(dir)), [...NAMES.slice(0, 6), "two-tier-cache", ...NAMES.slice(6)]);
        const config = baseConfig("two-tier-cache");
        assert.deepEqual(
            validateConfigData(config, { scenariosDir: dir }).set?.tiers.map((tier) => tier.name),
            ["web", "app"],
        );
        fs.writeFileSync(path.join(dir, "two-tier-cache.yaml"), text.replace("name: two-tier-cache", "name: other"));
        assert.deepEqual(
            loadScenario("two-tier-cache", directoryScenarios(dir)).findings.map(({ code, line, message }) => ({ code, line, message })),
            [{ code: "SG041", line: 2, message: 'name "other" differs from the file name two-tier-cache.yaml' }],
        );
    });

    it("validates against scenarios handed in as texts, reading no file", () => {
        const text = fs.readFileSync(path.join(REPO, "scenarios", "two-tier-postgres.yaml"), "utf8").replace("source_tier: web", "source: 0.0.0.0/0");
        const scenarios = textScenarios({ "two-tier-postgres": text }, "catalog");
        assert.deepEqual(listScenarios(scenarios), ["two-tier-postgres"]);
        const validation = validateConfigData(baseConfig("two-tier-postgres"), { scenarios, scenariosDir: "/nonexistent" });
        assert.deepEqual(
            validation.findings.map(({ code, file, line, path: at }) => ({ code, file, line, at })),
            [{ code: "SG100", file: "catalog/two-tier-postgres.yaml", line: 36, at: "tiers.db.ingress[0].source" }],
        );
        assert.deepEqual(
            validateConfigData(baseConfig("three-tier-postgres"), { scenarios }).findings.map(({ code, message, fix }) => ({ code, message, fix })),
            [{ code: "SG020", message: 'scenario "three-tier-postgres" does not exist', fix: "use one of: two-tier-postgres" }],
        );
    });

    it("reports a scenario's own mistakes against the scenario file", () => {
        const dir = tempDir("sgp-scenarios-");
        const text = fs.readFileSync(path.join(REPO, "scenarios", "two-tier-postgres.yaml"), "utf8").replace("source_tier: web", "source: 0.0.0.0/0");
        fs.writeFileSync(path.join(dir, "two-tier-postgres.yaml"), text);
        const config = baseConfig("two-tier-postgres");
        const validation = validateConfigData(config, { scenariosDir: dir });
        assert.deepEqual(
            validation.findings.map(({ code, file, path: at }) => ({ code, file, at })),
            [{ code: "SG100", file: path.join(dir, "two-tier-postgres.yaml"), at: "tiers.db.ingress[0].source" }],
        );
    });
});

describe("scenario files read once per run", () => {
    const SCENARIO = fs.readFileSync(path.join(REPO, "scenarios", "two-tier-web-app.yaml"), "utf8");

    function scenarioDir(): string {
        const dir = tempDir("sgp-scenario-cache-");
        fs.writeFileSync(path.join(dir, "two-tier-web-app.yaml"), SCENARIO);
        return dir;
    }

    it("hands every reader of an unchanged file the same parse, frozen so that no reader can change it for the next", () => {
        const dir = scenarioDir();
        const first = directoryScenarios(dir).read("two-tier-web-app");
        const second = directoryScenarios(dir).read("two-tier-web-app");
        assert.ok(first.source && second.source);
        assert.equal(second.source, first.source);
        const tiers = (first.source.data as { tiers: Record<string, unknown> }).tiers;
        assert.throws(() => {
            tiers.extra = {};
        }, TypeError);
        assert.equal(Object.hasOwn(tiers, "extra"), false);
    });

    it("reads a file again once it has changed or gone", () => {
        const dir = scenarioDir();
        const file = path.join(dir, "two-tier-web-app.yaml");
        const before = loadScenario("two-tier-web-app", directoryScenarios(dir));
        assert.deepEqual(before.findings, []);
        fs.writeFileSync(file, SCENARIO.replace("name: two-tier-web-app", "name: two-tier-web-ap"));
        const after = loadScenario("two-tier-web-app", directoryScenarios(dir));
        assert.deepEqual(
            after.findings.map((finding) => [finding.code, finding.message]),
            [["SG041", 'name "two-tier-web-ap" differs from the file name two-tier-web-app.yaml']],
        );
        fs.rmSync(file);
        for (let read = 0; read < 2; read++) {
            const gone = directoryScenarios(dir).read("two-tier-web-app");
            assert.deepEqual([gone.source, gone.findings.map((finding) => finding.message)], [undefined, [`no such file: ${file}`]]);
        }
        fs.writeFileSync(file, SCENARIO);
        assert.deepEqual(loadScenario("two-tier-web-app", directoryScenarios(dir)).findings, []);
    });
});
