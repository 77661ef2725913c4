import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CustomerNotEntitledException, MarketplaceMeteringClient, RegisterUsageCommand } from "@aws-sdk/client-marketplace-metering";
import { GetParameterCommand, GetParametersByPathCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { DiffKind, OutputMap } from "@pulumi/pulumi/automation";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { EXIT_MEANINGS } from "../provider/cli/src/cli/io";
import { main } from "../provider/cli/src/cli/main";
import { capturedIo } from "./support/cli-io";
import { REPO } from "./support/config";
import { FakePulumi, ScriptedEvent, ScriptedOperation, diagnostic, fakePulumi, policyViolation, resOutputs, resourcePre, withProcessEnv } from "./support/fake-pulumi";
import { tempDir } from "./support/temp";
import YAML from "yaml";

const SET = "globalbank-prod-c001-us-west-2-fraud-sg";
const REGION = "us-west-2";
const VPC_PARAMETER = "/vpc/globalbank-prod-c001-us-west-2-vpc/VPCId";
const VPC = "vpc-0123456789abcdef0";
const COMPONENT = "sg-provisioner:index:TieredSecurityGroups";
const GROUP = "aws:ec2/securityGroup:SecurityGroup";
const GROUP_IDS = { app: "sg-0aaaaaaaaaaaaaaa1", db: "sg-0aaaaaaaaaaaaaaa2", web: "sg-0aaaaaaaaaaaaaaa3" };
/** The set's parameters in SSM once deployed: each names the group the stack owns. */
const OWN_PARAMETERS = Object.entries(GROUP_IDS).map(([tier, id]) => ({ Name: `/sg/${SET}/${tier}/SecurityGroupId`, Value: id }));
const POLICY_PACK = fs.realpathSync(path.join(REPO, "policypack"));

/** The URNs `pulumi preview` plans for the example (the golden file), on another stack. */
const GOLDEN_URNS = Object.keys(JSON.parse(fs.readFileSync(path.join(REPO, "test", "golden", "program-preview.json"), "utf8")) as Record<string, unknown>);

function urnsOn(stack: string): string[] {
    return GOLDEN_URNS.filter((urn) => !urn.includes("::pulumi:pulumi:Stack::")).map((urn) => urn.replace("urn:pulumi:prod::", `urn:pulumi:${stack}::`));
}

function typeOf(urn: string): string {
    return urn.split("::")[2].split("$").pop() as string;
}

/** The tier of a group's URN (`...-web`), for the state the stand-in keeps. */
function tierOf(urn: string): keyof typeof GROUP_IDS {
    return urn.slice(urn.lastIndexOf("-") + 1) as keyof typeof GROUP_IDS;
}

/**
 * Every resource of the set, in one step kind: what a first preview or up reports. A group's final
 * state has its ID, Tier and Name tags and region, as the AWS provider returns them.
 */
function steps(stack: string, op: "create" | "same", planning: boolean, setName = SET): ScriptedEvent[] {
    return urnsOn(stack).flatMap((urn) => {
        const type = typeOf(urn);
        const options = { planning, component: type === COMPONENT };
        if (planning) return [resourcePre(op, urn, type, options)];
        const group =
            type === GROUP
                ? { id: GROUP_IDS[tierOf(urn)], outputs: { region: REGION, tags: { Tier: tierOf(urn), Name: `${setName}-${tierOf(urn)}` } } }
                : { id: `id-${urn.split("::").pop()}` };
        return [resourcePre(op, urn, type, options), resOutputs(op, urn, type, { ...options, ...(type === COMPONENT ? {} : group) })];
    });
}

function groupUrn(stack: string, tier: string): string {
    return `urn:pulumi:${stack}::sg-provisioner::${COMPONENT}$${GROUP}::${SET}-${tier}`;
}

/** What the program's stack outputs are after `up`, for a set named `setName`. */
function outputs(setName = SET): OutputMap {
    const plain = {
        setName,
        vpcId: VPC,
        securityGroupIds: GROUP_IDS,
        securityGroupNames: { app: `${setName}-app-1`, db: `${setName}-db-1`, web: `${setName}-web-1` },
        parameterNames: { app: `/sg/${setName}/app/SecurityGroupId`, db: `/sg/${setName}/db/SecurityGroupId`, web: `/sg/${setName}/web/SecurityGroupId` },
        ruleCounts: { app: { ingress: 2, egress: 1 }, db: { ingress: 1, egress: 0 }, web: { ingress: 4, egress: 2 } },
    };
    return Object.fromEntries(Object.entries(plain).map(([key, value]) => [key, { value, secret: false }]));
}

interface Project {
    readonly dir: string;
    readonly reports: string;
}

/** A Pulumi project outside the checkout: the root Pulumi.yaml, and the example as configs/prod.yaml. */
function project(): Project {
    const dir = tempDir("sgp-lifecycle-");
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "configs"));
    fs.copyFileSync(path.join(REPO, "examples", "configs", "globalbank-prod-c001-us-west-2-sg.yaml"), path.join(dir, "configs", "prod.yaml"));
    return { dir, reports: path.join(dir, "reports") };
}

interface Run {
    readonly code: number;
    readonly out: string;
    readonly err: string;
    readonly asked: string[];
}

/** A local backend in the project's temporary folder, as `pulumi login --local` would give a first run. */
function backend(where: Project): Record<string, string> {
    return { PULUMI_BACKEND_URL: `file://${path.join(where.dir, ".pulumi-state")}`, PULUMI_CONFIG_PASSPHRASE: "test passphrase" };
}

async function run(fake: FakePulumi, where: Project, args: string[], options: { answer?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
    const captured = capturedIo(where.dir, options);
    const code = await fake.withEnv(() => withProcessEnv(backend(where), () => main(["--reports-dir", where.reports, ...args], captured.io)));
    return { code, out: captured.out.join("\n"), err: captured.err.join("\n"), asked: captured.asked };
}

/** The argv of each call, without the `--stack X` the Automation API appends to most. */
function commands(fake: FakePulumi): string[] {
    return fake.calls().map((call) => call.argv.join(" "));
}

function operations(fake: FakePulumi): string[] {
    return fake
        .calls()
        .map((call) => call.argv[0])
        .filter((command) => ["preview", "up", "refresh", "destroy"].includes(command));
}

function auditLogs(where: Project): string[] {
    if (!fs.existsSync(where.reports)) return [];
    return fs
        .readdirSync(where.reports)
        .filter((name) => name.endsWith(".log"))
        .sort()
        .map((name) => fs.readFileSync(path.join(where.reports, name), "utf8"));
}

describe("lifecycle actions, on the Automation API against a stand-in pulumi", function () {
    this.timeout(60_000);

    let ssm: AwsClientStub<SSMClient>;
    let ec2: AwsClientStub<EC2Client>;
    let metering: AwsClientStub<MarketplaceMeteringClient>;

    beforeEach(() => {
        ssm = mockClient(SSMClient);
        ec2 = mockClient(EC2Client);
        metering = mockClient(MarketplaceMeteringClient);
        ssm.on(GetParameterCommand, { Name: VPC_PARAMETER }).resolves({ Parameter: { Name: VPC_PARAMETER, Value: VPC } });
        ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
        ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
        // Every group the set asks for is there, and no other group references it.
        ec2.on(DescribeSecurityGroupsCommand).callsFake((input: { GroupIds?: string[] }) => ({ SecurityGroups: (input.GroupIds ?? []).map((id) => ({ GroupId: id })) }));
    });

    /**
     * The example deployed with create-security-groups; SSM then holds its parameters. `up` is what
     * the deployment's `up` reports (default: every resource created, with the outputs).
     */
    async function deployed(up: ScriptedOperation = { events: steps(SET, "create", false), outputs: outputs() }): Promise<{ where: Project; fake: FakePulumi }> {
        const where = project();
        const fake = fakePulumi({ script: { up } });
        const result = await run(fake, where, ["create-security-groups", "configs/prod.yaml", "--force"]);
        assert.equal(result.code, up.outputs && Object.keys(up.outputs).length > 0 ? 0 : 6, result.err);
        ssm.on(GetParametersByPathCommand).resolves({ Parameters: OWN_PARAMETERS });
        return { where, fake };
    }

    afterEach(() => {
        ssm.restore();
        ec2.restore();
        metering.restore();
    });

    describe("show-changes", () => {
        it("previews the set's stack with the config's settings and lists each change, in the project's directory", async () => {
            const where = project();
            const fake = fakePulumi({ script: { preview: { events: steps(SET, "create", true) } } });
            const result = await run(fake, where, ["show-changes", "configs/prod.yaml"]);
            assert.equal(result.code, 0, result.err);
            const lines = result.out.split("\n");
            assert.equal(lines[0], `Changes to ${SET} (stack ${SET}):`);
            assert.ok(lines.includes(`  +  create  ${COMPONENT}  ${SET}`), result.out);
            assert.equal(lines.filter((line) => /^ {2}\+ {2}create /.test(line)).length, urnsOn(SET).length);
            assert.equal(lines.at(-1), `${urnsOn(SET).length} to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged`);
            // `pulumi version` runs where the Automation API is; every other call in the project.
            const calls = fake.calls().filter((call) => call.argv[0] !== "version");
            assert.deepEqual([...new Set(calls.map((call) => call.cwd))], [where.dir]);
            // The stack is looked for (absent: no outputs to own), then created, configured and previewed.
            assert.deepEqual(
                calls.map((call) => call.argv.join(" ").replace(/tcp:\/\/127\.0\.0\.1:\d+/, "tcp://127.0.0.1:PORT")),
                [
                    `stack select --stack ${SET} --non-interactive`,
                    `stack select --stack ${SET} --non-interactive`,
                    `stack init ${SET} --non-interactive`,
                    `config --show-secrets --json --stack ${SET} --non-interactive`,
                    `config set-all --stack ${SET} --plaintext aws:region=${REGION} --plaintext sg-provisioner:configFile=configs/prod.yaml --non-interactive`,
                    `preview --diff --policy-pack ${POLICY_PACK} --exec-kind auto.local --event-log tcp://127.0.0.1:PORT --stack ${SET} --non-interactive`,
                ],
            );
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 1, "the VPC parameter is checked first");
        });

        it("prints the changes as JSON, and progress on standard error", async () => {
            const where = project();
            const web = groupUrn(SET, "web");
            const fake = fakePulumi({
                script: { preview: { events: [resourcePre("replace", web, GROUP, { planning: true, keys: ["vpcId"], diffs: ["vpcId"] })] } },
            });
            const result = await run(fake, where, ["show-changes", "configs/prod.yaml", "--json"]);
            assert.equal(result.code, 0, result.err);
            const json = JSON.parse(result.out);
            assert.deepEqual(Object.keys(json), ["name", "stack", "changes", "counts"]);
            assert.deepEqual(
                json.changes.map((change: { kind: string; name: string; replacedBy: string[] }) => [change.kind, change.name, change.replacedBy]),
                [["replace", `${SET}-web`, ["vpcId"]]],
            );
            assert.match(json.changes[0].disruption, /^DISRUPTIVE/);
            assert.ok(result.err.includes(`  replace ${GROUP} ${SET}-web...`), result.err);
        });

        it("stops before Pulumi runs when the VPC parameter is missing, and says where it looked", async () => {
            const where = project();
            ssm.on(GetParameterCommand, { Name: VPC_PARAMETER }).rejects(new ParameterNotFound({ message: "not found", $metadata: {} }));
            const fake = fakePulumi();
            const result = await run(fake, where, ["show-changes", "configs/prod.yaml"]);
            assert.equal(result.code, 4);
            assert.match(result.err, new RegExp(`preflight failed in ${REGION}: SSM parameter ${VPC_PARAMETER} does not exist in ${REGION}`));
            assert.deepEqual(operations(fake), []);
            assert.match(auditLogs(where)[0], /DECIDED stopped \(exit 4\): preflight failed/);
        });
    });

    describe("create-security-groups", () => {
        it("previews with the policy pack, then refuses without --force when nobody can confirm, before AWS changes, and audits the refusal", async () => {
            const where = project();
            const fake = fakePulumi({ script: { preview: { events: steps(SET, "create", true) } } });
            const result = await run(fake, where, ["create-security-groups", "configs/prod.yaml"]);
            assert.equal(result.code, 4);
            assert.match(result.err, /refused: this action changes AWS \(deploy .*: 17 to create, 0 to update, 0 to replace, 0 to delete\) and standard input is not a terminal/);
            assert.match(result.err, /fix: pass --force to run it from a pipeline/);
            assert.deepEqual(operations(fake), ["preview"], "previewed, never deployed");
            const preview = fake.calls().find((call) => call.argv[0] === "preview")?.argv ?? [];
            assert.deepEqual(preview.slice(0, 4), ["preview", "--diff", "--policy-pack", POLICY_PACK]);
            assert.deepEqual(fake.state().stacks[SET].resources, [], "the stack Pulumi previews against exists, and holds nothing");
            assert.ok(result.err.includes(`Changes to ${SET} (stack ${SET}):`), "the changes are shown before the question");
            assert.match(auditLogs(where)[0], /DECIDED refused: standard input is not a terminal and --force was not given/);
            assert.match(auditLogs(where)[0], /exit 4\n$/);
        });

        it("asks on a terminal for the stack's name, showing what will change, and stops on any other answer", async () => {
            const where = project();
            const web = groupUrn(SET, "web");
            const fake = fakePulumi({ script: { preview: { events: [resourcePre("replace", web, GROUP, { planning: true, keys: ["vpcId"] })] } } });
            const result = await run(fake, where, ["create-security-groups", "configs/prod.yaml"], { answer: "yes" });
            assert.equal(result.code, 4);
            assert.equal(
                result.asked[0],
                `deploy ${SET} to stack ${SET} in ${REGION}: 0 to create, 0 to update, 1 to replace, 0 to delete (1 DISRUPTIVE).\nType the stack name (${SET}) to go on, anything else to stop: `,
            );
            assert.match(result.err, new RegExp(`stopped: the answer was not ${SET}; nothing was changed`));
            assert.deepEqual(operations(fake), ["preview"]);
        });

        it("stops before deploying when the policy pack refuses the preview", async () => {
            const where = project();
            const db = groupUrn(SET, "db");
            const fake = fakePulumi({
                script: {
                    preview: {
                        events: [
                            resourcePre("create", db, GROUP, { planning: true }),
                            policyViolation({
                                policyName: "security-group-no-database-from-internet",
                                policyPackName: "sg-provisioner",
                                policyPackVersion: "0.1.0",
                                message: "port 5432 reachable from 0.0.0.0/0",
                                enforcementLevel: "mandatory",
                                resourceUrn: db,
                            }),
                        ],
                        stderr: "error: preview failed\n",
                        exitCode: 1,
                    },
                },
            });
            const result = await run(fake, where, ["create-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 4, result.err);
            assert.match(result.err, /sg-provisioner: the policy pack refuses the change: security-group-no-database-from-internet: port 5432 reachable from 0\.0\.0\.0\/0/);
            assert.deepEqual(operations(fake), ["preview"]);
        });

        it("deploys with the policy pack once confirmed, then writes the deployment report from the stack's outputs", async () => {
            const where = project();
            const fake = fakePulumi({ script: { up: { events: steps(SET, "create", false), outputs: outputs() } } });
            const result = await run(fake, where, ["create-security-groups", "configs/prod.yaml"], { answer: SET });
            assert.equal(result.code, 0, result.err);
            const up = fake.calls().find((call) => call.argv[0] === "up")?.argv ?? [];
            assert.deepEqual(up.slice(0, 5), ["up", "--yes", "--skip-preview", "--policy-pack", POLICY_PACK]);
            const report = path.join(where.reports, `${SET}-deployment.html`);
            assert.ok(fs.existsSync(report));
            assert.ok(fs.readFileSync(report, "utf8").includes(`<code>${GROUP_IDS.db}</code>`));
            assert.ok(
                result.out.startsWith(
                    "The stack matches the config in what was compared: tiers, group names, SSM parameter names and rule counts.\n" +
                        "Not compared: the VPC ID, which SSM parameter /vpc/globalbank-prod-c001-us-west-2-vpc/VPCId gives at deploy time.\n\n",
                ),
                result.out,
            );
            assert.ok(result.out.includes(`\nWrote reports/${SET}-deployment.html`), result.out);
            assert.ok(result.out.includes(`  db: ${GROUP_IDS.db}  /sg/${SET}/db/SecurityGroupId`));
            assert.ok(result.err.includes(`  create ${GROUP} ${SET}-db: done`), "progress is streamed resource by resource");
            const log = auditLogs(where)[0];
            assert.match(log, /DECIDED confirmed on the terminal/);
            assert.match(log, new RegExp(`WROTE {3}reports/${SET}-deployment.html`));
        });

        it("reports a failed update as one clear line and exit 6, with no report", async () => {
            const where = project();
            const fake = fakePulumi({
                script: {
                    up: {
                        events: [diagnostic("error", "creating EC2 Security Group: InvalidGroup.Duplicate", groupUrn(SET, "web"))],
                        stderr: "error: update failed\n",
                        exitCode: 1,
                    },
                },
            });
            const result = await run(fake, where, ["create-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 6);
            assert.match(result.err, new RegExp(`sg-provisioner: deploying stack ${SET}: error: update failed`));
            assert.ok(result.err.includes("  error: creating EC2 Security Group: InvalidGroup.Duplicate"));
            assert.ok(!fs.existsSync(path.join(where.reports, `${SET}-deployment.html`)));
            assert.doesNotMatch(result.err, /\n\s+at /, "no stack trace");
        });

        it("refuses when the set's SSM parameters belong to something else", async () => {
            const where = project();
            ssm.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: `/sg/${SET}/web/SecurityGroupId`, Value: "sg-0ffffffffffffffff" }] });
            const fake = fakePulumi();
            const result = await run(fake, where, ["create-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 4);
            assert.match(result.err, new RegExp(`SSM parameter /sg/${SET}/web/SecurityGroupId = sg-0ffffffffffffffff in ${REGION} already exists`));
            assert.deepEqual(operations(fake), []);
        });
    });

    describe("check-drift", () => {
        it("exits 3 with a drift report when a group was changed by hand, without writing the stack's state", async () => {
            const { where, fake } = await deployed();
            const app = groupUrn(SET, "app");
            fake.setScript({
                "refresh-preview": {
                    events: [
                        resourcePre("refresh", app, GROUP, { planning: true, id: GROUP_IDS.app }),
                        resOutputs("update", app, GROUP, {
                            planning: true,
                            old: { id: GROUP_IDS.app, outputs: { description: "app tier" } },
                            new: { id: GROUP_IDS.app, outputs: { description: "edited in the console" } },
                            diffs: ["description"],
                            detailedDiff: { description: { diffKind: DiffKind.update, inputDiff: false } },
                        }),
                    ],
                },
            });
            const result = await run(fake, where, ["check-drift", "configs/prod.yaml", "--json"]);
            assert.equal(result.code, 3, result.err);
            const json = JSON.parse(result.out);
            assert.equal(json.drifted, true);
            assert.deepEqual(json.drift[0].properties, [{ name: "description", change: "update", recorded: "app tier", actual: "edited in the console" }]);
            const refresh = fake.calls().find((call) => call.argv[0] === "refresh")?.argv ?? [];
            assert.deepEqual(refresh.slice(0, 2), ["refresh", "--preview-only"]);
            const page = fs.readFileSync(path.join(where.reports, `${SET}-drift.html`), "utf8");
            assert.ok(page.includes("edited in the console"));
            assert.equal(fake.state().stacks[SET].history.filter((entry) => entry.kind === "refresh").length, 0, "a preview-only refresh records nothing");
        });

        it("reports a resource deleted outside Pulumi, and still exits 3 when the report cannot be written", async () => {
            const { where, fake } = await deployed();
            const rule = urnsOn(SET).find((urn) => urn.endsWith("-db-ingress-tcp-5432-from-tier-app")) as string;
            fake.setScript({ "refresh-preview": { events: [resOutputs("delete", rule, typeOf(rule), { planning: true, id: "sgr-0ccc" })] } });
            // A directory where the report goes: it cannot be written, even as root.
            fs.mkdirSync(path.join(where.reports, `${SET}-drift.html`), { recursive: true });
            const result = await run(fake, where, ["check-drift", "configs/prod.yaml"]);
            assert.equal(result.code, 3, result.err);
            assert.match(
                result.out,
                new RegExp(
                    `^Drift in ${SET} \\(stack ${SET}\\): 1 resource changed outside Pulumi\n  deleted  ${typeOf(rule)}  ${SET}-db-ingress-tcp-5432-from-tier-app \\(sgr-0ccc\\)$`,
                ),
            );
            assert.match(result.err, new RegExp(`could not write reports/${SET}-drift.html`));
            assert.ok(result.err.includes(`${typeOf(rule)} ${SET}-db-ingress-tcp-5432-from-tier-app: gone from AWS`));
        });

        it("exits 0 when nothing drifted", async () => {
            const { where, fake } = await deployed();
            const result = await run(fake, where, ["check-drift", "configs/prod.yaml"]);
            assert.equal(result.code, 0, result.err);
            assert.equal(result.out, `No drift: every resource of ${SET} (stack ${SET}) matches the stack's state.\n\nWrote reports/${SET}-drift.html`);
        });

        it("says there is nothing to check when the stack does not exist", async () => {
            const where = project();
            const fake = fakePulumi();
            const result = await run(fake, where, ["check-drift", "configs/prod.yaml"]);
            assert.equal(result.code, 6);
            assert.match(result.err, new RegExp(`stack ${SET} does not exist: nothing of ${SET} has been deployed from this project`));
        });
    });

    describe("delete-security-groups", () => {
        it("refuses while a network interface uses one of the set's groups, naming what is behind it", async () => {
            const { where, fake } = await deployed();
            ec2.on(DescribeNetworkInterfacesCommand).resolves({
                NetworkInterfaces: [
                    { NetworkInterfaceId: "eni-0123", Status: "in-use", Description: "RDSNetworkInterface", RequesterId: "amazon-rds", Groups: [{ GroupId: GROUP_IDS.db }] },
                ],
            });
            const result = await run(fake, where, ["delete-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 4, result.err);
            assert.match(
                result.err,
                /refused: the set's groups cannot be deleted while this remains:\n {2}eni-0123 \(in-use\) RDS database \(RDSNetworkInterface\) uses db: sg-0aaaaaaaaaaaaaaa2\n/,
            );
            assert.ok(!operations(fake).includes("destroy"));
            const filter = ec2.commandCalls(DescribeNetworkInterfacesCommand)[0].args[0].input as { Filters: { Name: string; Values: string[] }[] };
            assert.deepEqual(filter.Filters, [{ Name: "group-id", Values: Object.values(GROUP_IDS) }]);
        });

        it("takes the groups from the stack's state, so a failed first deployment without outputs is still checked", async () => {
            const { where, fake } = await deployed({ events: steps(SET, "create", false), outputs: {} });
            assert.deepEqual(fake.state().stacks[SET].outputs, {});
            ec2.on(DescribeNetworkInterfacesCommand).resolves({
                NetworkInterfaces: [{ NetworkInterfaceId: "eni-0456", Status: "in-use", Attachment: { InstanceId: "i-0123" }, Groups: [{ GroupId: GROUP_IDS.web }] }],
            });
            const result = await run(fake, where, ["delete-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 4, result.err);
            assert.match(result.err, /eni-0456 \(in-use\) EC2 instance i-0123 uses web: sg-0aaaaaaaaaaaaaaa3/);
            const filter = ec2.commandCalls(DescribeNetworkInterfacesCommand)[0].args[0].input as { Filters: { Values: string[] }[] };
            assert.deepEqual([...filter.Filters[0].Values].sort(), Object.values(GROUP_IDS).sort());
        });

        it("refuses while another group's rule references one of the set's groups, or a group cannot be seen", async () => {
            const { where, fake } = await deployed();
            ec2.on(DescribeSecurityGroupsCommand).callsFake((input: { GroupIds?: string[]; Filters?: { Name: string }[] }) => {
                if (input.GroupIds) return { SecurityGroups: input.GroupIds.filter((id) => id !== GROUP_IDS.web).map((id) => ({ GroupId: id })) };
                if (input.Filters?.[0].Name === "ip-permission.group-id") {
                    return {
                        SecurityGroups: [
                            { GroupId: "sg-0bbbbbbbbbbbbbbb9", GroupName: "billing-api", VpcId: "vpc-1", IpPermissions: [{ UserIdGroupPairs: [{ GroupId: GROUP_IDS.db }] }] },
                        ],
                    };
                }
                return { SecurityGroups: [] };
            });
            const result = await run(fake, where, ["delete-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 4, result.err);
            assert.match(result.err, /refused: the set's groups cannot be deleted while these 2 remain:/);
            assert.match(result.err, /sg-0aaaaaaaaaaaaaaa3 is not visible in us-west-2 with these credentials/);
            assert.match(result.err, /sg-0bbbbbbbbbbbbbbb9 \(billing-api\) allows inbound from db: sg-0aaaaaaaaaaaaaaa2/);
            assert.ok(!operations(fake).includes("destroy"));
        });

        it("asks before destroying, and refuses without --force when nobody can answer", async () => {
            const { where, fake } = await deployed();
            const refused = await run(fake, where, ["delete-security-groups", "configs/prod.yaml"]);
            assert.equal(refused.code, 4);
            assert.match(refused.err, /refused: this action changes AWS \(delete every security group, rule and SSM parameter of /);
            const wrong = await run(fake, where, ["delete-security-groups", "configs/prod.yaml"], { answer: "y" });
            assert.equal(wrong.code, 4);
            assert.match(wrong.asked[0], new RegExp(`^delete every security group, rule and SSM parameter of ${SET} \\(stack ${SET}, ${REGION}\\)`));
            assert.ok(!operations(fake).includes("destroy"));
        });

        it("deletes a set whose VPC parameter is gone, with a warning", async () => {
            const { where, fake } = await deployed();
            ssm.on(GetParameterCommand, { Name: VPC_PARAMETER }).rejects(new ParameterNotFound({ message: "not found", $metadata: {} }));
            ssm.on(GetParametersByPathCommand).resolvesOnce({ Parameters: OWN_PARAMETERS }).resolves({ Parameters: [] });
            const result = await run(fake, where, ["delete-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 0, result.err);
            assert.match(result.err, new RegExp(`^warning: SSM parameter ${VPC_PARAMETER} does not exist in ${REGION}`, "m"));
            assert.ok(operations(fake).includes("destroy"));
        });

        it("stops with exit 6 when AWS refuses the interface check", async () => {
            const { where, fake } = await deployed();
            ec2.on(DescribeNetworkInterfacesCommand).rejects(
                Object.assign(new Error("You are not authorized to perform this operation."), { name: "UnauthorizedOperation", $metadata: { httpStatusCode: 403 } }),
            );
            const result = await run(fake, where, ["delete-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 6);
            assert.match(result.err, /could not check which network interfaces use the set's groups in us-west-2: .*ec2:DescribeNetworkInterfaces/);
            assert.ok(!operations(fake).includes("destroy"));
        });

        it("destroys, then checks that the set's SSM parameters are gone", async () => {
            const { where, fake } = await deployed();
            ssm.on(GetParametersByPathCommand).resolvesOnce({ Parameters: OWN_PARAMETERS }).resolves({ Parameters: [] });
            const result = await run(fake, where, ["delete-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 0, result.err);
            assert.ok(operations(fake).includes("destroy"));
            assert.match(result.out, new RegExp(`^Deleted ${SET} \\(stack ${SET}\\)`));
            assert.deepEqual(fake.state().stacks[SET].resources, []);
            const paths = ssm.commandCalls(GetParametersByPathCommand).map((call) => (call.args[0].input as { Path: string }).Path);
            assert.equal(paths.at(-1), `/sg/${SET}`);
        });

        it("fails when parameters are still there after the destroy", async () => {
            const { where, fake } = await deployed();
            ssm.on(GetParametersByPathCommand)
                .resolvesOnce({ Parameters: OWN_PARAMETERS })
                .resolves({ Parameters: [{ Name: `/sg/${SET}/web/SecurityGroupId`, Value: GROUP_IDS.web }] });
            const result = await run(fake, where, ["delete-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 6);
            assert.match(result.err, new RegExp(`destroyed, but SSM parameters remain under /sg/${SET}/: /sg/${SET}/web/SecurityGroupId`));
        });
    });

    describe("test-deploy", () => {
        /** test-deploy with the suffix fixed, so that a script can name the test set's outputs. */
        async function testDeploy(fake: FakePulumi, where: Project, options: { force?: boolean; keep?: boolean }) {
            const captured = capturedIo(where.dir);
            const { testDeployCommand } = await import("../provider/cli/src/cli/commands/deploy");
            const code = await fake.withEnv(() =>
                withProcessEnv(backend(where), () => testDeployCommand("configs/prod.yaml", { reportsDir: where.reports, ...options }, captured.io, "abc123")),
            );
            return { code, captured };
        }

        function testStack(fake: FakePulumi): string {
            const up = fake.calls().find((call) => call.argv[0] === "up");
            return up?.argv[up.argv.indexOf("--stack") + 1] ?? "";
        }

        it("deploys on a new stack with its own names and settings, and still destroys and removes it when the deployment gives no report", async () => {
            const where = project();
            const fake = fakePulumi({ script: { up: { events: [], outputs: {} } } });
            const result = await run(fake, where, ["test-deploy", "configs/prod.yaml", "--force"]);
            const stack = testStack(fake);
            assert.match(stack, new RegExp(`^${SET}-test-[0-9a-f]{6}$`));
            const suffix = stack.slice(`${SET}-test-`.length);
            assert.ok(
                commands(fake).includes(
                    `config set-all --stack ${stack} --plaintext aws:region=${REGION} --plaintext sg-provisioner:configFile=configs/prod.yaml --plaintext sg-provisioner:isolationSuffix=${suffix} --non-interactive`,
                ),
                commands(fake).join("\n"),
            );
            assert.deepEqual(operations(fake), ["preview", "up", "destroy"]);
            assert.ok(commands(fake).includes(`stack rm --yes ${stack} --non-interactive`), commands(fake).join("\n"));
            assert.deepEqual(Object.keys(fake.state().stacks), [], "nothing is left");
            assert.equal(ssm.commandCalls(GetParametersByPathCommand)[0].args[0].input.Path, `/sg/${stack}`, "preflight looks at the test set's own path");
            // The up's outputs were empty: the report cannot be made, which fails the run, and the stack is still cleaned up.
            assert.equal(result.code, 6);
            assert.match(result.err, new RegExp(`test stack ${stack} destroyed and removed; nothing left behind`));
        });

        it("reports from the test stack's outputs when the deployment succeeds, and leaves nothing", async () => {
            const where = project();
            const fake = fakePulumi();
            fake.setScript({ up: { events: steps(`${SET}-test-abc123`, "create", false), outputs: outputs(`${SET}-test-abc123`) } });
            const { code, captured } = await testDeploy(fake, where, { force: true });
            assert.equal(code, 0, captured.err.join("\n"));
            assert.ok(fs.existsSync(path.join(where.reports, `${SET}-test-abc123-deployment.html`)));
            assert.ok(captured.out.join("\n").includes(`  db: ${GROUP_IDS.db}  /sg/${SET}-test-abc123/db/SecurityGroupId`));
            // The test set's own names and SSM paths are what its report compares: no difference.
            assert.ok(
                captured.out.join("\n").startsWith("The stack matches the config in what was compared: tiers, group names, SSM parameter names and rule counts.\n"),
                captured.out.join("\n"),
            );
            assert.deepEqual(operations(fake), ["preview", "up", "destroy"]);
            assert.deepEqual(Object.keys(fake.state().stacks), []);
            const log = auditLogs(where)[0];
            assert.match(log, new RegExp(`DECIDED test deployment ${SET}-test-abc123 on stack ${SET}-test-abc123`));
            assert.match(log, new RegExp(`DECIDED test stack ${SET}-test-abc123 destroyed and removed`));
        });

        it("still destroys and removes the test stack when the deployment fails", async () => {
            const where = project();
            const fake = fakePulumi({ script: { up: { events: [diagnostic("error", "boom")], stderr: "error: boom\n", exitCode: 1 } } });
            const { code, captured } = await testDeploy(fake, where, { force: true });
            assert.equal(code, 6);
            assert.deepEqual(operations(fake), ["preview", "up", "destroy"]);
            assert.deepEqual(Object.keys(fake.state().stacks), []);
            assert.match(captured.err.join("\n"), /test stack .* destroyed and removed; nothing left behind/);
            assert.match(captured.err.join("\n"), /deploying stack .*: error: boom/);
        });

        it("says what it left when the cleanup itself fails", async () => {
            const where = project();
            const fake = fakePulumi({
                script: { up: { events: [], outputs: outputs(`${SET}-test-abc123`) }, destroy: { stderr: "error: destroy failed: DependencyViolation\n", exitCode: 1 } },
            });
            const { code, captured } = await testDeploy(fake, where, { force: true });
            assert.equal(code, 6);
            assert.match(
                captured.err.join("\n"),
                new RegExp(
                    `left behind: stack ${SET}-test-abc123 and whatever it still holds \\(destroying stack ${SET}-test-abc123: error: destroy failed: DependencyViolation\\)`,
                ),
            );
            assert.deepEqual(Object.keys(fake.state().stacks), [`${SET}-test-abc123`]);
        });

        it("keeps the stack with --keep", async () => {
            const where = project();
            const fake = fakePulumi({ script: { up: { events: [], outputs: outputs(`${SET}-test-abc123`) } } });
            const { code, captured } = await testDeploy(fake, where, { force: true, keep: true });
            assert.equal(code, 0, captured.err.join("\n"));
            assert.deepEqual(operations(fake), ["preview", "up"]);
            assert.match(captured.err.join("\n"), new RegExp(`kept stack ${SET}-test-abc123; remove it with: pulumi destroy --stack ${SET}-test-abc123 --yes`));
        });

        it("refuses without --force before any stack exists, and refuses --stack", async () => {
            const where = project();
            const fake = fakePulumi();
            const refused = await run(fake, where, ["test-deploy", "configs/prod.yaml"]);
            assert.equal(refused.code, 4);
            assert.match(refused.err, /refused: this action changes AWS \(deploy a test copy of the set as .*-test-[0-9a-f]{6} .*, then destroy it\)/);
            const stacked = await run(fake, where, ["test-deploy", "configs/prod.yaml", "--force", "--stack", "mine"]);
            assert.equal(stacked.code, 2);
            assert.match(stacked.err, /error: unknown option '--stack'/);
            const seed = await run(fake, where, ["--config", "prod.yaml", "--action", "test-deploy", "--force", "--stack", "mine"]);
            assert.equal(seed.code, 2);
            assert.match(seed.err, /test-deploy makes its own stack \(\{set\}-test-\{suffix\}\); --stack is not for it/);
            assert.deepEqual(Object.keys(fake.state().stacks), [], "no stack was created");
            assert.deepEqual(operations(fake), []);
        });

        it("on SIGTERM, stops the deployment and still destroys and removes the test stack", async () => {
            const where = project();
            const stack = `${SET}-test-abc123`;
            const fake = fakePulumi({
                script: { preview: { events: steps(stack, "create", true) }, up: { events: steps(stack, "create", false, stack), outputs: outputs(stack) } },
            });
            const captured = capturedIo(where.dir);
            // The job is cancelled while the preview reports its first resource.
            const io = {
                ...captured.io,
                err: (text: string) => {
                    captured.err.push(text);
                    if (text.startsWith("  create ")) captured.interrupt();
                },
            };
            const { testDeployCommand } = await import("../provider/cli/src/cli/commands/deploy");
            const code = await fake.withEnv(() =>
                withProcessEnv(backend(where), () => testDeployCommand("configs/prod.yaml", { reportsDir: where.reports, force: true }, io, "abc123")),
            );
            assert.equal(code, 130, captured.err.join("\n"));
            assert.ok(!operations(fake).includes("up"), "no deployment started after the interrupt");
            assert.equal(operations(fake).at(-1), "destroy");
            assert.deepEqual(Object.keys(fake.state().stacks), [], "the test stack is gone");
            assert.match(captured.err.join("\n"), new RegExp(`test stack ${stack} destroyed and removed; nothing left behind`));
            const log = auditLogs(where)[0];
            assert.match(log, /DECIDED interrupted by SIGTERM: stopping the running Pulumi operation/);
            assert.match(log, new RegExp(`DECIDED test stack ${stack} destroyed and removed`));
            assert.match(log, /exit 130\n$/);
        });
    });

    describe("guards: which stack, which project, which tools", () => {
        /** The example deployed on its stack, and a second config (another workload) beside it. */
        async function deployedWithNeighbour(): Promise<{ where: Project; fake: FakePulumi }> {
            const where = project();
            const text = fs.readFileSync(path.join(where.dir, "configs", "prod.yaml"), "utf8");
            fs.writeFileSync(path.join(where.dir, "configs", "billing.yaml"), text.replace("workload: fraud", "workload: billing"));
            const fake = fakePulumi({ script: { up: { events: steps(SET, "create", false), outputs: outputs() } } });
            assert.equal((await run(fake, where, ["create-security-groups", "configs/prod.yaml", "--force"])).code, 0);
            ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
            return { where, fake };
        }

        it("refuses to deploy one set over another set's stack, or to destroy it, whatever --stack says", async () => {
            const { where, fake } = await deployedWithNeighbour();
            const before = operations(fake).length;
            for (const args of [["create-security-groups", "--force"], ["delete-security-groups", "--force"], ["show-changes"], ["check-drift"]]) {
                const [action, ...flags] = args;
                const result = await run(fake, where, [action, "configs/billing.yaml", "--stack", SET, ...flags]);
                assert.equal(result.code, 4, `${action}: ${result.err}`);
                assert.match(result.err, new RegExp(`stack ${SET} holds set ${SET}, but configs/billing.yaml describes globalbank-prod-c001-us-west-2-billing-sg`), action);
            }
            assert.equal(operations(fake).length, before, "no preview, up, refresh or destroy ran");
            assert.equal(fake.state().stacks[SET].resources.length > 0, true);
        });

        it("leaves a stack whose set is inline in its settings to pulumi itself", async () => {
            const where = project();
            const fake = fakePulumi();
            assert.equal((await run(fake, where, ["show-changes", "configs/prod.yaml"])).code, 0);
            const settings = path.join(where.dir, `Pulumi.${SET}.yaml`);
            const document = YAML.parse(fs.readFileSync(settings, "utf8")) as { config: Record<string, unknown> };
            document.config["sg-provisioner:set"] = { client: "globalbank" };
            fs.writeFileSync(settings, YAML.stringify(document));
            const result = await run(fake, where, ["create-security-groups", "configs/prod.yaml", "--force"]);
            assert.equal(result.code, 4);
            assert.match(result.err, new RegExp(`stack ${SET} takes its set inline \\(sg-provisioner:set in Pulumi.${SET}.yaml\\), not from a config file`));
            assert.deepEqual(operations(fake), ["preview"], "only the first show-changes previewed");
        });

        it("names the missing Pulumi CLI and how to install it", async () => {
            const where = project();
            const captured = capturedIo(where.dir);
            const empty = tempDir("sgp-no-pulumi-");
            const code = await withProcessEnv({ ...backend(where), PATH: empty }, () => main(["--reports-dir", where.reports, "show-changes", "configs/prod.yaml"], captured.io));
            assert.equal(code, 6);
            assert.equal(
                captured.err.join("\n"),
                `sg-provisioner: opening stack ${SET}: the Pulumi CLI is not installed (no 'pulumi' on PATH)\nfix: install the Pulumi CLI (https://www.pulumi.com/docs/install/) and log in to a backend (pulumi login --local for a first run)`,
            );
        });

        it("finds the project from a folder below it, or from --project-dir, and says when there is none", async () => {
            const where = project();
            const fake = fakePulumi();
            const below = path.join(where.dir, "configs");
            const captured = capturedIo(below);
            const code = await fake.withEnv(() => withProcessEnv(backend(where), () => main(["--reports-dir", where.reports, "show-changes", "prod.yaml"], captured.io)));
            assert.equal(code, 0, captured.err.join("\n"));
            assert.deepEqual(
                [
                    ...new Set(
                        fake
                            .calls()
                            .filter((call) => call.argv[0] !== "version")
                            .map((call) => call.cwd),
                    ),
                ],
                [where.dir],
            );
            assert.ok(
                commands(fake).some((command) => command.includes("sg-provisioner:configFile=configs/prod.yaml")),
                "the setting is relative to the project",
            );
            const elsewhere = tempDir("sgp-elsewhere-");
            fs.copyFileSync(path.join(where.dir, "configs", "prod.yaml"), path.join(elsewhere, "prod.yaml"));
            const outside = capturedIo(elsewhere);
            assert.equal(await main(["--reports-dir", where.reports, "show-changes", "prod.yaml"], outside.io), 2);
            assert.match(
                outside.err.join("\n"),
                new RegExp(
                    `no Pulumi project \\(Pulumi.yaml\\) in ${elsewhere} or any directory above it\nfix: run the command in sg-provisioner's Pulumi project, or pass --project-dir <dir>`,
                ),
            );
            const given = capturedIo(elsewhere);
            const viaOption = await fake.withEnv(() =>
                withProcessEnv(backend(where), () =>
                    main(["--reports-dir", where.reports, "show-changes", "prod.yaml", "--project-dir", where.dir, "--stack", "elsewhere"], given.io),
                ),
            );
            assert.equal(viaOption, 0, given.err.join("\n"));
            assert.ok(
                commands(fake).some((command) => command.includes(`sg-provisioner:configFile=${path.join(elsewhere, "prod.yaml")}`)),
                "a config outside the project is recorded by its absolute path",
            );
        });

        it("refuses --scenarios-dir and a --policy-pack without a PulumiPolicy.yaml before Pulumi runs", async () => {
            const where = project();
            const fake = fakePulumi();
            const scenarios = await run(fake, where, ["show-changes", "configs/prod.yaml", "--scenarios-dir", "scenarios"]);
            assert.equal(scenarios.code, 2);
            assert.match(scenarios.err, /--scenarios-dir does not reach the Pulumi program/);
            const pack = await run(fake, where, ["create-security-groups", "configs/prod.yaml", "--force", "--policy-pack", "nowhere"]);
            assert.equal(pack.code, 2);
            assert.match(pack.err, new RegExp(`--policy-pack nowhere: there is no PulumiPolicy.yaml in ${path.join(where.dir, "nowhere")}`));
            assert.deepEqual(operations(fake), []);
        });

        it("writes the audit log of an action that breaks on a bug, and exits 70", async () => {
            const where = project();
            const fake = fakePulumi({ script: { preview: { events: [] } } });
            const captured = capturedIo(where.dir);
            const io = { ...captured.io, ask: async () => Promise.reject(new Error("terminal vanished")) };
            const code = await fake.withEnv(() => withProcessEnv(backend(where), () => main(["--reports-dir", where.reports, "create-security-groups", "configs/prod.yaml"], io)));
            assert.equal(code, 70);
            assert.match(captured.err.join("\n"), /sg-provisioner: internal error: terminal vanished/);
            assert.match(auditLogs(where)[0], /DECIDED internal error: terminal vanished\nexit 70\n$/);
            assert.deepEqual(operations(fake), ["preview"]);
        });
    });

    describe("entitlement, verbose and the seed form", () => {
        it("with SG_PROVISIONER_PRODUCT_CODE set, stops every action when AWS Marketplace says not entitled, before anything else", async () => {
            const where = project();
            metering.on(RegisterUsageCommand).rejects(new CustomerNotEntitledException({ message: "not subscribed", $metadata: {} }));
            const fake = fakePulumi();
            const commands = [
                ["validate-config", "configs/prod.yaml"],
                ["plan", "configs/prod.yaml"],
                ["create-review-report", "configs/prod.yaml"],
                ["create-policy", "configs/prod.yaml"],
                ["deployment-report", "configs/prod.yaml"],
                ["list-scenarios"],
                ["describe-scenario", "three-tier-postgres"],
                ["preflight", "configs/prod.yaml"],
                ["show-changes", "configs/prod.yaml"],
                ["create-security-groups", "configs/prod.yaml", "--force"],
                ["test-deploy", "configs/prod.yaml", "--force"],
                ["check-drift", "configs/prod.yaml"],
                ["delete-security-groups", "configs/prod.yaml", "--force"],
            ];
            for (const args of commands) {
                const result = await run(fake, where, args, { env: { SG_PROVISIONER_PRODUCT_CODE: "abc123product" } });
                assert.equal(result.code, 5, `${args[0]}: ${result.err}`);
                assert.match(result.err, /^sg-provisioner: not entitled: /);
                assert.equal(result.out, "");
            }
            assert.deepEqual(
                metering.commandCalls(RegisterUsageCommand).map((call) => call.args[0].input),
                commands.map(() => ({ ProductCode: "abc123product", PublicKeyVersion: 1 })),
            );
            assert.deepEqual(fake.calls(), [], "Pulumi was never called");
            assert.equal(ssm.calls().length, 0);
            const logs = auditLogs(where);
            assert.equal(logs.length, commands.length);
            for (const log of logs) assert.match(log, /DECIDED refused: not entitled \(not-entitled\): .*; nothing else was done\nexit 5\n$/);
        });

        it("calls nothing when the variable is unset", async () => {
            const where = project();
            const result = await run(fakePulumi(), where, ["validate-config", "configs/prod.yaml"]);
            assert.equal(result.code, 0);
            assert.equal(metering.calls().length, 0);
        });

        it("--verbose prints each step and its duration on standard error", async () => {
            const where = project();
            const fake = fakePulumi();
            const result = await run(fake, where, ["show-changes", "configs/prod.yaml", "--verbose"]);
            assert.equal(result.code, 0, result.err);
            const steps = result.err.split("\n").filter((line) => line.startsWith("[verbose] "));
            assert.deepEqual(
                steps.map((line) => line.replace(/ in \d+(\.\d)? m?s$/, "")),
                [
                    "[verbose] reading configs/prod.yaml: done",
                    "[verbose] validating configs/prod.yaml: done",
                    `[verbose] pulumi stack select ${SET}: failed`,
                    `[verbose] AWS preflight in ${REGION}: done`,
                    `[verbose] pulumi stack select --create ${SET}: done`,
                    `[verbose] pulumi config set-all ${SET}: done`,
                    `[verbose] pulumi preview ${SET} with policy pack ${POLICY_PACK}: done`,
                ],
            );
        });

        it("runs every lifecycle action in the reference tool's --config NAME --action ACTION form", async () => {
            const where = project();
            const fake = fakePulumi();
            const expected: [string, number, RegExp][] = [
                ["preflight", 0, /^Preflight passed for /],
                ["show-changes", 0, new RegExp(`^Changes to ${SET} `)],
                ["create-security-groups", 4, /refused: this action changes AWS/],
                ["test-deploy", 4, /refused: this action changes AWS \(deploy a test copy/],
                ["check-drift", 6, /holds no security group/],
                ["delete-security-groups", 4, /refused: this action changes AWS \(delete every security group/],
            ];
            for (const [action, code, says] of expected) {
                const result = await run(fake, where, ["-con", "prod.yaml", "-act", action]);
                assert.equal(result.code, code, `${action}: ${result.err}`);
                assert.match(`${result.out}${result.err}`, says, action);
            }
        });

        it("lists every action and the exit codes in --help", async () => {
            const result = await run(fakePulumi(), project(), ["--help"]);
            for (const action of ["preflight", "show-changes", "create-security-groups", "test-deploy", "check-drift", "delete-security-groups"]) {
                assert.match(result.out, new RegExp(`\\n  ${action} \\[options\\] <config>`), action);
            }
            const listed = result.out
                .slice(result.out.indexOf("Exit codes:\n") + "Exit codes:\n".length)
                .trimEnd()
                .split("\n");
            assert.deepEqual(
                listed,
                Object.entries(EXIT_MEANINGS).map(([code, meaning]) => `  ${code.padEnd(4)}${meaning}`),
            );
            // The exit codes table of docs/cli.md says the same, code for code.
            const doc = fs.readFileSync(path.join(REPO, "docs", "cli.md"), "utf8");
            const rows = [...doc.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((row) => [Number(row[1]), row[2]]);
            assert.deepEqual(
                rows.map(([code]) => code),
                Object.keys(EXIT_MEANINGS).map(Number),
            );
        });
    });
});
