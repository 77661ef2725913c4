// The stand-in Pulumi CLI, driven by the real Automation API over a project directory: the calls the
// API makes, what the fake answers, the events it streams (over gRPC, and to a file for a CLI older
// than 3.206.0), the state an up, a refresh preview, a failed up, a destroy and a stack removal leave,
// and that state as `stack export` writes it.
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CommandError, LocalWorkspace, type EngineEvent, type LocalWorkspaceOptions, type Stack } from "@pulumi/pulumi/automation";
import { tempDir } from "./support/temp";
import {
    FAKE_PULUMI_BIN,
    diagnostic,
    fakePulumi,
    policyViolation,
    resOpFailed,
    resOutputs,
    resourcePre,
    stackUrn,
    urn,
    type FakePulumi,
    type FakePulumiOptions,
    type ScriptedEvent,
    type ScriptedOperation,
} from "./support/fake-pulumi";

const PROJECT = "fake-project";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_URN = urn("dev", PROJECT, SG, "app-sg");
const RULE_URN = urn("dev", PROJECT, RULE, "app-sg-https-in");
const TCP_EVENT_LOG = /^tcp:\/\/127\.0\.0\.1:\d+$/;
const STACK_URN = stackUrn(SG_URN);
/** The default aws provider the step builders give every custom resource: its URN, then its id. */
const AWS_PROVIDER = `urn:pulumi:dev::${PROJECT}::pulumi:providers:aws::default::04da6b54-80e4-46f7-96ec-b56ff0331ba9`;
/** ManifestV1.NewMagic for v3.248.0: the SHA-256 of the version string. */
const MAGIC = "1c72415da0837d6b54e4fd59aa49d86e7a984759e60a944fc9ff1c8042addcfe";

/** The two resources an up creates, and what it exports. */
const CREATE_BOTH: ScriptedOperation = {
    events: [
        resourcePre("create", SG_URN, SG, { inputs: { name: "app-sg" } }),
        resOutputs("create", SG_URN, SG, { id: "sg-0123", inputs: { name: "app-sg" } }),
        resourcePre("create", RULE_URN, RULE, { inputs: { fromPort: 443 } }),
        resOutputs("create", RULE_URN, RULE, { id: "sgr-0456", inputs: { fromPort: 443 } }),
    ],
    outputs: { securityGroupId: { value: "sg-0123", secret: false }, token: { value: "s3cr3t", secret: true } },
};

interface Fixture {
    fake: FakePulumi;
    workDir: string;
    backendUrl: string;
    options: LocalWorkspaceOptions;
}

/** A project directory with a minimal Pulumi.yaml (one config default), a file backend, and the fake. */
function fixture(fakeOptions: FakePulumiOptions = {}): Fixture {
    const workDir = tempDir("fake-pulumi-project-");
    fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nconfig:\n  tier:\n    type: string\n    default: app\n`);
    const backendUrl = `file://${tempDir("fake-pulumi-backend-")}`;
    const options = { envVars: { PULUMI_BACKEND_URL: backendUrl, PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple" } };
    return { fake: fakePulumi(fakeOptions), workDir, backendUrl, options };
}

function devStack({ workDir, options }: Fixture): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack({ stackName: "dev", workDir }, options);
}

/** Events as the engine stamped them, without the stamp. */
function unstamped(events: EngineEvent[]): unknown[] {
    return events.map(({ sequence: _sequence, timestamp: _timestamp, ...event }) => event);
}

function argvs(fake: FakePulumi, from = 0): string[][] {
    return fake
        .calls()
        .slice(from)
        .map((call) => call.argv);
}

/** The argv with its --event-log address replaced by a marker, after checking it is the Automation API's gRPC server. */
function withTcpLog(argv: string[]): string[] {
    const at = argv.indexOf("--event-log");
    assert.match(argv[at + 1], TCP_EVENT_LOG);
    return argv.map((word, i) => (i === at + 1 ? "<tcp>" : word));
}

/** Runs the fake as a process, with the fake's environment and `env` over the test's (an undefined value unsets the variable). */
function run(fake: FakePulumi, cwd: string, argv: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(FAKE_PULUMI_BIN, argv, { cwd, env: { ...process.env, ...fake.env, ...env } }, (error, stdout, stderr) => {
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        });
    });
}

describe("fake pulumi CLI under the Automation API", () => {
    it("createOrSelectStack runs `stack select`, then `stack init` for a missing stack; the second time only `stack select`", async () => {
        const fx = fixture();
        await fx.fake.withEnv(async () => {
            await devStack(fx);
            await devStack(fx);
        });

        const calls = fx.fake.calls();
        assert.deepEqual(
            calls.map((call) => [call.argv, call.exitCode]),
            [
                [["version"], 0],
                [["stack", "select", "--stack", "dev", "--non-interactive"], 6],
                [["stack", "init", "dev", "--non-interactive"], 0],
                [["version"], 0],
                [["stack", "select", "--stack", "dev", "--non-interactive"], 0],
            ],
        );
        // `pulumi version` runs where the test runs, with the update check off; the rest in the project, with the workspace's variables.
        assert.equal(calls[0].cwd, process.cwd());
        assert.equal(calls[0].env.PULUMI_SKIP_UPDATE_CHECK, "true");
        for (const call of calls.filter((c) => c.argv[0] !== "version")) {
            assert.equal(call.cwd, fx.workDir);
            assert.equal(call.env.PULUMI_BACKEND_URL, fx.backendUrl);
            assert.equal(call.env.PULUMI_CONFIG_PASSPHRASE, "[set]");
            assert.equal(call.env.PULUMI_AUTOMATION_API, "true");
        }
        const dev = fx.fake.state().stacks.dev;
        assert.deepEqual([dev.project, dev.selected, dev.resources, dev.history], [PROJECT, true, [], []]);
        assert.equal(fs.readFileSync(path.join(fx.workDir, "Pulumi.dev.yaml"), "utf8"), "encryptionsalt: fakepulumi:salt\n");
    });

    it("setAllConfig and setConfig write Pulumi.dev.yaml, which getAllConfig and stackSettings read back", async () => {
        const fx = fixture();
        const [all, settings] = await fx.fake.withEnv(async () => {
            const stack = await devStack(fx);
            await stack.setAllConfig({ "aws:region": { value: "us-west-2" }, token: { value: "s3cr3t", secret: true } });
            await stack.setConfig("aws:profile", { value: "sandbox" });
            return [await stack.getAllConfig(), await stack.workspace.stackSettings("dev")];
        });

        assert.deepEqual(argvs(fx.fake, 3), [
            ["config", "set-all", "--stack", "dev", "--plaintext", "aws:region=us-west-2", "--secret", "token=s3cr3t", "--non-interactive"],
            ["config", "set", "aws:profile", "--stack", "dev", "--plaintext", "--non-interactive", "--", "sandbox"],
            ["config", "--show-secrets", "--json", "--stack", "dev", "--non-interactive"],
        ]);
        assert.deepEqual(all, {
            "aws:profile": { value: "sandbox", secret: false },
            "aws:region": { value: "us-west-2", secret: false },
            "fake-project:tier": { value: "app", secret: false },
            "fake-project:token": { value: "s3cr3t", secret: true },
        });
        const secure = (settings.config?.["fake-project:token"] as { secure: string }).secure;
        assert.deepEqual(settings.config, { "aws:profile": "sandbox", "aws:region": "us-west-2", "fake-project:token": { secure } });
        assert.ok(!secure.includes("s3cr3t"));
        assert.deepEqual(fx.fake.state().stacks.dev.config, settings.config);
    });

    it("preview's onEvent receives exactly the scripted events over gRPC, framed as the engine frames them", async () => {
        const scripted: ScriptedEvent[] = [
            resourcePre("create", SG_URN, SG, { planning: true }),
            resOutputs("create", SG_URN, SG, { planning: true }),
            resourcePre("create", RULE_URN, RULE, { planning: true, inputs: { cidrIpv4: "0.0.0.0/0", fromPort: 5432 } }),
            resOutputs("create", RULE_URN, RULE, { planning: true, inputs: { cidrIpv4: "0.0.0.0/0", fromPort: 5432 } }),
            policyViolation({
                policyName: "no-public-database-port",
                policyPackName: "sg-provisioner",
                policyPackVersion: "0.1.0",
                message: "Port 5432 is open to 0.0.0.0/0.",
                resourceUrn: RULE_URN,
            }),
            diagnostic("warning", "tier app has no egress rules", SG_URN),
        ];
        const fx = fixture({ script: { preview: { events: scripted, policyPacks: [{ name: "sg-provisioner", version: "0.1.0" }] } } });
        const pack = tempDir("fake-pulumi-pack-");
        const received: EngineEvent[] = [];
        const before = Math.floor(Date.now() / 1000);
        const result = await fx.fake.withEnv(async () => {
            const stack = await devStack(fx);
            await stack.setConfig("aws:region", { value: "us-west-2" });
            return stack.preview({ diff: true, policyPacks: [pack], onEvent: (event) => received.push(event) });
        });
        const after = Math.floor(Date.now() / 1000);

        assert.deepEqual(unstamped(received), [
            { policyLoadEvent: {} },
            { preludeEvent: { config: { "aws:region": "us-west-2", "fake-project:tier": "app" } } },
            ...scripted,
            {
                summaryEvent: {
                    maybeCorrupt: false,
                    durationSeconds: 1,
                    resourceChanges: { create: 2 },
                    PolicyPacks: { [`sg-provisioner|local|${pack}`]: "0.1.0" },
                    isPreview: true,
                    result: "succeeded",
                },
            },
            { cancelEvent: {} },
        ]);
        assert.deepEqual(
            received.map((event) => event.sequence),
            received.map((_, i) => i),
        );
        assert.ok(received.every((event) => event.timestamp >= before && event.timestamp <= after));
        assert.deepEqual(result.changeSummary, { create: 2 });
        // execa, under the Automation API, strips the final newline.
        assert.equal(result.stdout, "Previewing update (dev):");
        const preview = fx.fake.calls().at(-1)!;
        assert.deepEqual(withTcpLog(preview.argv), [
            "preview",
            "--diff",
            "--policy-pack",
            pack,
            "--exec-kind",
            "auto.local",
            "--event-log",
            "<tcp>",
            "--stack",
            "dev",
            "--non-interactive",
        ]);
        assert.equal(preview.cwd, fx.workDir);
        assert.deepEqual(fx.fake.state().stacks.dev.history, []);
    });

    it("a CLI older than 3.206.0 gets a file event log, and the Automation API reads the same events from it", async () => {
        const scripted = [resourcePre("create", SG_URN, SG, { planning: true }), resOutputs("create", SG_URN, SG, { planning: true })];
        const fx = fixture({ version: "3.200.0", script: { preview: { events: scripted } } });
        const received: EngineEvent[] = [];
        const result = await fx.fake.withEnv(async () => (await devStack(fx)).preview({ onEvent: (event) => received.push(event) }));

        assert.deepEqual(unstamped(received).slice(1, -2), scripted);
        assert.deepEqual(result.changeSummary, { create: 1 });
        const argv = fx.fake.calls().at(-1)!.argv;
        const log = argv[argv.indexOf("--event-log") + 1];
        assert.ok(log.startsWith(path.join(os.tmpdir(), "automation-logs-preview-")) && log.endsWith("eventlog.txt"), log);
        assert.equal(fx.fake.calls()[0].argv[0], "version");
    });

    it("up streams its events, stores the resources, and returns the scripted outputs and the history's summary", async () => {
        const fx = fixture({ script: { up: CREATE_BOTH } });
        const pack = tempDir("fake-pulumi-pack-");
        const received: EngineEvent[] = [];
        const result = await fx.fake.withEnv(async () => (await devStack(fx)).up({ policyPacks: [pack], onEvent: (event) => received.push(event) }));

        assert.deepEqual(result.outputs, CREATE_BOTH.outputs);
        assert.deepEqual(unstamped(received).slice(2, -2), CREATE_BOTH.events);
        const summary = result.summary!;
        assert.deepEqual(
            [summary.version, summary.kind, summary.result, summary.message, summary.resourceChanges, summary.config],
            [1, "update", "succeeded", "", { create: 2 }, { "fake-project:tier": { value: "app", secret: false } }],
        );
        assert.ok(summary.startTime instanceof Date && summary.endTime instanceof Date);
        assert.equal(summary.environment["exec.kind"], "auto.local");
        assert.equal(summary.environment["pulumi.flag.policy-pack"], "set");

        const [up, ...after] = argvs(fx.fake, 3);
        assert.deepEqual(withTcpLog(up), [
            "up",
            "--yes",
            "--skip-preview",
            "--policy-pack",
            pack,
            "--exec-kind",
            "auto.local",
            "--event-log",
            "<tcp>",
            "--stack",
            "dev",
            "--non-interactive",
        ]);
        assert.deepEqual(after, [
            ["stack", "output", "--json", "--stack", "dev", "--non-interactive"],
            ["stack", "output", "--json", "--show-secrets", "--stack", "dev", "--non-interactive"],
            ["stack", "history", "--json", "--show-secrets", "--page-size", "1", "--page", "1", "--stack", "dev", "--non-interactive"],
        ]);
        // Each resource as its step's new state has it: the outputs event's.
        assert.deepEqual(fx.fake.state().stacks.dev.resources, [
            { urn: SG_URN, type: SG, id: "sg-0123", custom: true, parent: STACK_URN, provider: AWS_PROVIDER, inputs: { name: "app-sg" }, outputs: {} },
            { urn: RULE_URN, type: RULE, id: "sgr-0456", custom: true, parent: STACK_URN, provider: AWS_PROVIDER, inputs: { fromPort: 443 }, outputs: {} },
        ]);
    });

    it("previewRefresh runs `refresh --preview-only`, counts what the refresh found, and changes nothing", async () => {
        const fx = fixture({
            script: {
                up: CREATE_BOTH,
                "refresh-preview": {
                    events: [
                        resourcePre("refresh", SG_URN, SG, { id: "sg-0123", planning: true }),
                        resOutputs("update", SG_URN, SG, { id: "sg-0123", planning: true, diffs: ["description"] }),
                        resourcePre("refresh", RULE_URN, RULE, { id: "sgr-0456", planning: true }),
                        resOutputs("same", RULE_URN, RULE, { id: "sgr-0456", planning: true }),
                    ],
                },
            },
        });
        const result = await fx.fake.withEnv(async () => {
            const stack = await devStack(fx);
            await stack.up();
            return stack.previewRefresh({ onEvent: () => undefined });
        });

        assert.deepEqual(result.changeSummary, { same: 1, update: 1 });
        assert.deepEqual(withTcpLog(fx.fake.calls().at(-1)!.argv), [
            "refresh",
            "--preview-only",
            "--exec-kind",
            "auto.local",
            "--event-log",
            "<tcp>",
            "--stack",
            "dev",
            "--non-interactive",
        ]);
        const dev = fx.fake.state().stacks.dev;
        assert.equal(dev.history.length, 1);
        assert.equal(dev.resources.length, 2);
    });

    it("a failing up rejects with the Automation API's CommandError carrying the scripted stderr; history records the failure", async () => {
        const failing: ScriptedOperation = {
            events: [
                resourcePre("update", SG_URN, SG, { id: "sg-0123", diffs: ["ingress"] }),
                diagnostic("error", "creating ingress rule: InvalidPermission.Duplicate", SG_URN),
                resOpFailed("update", SG_URN, SG, { id: "sg-0123", diffs: ["ingress"] }),
                diagnostic("error", "update failed"),
            ],
            stderr: "error: update failed\n",
            exitCode: 1,
        };
        const fx = fixture({ script: { up: [CREATE_BOTH, failing] } });
        const received: EngineEvent[] = [];
        const history = await fx.fake.withEnv(async () => {
            const stack = await devStack(fx);
            await stack.up();
            await assert.rejects(
                stack.up({ onEvent: (event) => received.push(event) }),
                // execa rejects on the exit code, so the Automation API reports code -2 and the failure's text, stderr included.
                (error: unknown) =>
                    error instanceof CommandError && error.message.includes("Command failed with exit code 1: pulumi up") && error.message.includes("\nerror: update failed\n"),
            );
            return stack.history();
        });

        assert.deepEqual(unstamped(received).slice(1, -2), failing.events);
        assert.deepEqual(unstamped(received).at(-2), {
            summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: {}, PolicyPacks: {}, isPreview: false, result: "failed" },
        });
        assert.deepEqual(
            history.map((update) => [update.version, update.kind, update.result, update.resourceChanges]),
            [
                [2, "update", "failed", {}],
                [1, "update", "succeeded", { create: 2 }],
            ],
        );
        assert.deepEqual(fx.fake.state().stacks.dev.outputs, CREATE_BOTH.outputs);
    });

    it("removeStack refuses while resources remain; destroy deletes them; removeStack then removes the stack and its settings", async () => {
        const fx = fixture({
            script: {
                up: CREATE_BOTH,
                destroy: {
                    events: [
                        resourcePre("delete", RULE_URN, RULE, { id: "sgr-0456" }),
                        resOutputs("delete", RULE_URN, RULE, { id: "sgr-0456" }),
                        resourcePre("delete", SG_URN, SG, { id: "sg-0123" }),
                        resOutputs("delete", SG_URN, SG, { id: "sg-0123" }),
                    ],
                },
            },
        });
        const [destroyed, outputs, stacks] = await fx.fake.withEnv(async () => {
            const stack = await devStack(fx);
            await stack.up();
            await assert.rejects(stack.workspace.removeStack("dev"), /'dev' still has resources; removal rejected/);
            const result = await stack.destroy({ onEvent: () => undefined });
            const left = await stack.outputs();
            await stack.workspace.removeStack("dev");
            return [result, left, await stack.workspace.listStacks()];
        });

        assert.deepEqual([destroyed.summary?.kind, destroyed.summary?.resourceChanges], ["destroy", { delete: 2 }]);
        assert.deepEqual(outputs, {});
        assert.deepEqual(stacks, []);
        const destroy = fx.fake.calls().find((call) => call.argv[0] === "destroy")!;
        assert.deepEqual(withTcpLog(destroy.argv), [
            "destroy",
            "--yes",
            "--skip-preview",
            "--event-log",
            "<tcp>",
            "--exec-kind",
            "auto.local",
            "--stack",
            "dev",
            "--non-interactive",
        ]);
        assert.deepEqual(
            fx.fake
                .calls()
                .filter((call) => call.argv[1] === "rm")
                .map((call) => [call.argv, call.exitCode]),
            [
                [["stack", "rm", "--yes", "dev", "--non-interactive"], 1],
                [["stack", "rm", "--yes", "dev", "--non-interactive"], 0],
            ],
        );
        assert.deepEqual(fx.fake.state().stacks, {});
        assert.ok(!fs.existsSync(path.join(fx.workDir, "Pulumi.dev.yaml")));
    });

    it("listStacks and whoAmI answer as a DIY backend does", async () => {
        const fx = fixture({ script: { up: CREATE_BOTH } });
        const [stacks, who] = await fx.fake.withEnv(async () => {
            const stack = await devStack(fx);
            await stack.up();
            return [await stack.workspace.listStacks(), await stack.workspace.whoAmI()];
        });

        assert.deepEqual(stacks, [{ name: "dev", current: true, lastUpdate: fx.fake.state().stacks.dev.lastUpdate, resourceCount: 2 }]);
        assert.deepEqual(who, { user: os.userInfo().username, url: fx.backendUrl });
    });

    it("fails as the CLI does outside a project, and names any call it does not emulate", async () => {
        const fx = fixture();
        const outside = tempDir("fake-pulumi-no-project-");
        const noProject = await run(fx.fake, outside, ["stack", "ls", "--json"]);
        assert.deepEqual(noProject, {
            code: 1,
            stdout: "",
            stderr: `error: could not detect current project: no Pulumi.yaml project file found (searching upwards from ${outside}). If you have not created a project yet, use \`pulumi new\` to do so: no project file found\n`,
        });
        const unknown = await run(fx.fake, fx.workDir, ["plugin", "ls", "--json"]);
        assert.deepEqual(unknown, { code: 1, stdout: "", stderr: 'error: fake pulumi does not emulate ["plugin","ls","--json"]: no such command in the fake\n' });
        assert.deepEqual(
            fx.fake.calls().map((call) => [call.argv, call.cwd, call.exitCode]),
            [
                [["stack", "ls", "--json"], outside, 1],
                [["plugin", "ls", "--json"], fx.workDir, 1],
            ],
        );
    });

    describe("exportStack (`stack export --show-secrets`)", () => {
        it("writes the stack's state as an UntypedDeployment: the manifest, the passphrase provider, each resource a ResourceV3", async () => {
            const fx = fixture({ script: { up: CREATE_BOTH } });
            const exported = await fx.fake.withEnv(async () => {
                const stack = await devStack(fx);
                await stack.up();
                return stack.exportStack();
            });

            const parentedByStack = { parent: STACK_URN, provider: AWS_PROVIDER };
            const expected = {
                version: 3,
                deployment: {
                    manifest: { time: fx.fake.state().stacks.dev.lastUpdate, magic: MAGIC, version: "v3.248.0" },
                    secrets_providers: { type: "passphrase", state: { salt: "fakepulumi:salt" } },
                    // Empty outputs are left out, as Go leaves out an empty omitempty map.
                    resources: [
                        { urn: SG_URN, custom: true, id: "sg-0123", type: SG, inputs: { name: "app-sg" }, ...parentedByStack },
                        { urn: RULE_URN, custom: true, id: "sgr-0456", type: RULE, inputs: { fromPort: 443 }, ...parentedByStack },
                    ],
                    metadata: {},
                },
            };
            assert.deepEqual(exported, expected);
            assert.deepEqual(argvs(fx.fake).at(-1), ["stack", "export", "--show-secrets", "--stack", "dev", "--non-interactive"]);

            // As the CLI prints it: json.Encoder indenting by four spaces, each struct's fields in declaration order.
            const printed = await run(fx.fake, fx.workDir, ["stack", "export", "--stack", "dev"], fx.options.envVars);
            assert.deepEqual(printed, { code: 0, stdout: `${JSON.stringify(expected, null, 4)}\n`, stderr: "" });
        });

        it("writes scripted resources as given: the stack and a component are not custom and have no id; maps' keys sorted", async () => {
            const component = urn("dev", PROJECT, "sg-provisioner:index:TieredSecurityGroups", "app");
            const resources = [
                { urn: STACK_URN, type: "pulumi:pulumi:Stack", id: "" },
                { urn: component, type: "sg-provisioner:index:TieredSecurityGroups", id: "", parent: STACK_URN, inputs: { tiers: ["web"] }, outputs: {} },
                {
                    urn: SG_URN,
                    type: SG,
                    id: "sg-0123",
                    parent: component,
                    provider: AWS_PROVIDER,
                    inputs: { vpcId: "vpc-0123", name: "app-sg" },
                    outputs: { vpcId: "vpc-0123", arn: "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123", id: "sg-0123", name: "app-sg" },
                },
            ];
            const fx = fixture({ script: { up: { resources } } });
            const exported = await fx.fake.withEnv(async () => {
                const stack = await devStack(fx);
                await stack.up();
                return stack.exportStack();
            });

            const written = exported.deployment.resources as Record<string, unknown>[];
            assert.deepEqual(written, [
                { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" },
                { urn: component, custom: false, type: "sg-provisioner:index:TieredSecurityGroups", inputs: { tiers: ["web"] }, parent: STACK_URN },
                { urn: SG_URN, custom: true, id: "sg-0123", type: SG, inputs: resources[2].inputs, outputs: resources[2].outputs, parent: component, provider: AWS_PROVIDER },
            ]);
            assert.deepEqual(Object.keys(written[2]), ["urn", "custom", "id", "type", "inputs", "outputs", "parent", "provider"]);
            assert.deepEqual(Object.keys(written[2].outputs as object), ["arn", "id", "name", "vpcId"]);
        });

        it("a stack nothing has run on: a null deployment, which --show-secrets writes as the empty DeploymentV3", async () => {
            const fx = fixture();
            const exported = await fx.fake.withEnv(async () => (await devStack(fx)).exportStack());
            assert.deepEqual(exported, { version: 3, deployment: { manifest: { time: "0001-01-01T00:00:00Z", magic: "", version: "" }, metadata: {} } });
            const printed = await run(fx.fake, fx.workDir, ["stack", "export", "-s", "dev"], fx.options.envVars);
            assert.deepEqual(printed, { code: 0, stdout: '{\n    "version": 3,\n    "deployment": null\n}\n', stderr: "" });
        });

        it("a stack that does not exist fails as the CLI does: exit code 6, no stack named", async () => {
            const fx = fixture();
            await fx.fake.withEnv(async () => {
                const stack = await devStack(fx);
                await assert.rejects(
                    stack.workspace.exportStack("prod"),
                    (error: unknown) =>
                        error instanceof CommandError &&
                        error.message.includes("pulumi stack export --show-secrets --stack prod") &&
                        error.message.includes("error: no stack named 'prod' found\n"),
                );
            });
            assert.deepEqual(fx.fake.calls().at(-1)?.exitCode, 6);
        });

        it("--show-secrets reads the deployment back, so without the passphrase it fails; without --show-secrets it needs none", async () => {
            const fx = fixture({ script: { up: CREATE_BOTH } });
            await fx.fake.withEnv(async () => (await devStack(fx)).up());
            const noPassphrase = { PULUMI_BACKEND_URL: fx.backendUrl, PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: undefined };

            const refused = await run(fx.fake, fx.workDir, ["stack", "export", "--show-secrets", "--stack", "dev"], noPassphrase);
            assert.deepEqual(refused, {
                code: 1,
                stdout: "",
                stderr: 'error: could not deserialize deployment: constructing secrets manager of type "passphrase": constructing secrets manager: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables\n',
            });
            const plain = await run(fx.fake, fx.workDir, ["stack", "export", "--stack", "dev"], noPassphrase);
            assert.equal(plain.code, 0);
            assert.equal(JSON.parse(plain.stdout).deployment.resources.length, 2);
            const unsupported = await run(fx.fake, fx.workDir, ["stack", "export", "--stack", "dev", "--file", "out.json"], noPassphrase);
            assert.deepEqual(unsupported.code, 1);
            assert.match(unsupported.stderr, /fake pulumi does not emulate .*--file, --version/);
        });
    });

    it("withEnv puts process.env back as it was", async () => {
        const fx = fixture();
        const savedPath = process.env.PATH;
        const seen = await fx.fake.withEnv(async () => [process.env.PATH, process.env.FAKE_PULUMI_DIR]);
        assert.deepEqual(seen, [fx.fake.env.PATH, fx.fake.dir]);
        assert.equal(process.env.PATH, savedPath);
        assert.equal(process.env.FAKE_PULUMI_DIR, undefined);
    });
});
