import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import { parse } from "yaml";
import { configError } from "../provider/component/src/component/errors";
import { parseStackOutputs } from "../provider/cli/src/report/deployment";
import { SecurityGroupSet } from "../provider/core/src/plan/model";
import { validateConfigFile } from "../provider/core/src/plan/validate";
import { EXAMPLE, REPO, configYaml, tempFile } from "./support/config";
import { documentedOutputs } from "./support/deployment-outputs";
import { Registration, STACK_TYPE, UNKNOWN } from "./support/engine";
import { assertGolden } from "./support/golden";
import { ProgramRun, RunOptions, runProgram, tempProject } from "./support/language-host";
import { sortKeys } from "./support/sorted-json";
import { tempDir } from "./support/temp";

const SET = "globalbank-prod-c001-us-west-2-fraud-sg";
const VPC_PARAMETER = "/vpc/globalbank-prod-c001-us-west-2-vpc/VPCId";
const VPC_ID = "vpc-0aaaaaaaaaaaaaaaa";
const COMPONENT = "sg-provisioner:index:TieredSecurityGroups";
const GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const PARAMETER = "aws:ssm/parameter:Parameter";

interface DeploySteps {
    readonly stack: string;
    readonly config: Record<string, string>;
}

/** The documented deploy steps: the first sh block of docs/deploying-with-pulumi.md, under "The ready program". */
function documentedDeploySteps(): DeploySteps {
    const doc = fs.readFileSync(path.join(REPO, "docs", "deploying-with-pulumi.md"), "utf8");
    assert.ok(doc.includes("\n## The ready program\n"), "docs/deploying-with-pulumi.md has its ready-program section");
    const section = doc.slice(doc.indexOf("\n## The ready program\n"));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const commands = block.split("\n").map((line) => line.replace(/#.*$/, "").trim());
    const stack = commands.find((line) => line.startsWith("pulumi stack init "))?.split(/\s+/)[3];
    const config = commands.filter((line) => line.startsWith("pulumi config set ")).map((line) => line.split(/\s+/).slice(3));
    assert.ok(stack, "the documented deploy steps init a stack");
    return { stack, config: Object.fromEntries(config.map(([key, value]) => [key, value])) };
}

const PROBE = path.join(__dirname, "support", "inspect-probe.js");

/** Runs the program in a fresh project root (never the checkout, where stack files may be real), with the SDK's util.inspect observed. */
function run(options: Partial<RunOptions>): Promise<ProgramRun & { inspected: { stack: string; loops: boolean }[] }> {
    const log = path.join(tempDir("sgp-inspect-"), "inspected.jsonl");
    const env = { NODE_OPTIONS: `--require ${PROBE}`, SGP_INSPECT_LOG: log };
    return runProgram({ root: tempProject(), parameters: { [VPC_PARAMETER]: VPC_ID }, env, ...options }).then((result) => ({
        ...result,
        inspected: fs.existsSync(log)
            ? fs
                  .readFileSync(log, "utf8")
                  .trim()
                  .split("\n")
                  .map((line) => JSON.parse(line) as { stack: string; loops: boolean })
            : [],
    }));
}

function ofType(resources: readonly Registration[], type: string): Registration[] {
    return resources.filter((resource) => resource.type === type);
}

function errors(result: ProgramRun): string[] {
    return result.engine.logs.filter((log) => log.severity === "error").map((log) => log.message);
}

/** What the program registered, as a reviewer compares runs: by URN, without the engine's made-up IDs. */
function planned(result: ProgramRun): Record<string, { parent: string; inputs: Readonly<Record<string, unknown>> }> {
    return Object.fromEntries(result.engine.registrations.map((resource) => [resource.urn, { parent: resource.parent, inputs: resource.inputs }]));
}

function assertNothingRegistered(result: ProgramRun): void {
    assert.deepEqual(
        result.engine.registrations.map((resource) => resource.type),
        [STACK_TYPE],
    );
}

function assertSucceeded(result: ProgramRun): void {
    assert.equal(result.exitCode, 0, `the program failed:\n${errors(result).join("\n")}\n${result.stderr}`);
    assert.deepEqual(errors(result), []);
}

/** The example config's 17 resources, wired as the component promises. */
function assertExampleResources(result: ProgramRun): void {
    const resources = result.engine.registrations;
    const [stack, component, ...children] = resources;
    assert.equal(stack.type, STACK_TYPE);
    assert.deepEqual([component.type, component.name, component.parent], [COMPONENT, SET, stack.urn]);
    assert.deepEqual(
        [GROUP, INGRESS, EGRESS, PARAMETER].map((type) => ofType(children, type).length),
        [3, 7, 3, 3],
    );
    assert.equal(children.length, 16);
    assert.equal(new Set(resources.map((resource) => resource.urn)).size, resources.length, "no duplicate URN");
    for (const child of children) assert.equal(child.parent, component.urn, `${child.name} is parented to the component`);
    const groups = new Set(ofType(children, GROUP).map((group) => group.urn));
    for (const group of ofType(children, GROUP)) assert.deepEqual(group.dependencies, [], `${group.name} depends on nothing`);
    for (const dependent of children.filter((child) => child.type !== GROUP)) {
        assert.ok(dependent.dependencies.length > 0, `${dependent.name} depends on a group`);
        for (const urn of dependent.dependencies) assert.ok(groups.has(urn), `${dependent.name} depends only on groups, not ${urn}`);
        for (const urns of Object.values(dependent.propertyDependencies)) for (const urn of urns) assert.ok(groups.has(urn));
    }
}

describe("the root Pulumi.yaml program, launched as pulumi-language-nodejs launches it", function () {
    // Each run type-checks the program with ts-node, as `pulumi up` does: a few seconds.
    this.timeout(120_000);
    const steps = documentedDeploySteps();

    describe("the deploy commands of docs/deploying-with-pulumi.md", () => {
        let up: ProgramRun;
        let preview: ProgramRun;
        before(async () => {
            // `pulumi` runs from wherever the user is; the language host ignores that directory.
            const elsewhere = tempDir("sgp-cwd-");
            up = await run({ stack: steps.stack, config: steps.config, cwd: elsewhere });
            preview = await run({ stack: steps.stack, config: steps.config, cwd: elsewhere, preview: true });
        });

        it("the deploy steps set the config file and the region, for the stack it creates", () => {
            assert.deepEqual(steps, {
                stack: "prod",
                config: { "sg-provisioner:configFile": "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml", "aws:region": "us-west-2" },
            });
        });

        it("pulumi up registers the component and its 16 AWS resources, parented to it, rules and parameters depending only on groups", () => {
            assertSucceeded(up);
            assertExampleResources(up);
        });

        it("pulumi up resolves the VPC from SSM in the config's region and exports the set's outputs", () => {
            assert.deepEqual(up.engine.invokes, [{ token: "aws:ssm/getParameter:getParameter", args: { name: VPC_PARAMETER, region: "us-west-2" } }]);
            for (const group of ofType(up.engine.registrations, GROUP)) assert.equal(group.inputs.vpcId, VPC_ID);
            const outputs = up.engine.stackOutputs as Record<string, Record<string, unknown>>;
            assert.equal(outputs.setName, SET);
            assert.equal(outputs.vpcId, VPC_ID);
            assert.deepEqual(Object.keys(outputs.securityGroupIds).sort(), ["app", "db", "web"]);
            for (const id of Object.values(outputs.securityGroupIds)) assert.match(String(id), /^sg-[0-9a-f]{17}$/);
            assert.deepEqual(outputs.parameterNames, { web: `/sg/${SET}/web/SecurityGroupId`, app: `/sg/${SET}/app/SecurityGroupId`, db: `/sg/${SET}/db/SecurityGroupId` });
            assert.deepEqual(outputs.ruleCounts, { web: { ingress: 4, egress: 2 }, app: { ingress: 2, egress: 1 }, db: { ingress: 1, egress: 0 } });
        });

        it("exports exactly the example of docs/deployment-outputs.md, which the CLI's parser accepts", () => {
            const documented = documentedOutputs();
            assert.deepEqual(up.engine.stackOutputs, JSON.parse(documented));
            assert.equal(`${JSON.stringify(up.engine.stackOutputs, null, 2)}\n`, documented, "the example is printed as pulumi stack output --json prints it");
            assert.deepEqual(parseStackOutputs(documented, "docs/deployment-outputs.md"), { ok: true, outputs: up.engine.stackOutputs });
        });

        it("pulumi preview registers the same resources, with group IDs unknown until AWS assigns them", () => {
            assertSucceeded(preview);
            assertExampleResources(preview);
            assert.deepEqual(
                preview.engine.registrations.map((resource) => resource.urn),
                up.engine.registrations.map((resource) => resource.urn),
            );
            const rules = [...ofType(preview.engine.registrations, INGRESS), ...ofType(preview.engine.registrations, EGRESS)];
            for (const rule of rules) assert.equal(rule.inputs.securityGroupId, UNKNOWN, `${rule.name}'s group ID is unknown in preview`);
            for (const parameter of ofType(preview.engine.registrations, PARAMETER)) assert.equal(parameter.inputs.insecureValue, UNKNOWN);
            const outputs = preview.engine.stackOutputs as Record<string, unknown>;
            assert.equal(outputs.setName, SET);
            assert.equal(outputs.securityGroupIds, UNKNOWN);
        });

        it("plans exactly the URNs and inputs of the golden file (a change there replaces or updates deployed resources)", () => {
            assertGolden("program-preview.json", `${JSON.stringify(sortKeys(planned(preview)), null, 2)}\n`);
        });
    });

    describe("where the set comes from", () => {
        it("reads a config file by absolute path, and vpc.id needs no SSM lookup", async () => {
            const file = tempFile(fs.readFileSync(EXAMPLE, "utf8").replace("name: globalbank-prod-c001-us-west-2-vpc", "id: vpc-0123456789abcdef0"));
            const result = await run({ config: { "sg-provisioner:configFile": file } });
            assertSucceeded(result);
            assertExampleResources(result);
            assert.deepEqual(result.engine.invokes, []);
            for (const group of ofType(result.engine.registrations, GROUP)) assert.equal(group.inputs.vpcId, "vpc-0123456789abcdef0");
        });

        it("takes the set inline from Pulumi.<stack>.yaml, registering exactly what the same file registers", async () => {
            const set = parse(fs.readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;
            const [inline, fromFile] = [
                await run({ root: tempProject({ settings: { "aws:region": "us-west-2", "sg-provisioner:set": set } }) }),
                await run({ config: { "sg-provisioner:configFile": EXAMPLE } }),
            ];
            assertSucceeded(inline);
            assert.deepEqual(planned(inline), planned(fromFile));
        });

        it("places a finding in the inline set at its line in Pulumi.<stack>.yaml, under the config key's path", async () => {
            const set = { ...(parse(configYaml()) as Record<string, unknown>), overrides: { ports: { cache: 1 } } };
            const result = await run({ root: tempProject({ settings: { "sg-provisioner:set": set } }) });
            assert.equal(result.exitCode, 32, "the exit code that says the program already reported its error");
            assert.deepEqual(errors(result), [
                "sg-provisioner:set in Pulumi.dev.yaml is not valid:\n\n" +
                    "Pulumi.dev.yaml:12:9  error  SG022  sg-provisioner:set.overrides.ports.cache\n" +
                    '  port override for tier "cache", which scenario three-tier-postgres does not have\n' +
                    "  fix: use one of the tiers of three-tier-postgres: web, app, db",
            ]);
            assertNothingRegistered(result);
        });

        it("names the key path, without a line, when the settings file does not hold the set (config from an environment)", async () => {
            const set = { ...(parse(configYaml()) as Record<string, unknown>), overrides: { ports: { cache: 1 } } };
            const result = await run({ root: tempProject({ settings: { "aws:region": "eu-west-1" } }), config: { "sg-provisioner:set": set } });
            assert.deepEqual(errors(result), [
                "sg-provisioner:set in Pulumi.dev.yaml is not valid:\n\n" +
                    "Pulumi.dev.yaml  error  SG022  sg-provisioner:set.overrides.ports.cache\n" +
                    '  port override for tier "cache", which scenario three-tier-postgres does not have\n' +
                    "  fix: use one of the tiers of three-tier-postgres: web, app, db",
            ]);
            assertNothingRegistered(result);
        });

        it("refuses a stack with neither key, and one with both (pointing at the set's key), registering nothing", async () => {
            const neither = await run({});
            const both = await run({
                root: tempProject({ settings: { "sg-provisioner:configFile": "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml", "sg-provisioner:set": { client: "x" } } }),
            });
            assert.deepEqual(errors(neither), [
                "the stack's sg-provisioner config is not valid:\n\n" +
                    "Pulumi.dev.yaml  error  SG043  config\n" +
                    "  the stack has no sg-provisioner config: neither sg-provisioner:configFile nor sg-provisioner:set is set\n" +
                    "  fix: run `pulumi config set sg-provisioner:configFile examples/configs/globalbank-prod-c001-us-west-2-sg.yaml` (a path relative to the project root), or write the set under sg-provisioner:set in Pulumi.dev.yaml",
            ]);
            assert.deepEqual(errors(both), [
                "the stack's sg-provisioner config is not valid:\n\n" +
                    "Pulumi.dev.yaml:3:3  error  SG044  sg-provisioner:set\n" +
                    "  both sg-provisioner:configFile and sg-provisioner:set are set; the program reads exactly one\n" +
                    "  fix: remove the one you do not mean: `pulumi config rm sg-provisioner:configFile` or `pulumi config rm sg-provisioner:set`",
            ]);
            for (const result of [neither, both]) {
                assert.equal(result.exitCode, 32);
                assertNothingRegistered(result);
            }
        });

        it("refuses a set held as a secret, which would name resources in plain text", async () => {
            const set = parse(configYaml()) as Record<string, unknown>;
            const result = await run({ root: tempProject({ settings: { "sg-provisioner:set": set } }), secretKeys: ["sg-provisioner:set"] });
            assert.deepEqual(errors(result), [
                "the stack's sg-provisioner config is not valid:\n\n" +
                    "Pulumi.dev.yaml:2:3  error  SG046  sg-provisioner:set\n" +
                    "  sg-provisioner:set is a secret, or holds one; the set's fields name its resources and show in the stack's state and every diff in plain text, so the program does not read secrets\n" +
                    "  fix: store it as plain config: `pulumi config set sg-provisioner:set <value>` (with --path for one field of the set), without --secret",
            ]);
            assertNothingRegistered(result);
        });

        it("names the path it tried when the config file is missing", async () => {
            const root = tempProject();
            const result = await run({ root, config: { "sg-provisioner:configFile": "examples/configs/nope.yaml" } });
            assert.deepEqual(errors(result), [
                "examples/configs/nope.yaml (sg-provisioner:configFile) is not valid:\n\n" +
                    "examples/configs/nope.yaml  error  SG001\n" +
                    `  no such file: ${path.join(root, "examples/configs/nope.yaml")}\n` +
                    `  fix: check the path; a relative path is read from the project root, ${root}, whatever directory pulumi runs in`,
            ]);
        });
    });

    describe("findings", () => {
        it("a rejected config fails with the located finding, registers no AWS resource, and reaches the SDK's inspect as a frameless error", async () => {
            const file = tempFile(
                configYaml(
                    "three-tier-postgres",
                    "overrides:\n  tiers:\n    db:\n      ingress:\n        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n          description: Open the database\n",
                ),
            );
            const result = await run({ config: { "sg-provisioner:configFile": file } });
            assert.equal(result.exitCode, 32);
            const message =
                `${file} (sg-provisioner:configFile) is not valid:\n\n` +
                `${file}:14:19  error  SG100  overrides.tiers.db.ingress[0].source\n` +
                "  tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet\n" +
                "  fix: reach the database through a tier reference (source_tier: app) or a private CIDR (such as 10.0.11.0/24), never 0.0.0.0/0\n" +
                "  why: databases exposed to the internet are found by scanners within minutes and attacked by credential stuffing and known exploits";
            assert.deepEqual(errors(result), [message]);
            assertNothingRegistered(result);
            assert.equal(result.stderr, "");
            // With a frame under node_modules/@pulumi/<file>.ts, Node 20.20's inspect, which the
            // SDK's cmd/run applies to every uncaught error, loops for tens of seconds.
            assert.deepEqual(result.inspected, [{ stack: `Error: ${message}`, loops: false }]);
        });

        it("every config error reaches the SDK without a frame that sets off Node's inspect loop", async () => {
            const results = [await run({}), await run({ config: { "sg-provisioner:configFile": "examples/configs/nope.yaml" } })];
            for (const result of results) {
                assert.equal(result.inspected.length, 1);
                assert.equal(result.inspected[0].loops, false);
                assert.ok(!result.inspected[0].stack.includes("\n    at "), result.inspected[0].stack);
            }
        });

        it("warnings carry the config file's line and are logged once, against the component", async () => {
            const file = tempFile(
                configYaml(
                    "three-tier-postgres",
                    "overrides:\n  tiers:\n    web:\n      ingress:\n        - protocol: tcp\n          port: 22\n          source: 0.0.0.0/0\n          description: SSH from anywhere\n",
                ),
            );
            const result = await run({ config: { "sg-provisioner:configFile": file } });
            assertSucceeded(result);
            const component = result.engine.registrations.find((resource) => resource.type === COMPONENT);
            const warnings = result.engine.logs.filter((log) => log.severity === "warning");
            assert.deepEqual(
                warnings.map((log) => [log.urn, log.message.split("\n")[0]]),
                [[component?.urn, `${file}:14:19  warning  SG110  overrides.tiers.web.ingress[0].source`]],
            );
        });

        it("reports config errors as frameless RunErrors, which Node inspects at once", () => {
            const error = configError("bad config");
            assert.equal(error.stack, "Error: bad config");
            assert.equal(inspect(error, { colors: true }), "[RunError: bad config] { __pulumiRunError: \x1b[33mtrue\x1b[39m }");
        });
    });

    describe("type-checking at deploy time", () => {
        it("ts-node checks the program with program/tsconfig.json (strict, no unused names)", async () => {
            const root = tempProject({ settings: { "sg-provisioner:configFile": "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml" }, links: ["examples", "node_modules"] });
            fs.mkdirSync(path.join(root, "program"));
            fs.copyFileSync(path.join(REPO, "program", "tsconfig.json"), path.join(root, "program", "tsconfig.json"));
            fs.writeFileSync(path.join(root, "program", "index.ts"), `${fs.readFileSync(path.join(REPO, "program", "index.ts"), "utf8")}const unused = 1;\n`);
            const result = await run({ root });
            assert.equal(result.exitCode, 32);
            const lines = fs.readFileSync(path.join(REPO, "program", "index.ts"), "utf8").split("\n").length;
            assert.deepEqual(errors(result), [
                `Running program '${fs.realpathSync(root)}/program/' failed with an unhandled exception:\nTSError: ⨯ Unable to compile TypeScript:\nindex.ts(${lines},7): error TS6133: 'unused' is declared but its value is never read.\n`,
            ]);
            assert.deepEqual(
                result.engine.registrations.map((resource) => resource.type),
                [STACK_TYPE],
            );
        });
    });

    describe("a test deployment: sg-provisioner:isolationSuffix", () => {
        const SUFFIX = "a3f09c";
        const examples = fs
            .readdirSync(path.join(REPO, "examples", "configs"))
            .filter((file) => file.endsWith(".yaml"))
            .sort();
        const names = (result: ProgramRun, type: string, pick: (inputs: Readonly<Record<string, unknown>>) => unknown) =>
            ofType(result.engine.registrations, type).map((resource) => String(pick(resource.inputs)));
        const countByType = (result: ProgramRun) =>
            Object.fromEntries([GROUP, INGRESS, EGRESS, PARAMETER, COMPONENT].map((type) => [type, ofType(result.engine.registrations, type).length]));

        it("the bundled examples are there to test", () => {
            assert.ok(examples.length > 0);
        });

        for (const example of examples) {
            describe(example, () => {
                const file = path.join(REPO, "examples", "configs", example);
                const real = validateConfigFile(file).set as SecurityGroupSet;
                const isolatedName = `${real.setName}-test-${SUFFIX}`;
                const parameters = real.vpc.kind === "ssm" ? { [real.vpc.parameter]: VPC_ID } : {};
                let plain: ProgramRun;
                let isolated: ProgramRun;
                before(async () => {
                    const config = { "sg-provisioner:configFile": `examples/configs/${example}` };
                    plain = await run({ config, parameters });
                    isolated = await run({ config: { ...config, "sg-provisioner:isolationSuffix": SUFFIX }, parameters });
                });

                it("both runs succeed, with the same resources by type and the same URNs: the component keeps the real set's name", () => {
                    assertSucceeded(plain);
                    assertSucceeded(isolated);
                    assert.deepEqual(countByType(isolated), countByType(plain));
                    assert.ok(countByType(plain)[PARAMETER] > 0 && countByType(plain)[GROUP] > 0);
                    assert.deepEqual(
                        isolated.engine.registrations.map((resource) => resource.urn),
                        plain.engine.registrations.map((resource) => resource.urn),
                    );
                    assert.equal(ofType(plain.engine.registrations, COMPONENT)[0].name, real.setName);
                });

                it("every SSM parameter of the test run is under /sg/{set}-test-{suffix}/, none under the real set's /sg/{set}/", () => {
                    const realParameters = names(plain, PARAMETER, (inputs) => inputs.name);
                    for (const name of realParameters) assert.ok(name.startsWith(`/sg/${real.setName}/`), name);
                    for (const name of names(isolated, PARAMETER, (inputs) => inputs.name)) {
                        assert.ok(name.startsWith(`/sg/${isolatedName}/`), name);
                        assert.ok(!name.startsWith(`/sg/${real.setName}/`), name);
                        assert.ok(!realParameters.includes(name), name);
                    }
                });

                it("no group name prefix or Name tag of the test run equals or begins with the real run's, nor the reverse", () => {
                    const groupNames = (result: ProgramRun) => [
                        ...names(result, GROUP, (inputs) => inputs.namePrefix),
                        ...names(result, GROUP, (inputs) => (inputs.tags as Record<string, string>).Name),
                    ];
                    const [theirs, mine] = [groupNames(plain), groupNames(isolated)];
                    assert.equal(mine.length, theirs.length);
                    for (const name of mine) {
                        assert.ok(name.startsWith(`${isolatedName}-`), name);
                        for (const other of theirs) assert.ok(!name.startsWith(other) && !other.startsWith(name), `${name} and ${other}`);
                    }
                });

                it("exports the isolated names, so test-deploy reads where the test set lives", () => {
                    const [outputs, realOutputs] = [isolated.engine.stackOutputs, plain.engine.stackOutputs] as Record<string, Record<string, string>>[];
                    assert.equal(outputs.setName, isolatedName);
                    assert.equal(realOutputs.setName, real.setName);
                    assert.deepEqual(outputs.parameterNames, Object.fromEntries(real.tiers.map((tier) => [tier.name, `/sg/${isolatedName}/${tier.name}/SecurityGroupId`])));
                });
            });
        }

        it("refuses a bad suffix at its key in Pulumi.<stack>.yaml, registering nothing", async () => {
            const result = await run({
                config: { "sg-provisioner:configFile": "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml", "sg-provisioner:isolationSuffix": "Test-1" },
            });
            assert.equal(result.exitCode, 32);
            assert.deepEqual(errors(result), [
                "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml (sg-provisioner:configFile) is not valid:\n\n" +
                    "Pulumi.dev.yaml  error  SG047  sg-provisioner:isolationSuffix\n" +
                    '  the isolation suffix "Test-1" has characters other than lowercase letters and digits: "T", "-"; it ends the test deployment\'s set name, {set}-test-{suffix}, in its group names and SSM paths\n' +
                    "  fix: use 4 to 16 lowercase letters and digits, such as 6 random hex digits (a3f09c)",
            ]);
            assertNothingRegistered(result);
        });

        it("Pulumi.yaml declares the key as a string with an empty default, so that a stack without it is the real set", () => {
            const project = parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as { config: Record<string, { type: string; default: unknown; description: string }> };
            const declared = project.config["sg-provisioner:isolationSuffix"];
            assert.deepEqual([declared.type, declared.default], ["string", ""]);
            assert.match(declared.description, /\{set\}-test-\{suffix\}/);
        });
    });

    describe("changing the set", () => {
        it("inserting one rule adds exactly one URN and changes no other resource's inputs", async () => {
            const withRule = tempFile(
                fs
                    .readFileSync(EXAMPLE, "utf8")
                    .replace(
                        "    app:\n      ingress:\n",
                        "    app:\n      ingress:\n        - protocol: tcp\n          port: 9100\n          source_tier: web\n          description: Node exporter\n",
                    ),
            );
            const [before, after] = [await run({ config: { "sg-provisioner:configFile": EXAMPLE } }), await run({ config: { "sg-provisioner:configFile": withRule } })];
            assertSucceeded(after);
            const [old, changed] = [planned(before), planned(after)];
            const added = Object.keys(changed).filter((urn) => !(urn in old));
            assert.deepEqual(added, [`urn:pulumi:dev::sg-provisioner::${COMPONENT}$${INGRESS}::${SET}-app-ingress-tcp-9100-from-tier-web`]);
            assert.deepEqual(
                Object.keys(old).filter((urn) => !(urn in changed)),
                [],
            );
            for (const urn of Object.keys(old)) assert.deepEqual(changed[urn], old[urn], `${urn} is unchanged`);
        });
    });
});
