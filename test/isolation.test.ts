import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { CODE_REGISTRY } from "../provider/core/src/rules/codes";
import { Finding } from "../provider/core/src/rules/finding";
import { SecurityGroupSet } from "../provider/core/src/plan/model";
import { ResourceSpec, planResources } from "../provider/core/src/plan/resources";
import { validateConfigData, validateConfigSource } from "../provider/core/src/plan/validate";
import { listScenarios, textScenarios } from "../provider/core/src/scenarios/catalog";
import { bundledScenarios } from "../provider/core/src/scenarios/directory";
import { REPO, baseConfig } from "./support/config";

const REAL = "acme-dev-d01-eu-west-1-sg";
const SUFFIX_RULE = /^[a-z0-9]{4,16}$/;

function setOf(config: unknown, options: Parameters<typeof validateConfigData>[1] = {}): SecurityGroupSet {
    const validation = validateConfigData(config, options);
    assert.ok(validation.set, JSON.stringify(validation.findings));
    return validation.set;
}

/** The parts of a finding a user reads, without the message. */
function where(finding: Finding) {
    return { code: finding.code, file: finding.file, path: finding.path, value: finding.value };
}

/** The AWS names a spec gives its resource: the group's prefix and Name tag, the parameter's name. */
function awsNames(spec: ResourceSpec): { prefixes: string[]; names: string[]; parameters: string[] } {
    if (spec.kind === "group") return { prefixes: [spec.args.namePrefix], names: [spec.args.tags.Name], parameters: [] };
    if (spec.kind === "parameter") return { prefixes: [], names: [], parameters: [spec.args.name] };
    return { prefixes: [], names: [], parameters: [] };
}

function namesOf(specs: readonly ResourceSpec[]) {
    const all = specs.map(awsNames);
    return { prefixes: all.flatMap((n) => n.prefixes), names: all.flatMap((n) => n.names), parameters: all.flatMap((n) => n.parameters) };
}

/** A name "begins" another as AWS names are read: equal, or followed by a hyphen or slash. */
function begins(name: string, other: string): boolean {
    return other === name || other.startsWith(`${name}-`) || other.startsWith(`${name}/`) || (name.endsWith("-") && other.startsWith(name));
}

describe("isolation: a set deployed for a test as {set}-test-{suffix}", () => {
    describe("the suffix (SG047)", () => {
        it("accepts 4 to 16 lowercase letters and digits, and names the set, its groups and its parameters after it", () => {
            for (const suffix of ["a3f09c", "0000", "abcd", "z".repeat(16), "test"]) {
                const set = setOf(baseConfig(), { isolation: suffix });
                assert.equal(set.setName, `${REAL}-test-${suffix}`);
                assert.deepEqual(set.isolation, { of: REAL, suffix });
                assert.deepEqual(
                    set.tiers.map((tier) => tier.parameterName),
                    ["web", "app", "db"].map((tier) => `/sg/${REAL}-test-${suffix}/${tier}/SecurityGroupId`),
                );
            }
        });

        it("leaves a set validated without a suffix as it was: no isolation field at all", () => {
            const set = setOf(baseConfig());
            assert.equal(set.setName, REAL);
            assert.ok(!("isolation" in set));
        });

        it("refuses every other suffix with one finding: what is wrong, the value, the place it was given, the fix", () => {
            const fix = "use 4 to 16 lowercase letters and digits, such as 6 random hex digits (a3f09c)";
            const tail = "; it ends the test deployment's set name, {set}-test-{suffix}, in its group names and SSM paths";
            const table: [unknown, string][] = [
                ["abc", 'the isolation suffix "abc" has 3 characters, not 4 to 16'],
                ["", 'the isolation suffix "" has 0 characters, not 4 to 16'],
                ["a".repeat(17), `the isolation suffix "${"a".repeat(17)}" has 17 characters, not 4 to 16`],
                ["A3F09C", 'the isolation suffix "A3F09C" has characters other than lowercase letters and digits: "A", "F", "C"'],
                ["ab-cd", 'the isolation suffix "ab-cd" has characters other than lowercase letters and digits: "-"'],
                ["ab/c_d", 'the isolation suffix "ab/c_d" has characters other than lowercase letters and digits: "/", "_"'],
                [1234, "the isolation suffix is number, not a string"],
            ];
            for (const [suffix, problem] of table) {
                const validation = validateConfigData(baseConfig(), { isolation: suffix as string });
                assert.equal(validation.set, undefined, String(suffix));
                assert.deepEqual(validation.findings, [{ code: "SG047", severity: "error", file: undefined, path: "isolation", message: `${problem}${tail}`, fix, value: suffix }]);
            }
        });

        it("places the finding where the caller says the suffix came from, beside the config's own findings, never under a config key", () => {
            const settings = path.join(REPO, "Pulumi.test.yaml");
            const source = { label: "sg-provisioner:set", findings: [], data: { ...baseConfig(), overrides: { ports: { cache: 1 } } }, file: settings, key: "sg-provisioner:set" };
            const validation = validateConfigSource(source, { isolation: "AB", isolationField: "sg-provisioner:isolationSuffix", isolationFile: settings });
            assert.deepEqual(validation.findings.map(where), [
                { code: "SG022", file: settings, path: "sg-provisioner:set.overrides.ports.cache", value: "cache" },
                { code: "SG047", file: settings, path: "sg-provisioner:isolationSuffix", value: "AB" },
            ]);
            assert.equal(validation.set, undefined);
        });

        it("is no field of a config file: the config schema refuses it there", () => {
            const validation = validateConfigData({ ...baseConfig(), isolationSuffix: "a3f09c" });
            assert.deepEqual(validation.findings.map(where), [{ code: "SG010", file: undefined, path: "isolationSuffix", value: undefined }]);
        });

        it("is reported even when the config fails its schema: every error at once", () => {
            const validation = validateConfigData({ ...baseConfig(), client: "Acme" }, { isolation: "x" });
            assert.deepEqual(
                validation.findings.map((finding) => finding.code),
                ["SG015", "SG047"],
            );
        });

        it("fast-check: exactly the suffixes of the documented rule pass", () => {
            fc.assert(
                fc.property(fc.string({ maxLength: 20 }), (suffix) => {
                    const codes = validateConfigData(baseConfig(), { isolation: suffix }).findings.map((finding) => finding.code);
                    assert.deepEqual(codes, SUFFIX_RULE.test(suffix) ? [] : ["SG047"]);
                }),
                { numRuns: 300 },
            );
        });
    });

    describe("a tier named test or test-… (SG048)", () => {
        const webApp = fs.readFileSync(path.join(REPO, "scenarios", "two-tier-web-app.yaml"), "utf8");
        const renamed = (tier: string) =>
            textScenarios(
                {
                    "two-tier-web-app": webApp
                        .replace(/^ {2}app:/m, `  ${tier}:`)
                        .replaceAll("tier_port: app", `tier_port: ${tier}`)
                        .replaceAll("destination_tier: app", `destination_tier: ${tier}`),
                },
                "catalog",
            );

        it("refuses isolation for a tier whose real names would begin with {set}-test-, at the tier in the scenario file", () => {
            for (const tier of ["test", "test-api"]) {
                const validation = validateConfigData(baseConfig("two-tier-web-app"), { scenarios: renamed(tier), isolation: "a3f09c" });
                assert.equal(validation.set, undefined);
                assert.deepEqual(validation.findings.map(where), [{ code: "SG048", file: "catalog/two-tier-web-app.yaml", path: `tiers.${tier}`, value: tier }]);
                const [finding] = validation.findings;
                assert.equal(finding.line, webApp.split("\n").indexOf("  app:") + 1, "the tier's key");
                assert.equal(
                    finding.message,
                    `tier "${tier}" cannot be deployed in isolation: its group name prefix ${REAL}-${tier}- begins with ${REAL}-test-, as every group name of a test deployment does (${REAL}-test-a3f09c-{tier}), so a test deployment's groups and this tier's could be taken for one another`,
                );
                assert.match(finding.fix, /^deploy this set without isolation, or test it from a scenario whose tiers are not named test or test-…/);
            }
        });

        it("accepts such a set deployed normally, and tiers that only look alike in isolation", () => {
            assert.deepEqual(validateConfigData(baseConfig("two-tier-web-app"), { scenarios: renamed("test") }).findings, []);
            for (const tier of ["tester", "testing", "te", "contest"]) {
                assert.deepEqual(validateConfigData(baseConfig("two-tier-web-app"), { scenarios: renamed(tier), isolation: "a3f09c" }).findings, [], tier);
            }
        });
    });

    describe("the planned resources (planResources)", () => {
        const scenarios = listScenarios(bundledScenarios());
        const suffixArb = fc.stringMatching(SUFFIX_RULE);

        it("fast-check: for every bundled scenario and any valid suffix, the isolated plan is the real plan with only the set name changed, and no name of one begins a name of the other", () => {
            fc.assert(
                fc.property(fc.constantFrom(...scenarios), suffixArb, (scenario, suffix) => {
                    const real = planResources("n", setOf(baseConfig(scenario)));
                    const isolatedSet = setOf(baseConfig(scenario), { isolation: suffix });
                    const isolated = planResources("n", isolatedSet);
                    // Same resources, same logical names (so the same URNs), the same inputs but for the set's name.
                    assert.deepEqual(
                        isolated.map((spec) => [spec.kind, spec.name]),
                        real.map((spec) => [spec.kind, spec.name]),
                    );
                    isolated.forEach((spec, index) => {
                        // Its tags say whose it is: the real set's (for IAM), and the test deployment's own name besides.
                        const { "sg-provisioner:test-deployment": testDeployment, ...tags } = spec.args.tags;
                        assert.equal(testDeployment, isolatedSet.setName);
                        assert.equal(tags["sg-provisioner:set"], REAL);
                        assert.equal(
                            JSON.stringify({ ...spec.args, tags })
                                .split(isolatedSet.setName)
                                .join(REAL),
                            JSON.stringify(real[index].args),
                        );
                    });
                    const [r, i] = [namesOf(real), namesOf(isolated)];
                    for (const parameter of i.parameters) {
                        assert.ok(parameter.startsWith(`/sg/${REAL}-test-${suffix}/`), parameter);
                        assert.ok(!parameter.startsWith(`/sg/${REAL}/`), parameter);
                    }
                    for (const mine of [...i.prefixes, ...i.names, ...i.parameters]) {
                        for (const theirs of [...r.prefixes, ...r.names, ...r.parameters]) {
                            assert.ok(!begins(theirs, mine) && !begins(mine, theirs), `${mine} and ${theirs}`);
                        }
                    }
                }),
                { numRuns: 200 },
            );
        });
    });

    describe("the tags on every planned resource", () => {
        const config = { ...baseConfig("two-tier-web-app"), tags: { owner: "team-a" } };
        const tagsOf = (isolation?: string) => planResources("n", setOf(config, { isolation })).map((spec) => [spec.kind, spec.name, spec.args.tags]);
        /** The plan's resources with the tags each must carry, given the tags of the web and app tiers. */
        const expected = (web: Record<string, string>, app: Record<string, string>, groupName: (tier: string) => string) => [
            ["group", "n-web", { ...web, Name: groupName("web") }],
            ["ingress", "n-web-ingress-tcp-80-from-cidr4-0.0.0.0/0", web],
            ["ingress", "n-web-ingress-tcp-443-from-cidr4-0.0.0.0/0", web],
            ["ingress", "n-web-ingress-tcp-80-from-cidr6---/0", web],
            ["ingress", "n-web-ingress-tcp-443-from-cidr6---/0", web],
            ["egress", "n-web-egress-tcp-8080-to-tier-app", web],
            ["parameter", "n-web-sg-id", web],
            ["group", "n-app", { ...app, Name: groupName("app") }],
            ["ingress", "n-app-ingress-tcp-8080-from-tier-web", app],
            ["parameter", "n-app-sg-id", app],
        ];

        it("a set: the config's tags, ManagedBy, sg-provisioner:set with the set's name and Tier on every group, rule and parameter, and Name on groups", () => {
            const own = (tier: string) => ({ owner: "team-a", ManagedBy: "sg-provisioner", "sg-provisioner:set": REAL, Tier: tier });
            assert.deepEqual(
                tagsOf(),
                expected(own("web"), own("app"), (tier) => `${REAL}-${tier}`),
            );
        });

        it("a test deployment: sg-provisioner:set with the real set's name, and sg-provisioner:test-deployment with its own", () => {
            const isolated = `${REAL}-test-a3f09c`;
            const own = (tier: string) => ({
                owner: "team-a",
                ManagedBy: "sg-provisioner",
                "sg-provisioner:set": REAL,
                "sg-provisioner:test-deployment": isolated,
                Tier: tier,
            });
            assert.deepEqual(
                tagsOf("a3f09c"),
                expected(own("web"), own("app"), (tier) => `${isolated}-${tier}`),
            );
        });
    });

    it("registers its two codes as program findings, documented with the others", () => {
        assert.deepEqual(
            [CODE_REGISTRY.badIsolationSuffix, CODE_REGISTRY.isolationTierCollision].map((info) => [info.code, info.severity, info.docs, "noPolicy" in info.reporter]),
            [
                ["SG047", "error", "docs/checks.md#what-is-checked", true],
                ["SG048", "error", "docs/checks.md#what-is-checked", true],
            ],
        );
    });
});
