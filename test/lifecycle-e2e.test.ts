import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { Seen, closeStubs, form, json, startStub, target, xml } from "./support/aws-stub";
import { REPO } from "./support/config";
import { fakePulumi, resOutputs, resourcePre } from "./support/fake-pulumi";
import { tempDir } from "./support/temp";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
const SET = "globalbank-prod-c001-us-west-2-fraud-sg";
const VPC_PARAMETER = "/vpc/globalbank-prod-c001-us-west-2-vpc/VPCId";
const GROUPS = { app: "sg-0aaaaaaaaaaaaaaa1", db: "sg-0aaaaaaaaaaaaaaa2", web: "sg-0aaaaaaaaaaaaaaa3" };
const GROUP = "aws:ec2/securityGroup:SecurityGroup";

const run = promisify(execFile);

/**
 * The installed command as a pipeline runs it: its own process, the stand-in pulumi on PATH, a
 * local backend, and AWS reached only through AWS_ENDPOINT_URL at a stub on 127.0.0.1, so the real
 * SDK clients serialize every request.
 */
describe("lifecycle actions end to end: the CLI's process, the stand-in pulumi, a stub AWS", function () {
    this.timeout(120_000);

    afterEach(closeStubs);

    it("deploys, then deletes the set once no interface uses it, and logs both", async () => {
        const project = tempDir("sgp-e2e-");
        fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
        fs.copyFileSync(path.join(REPO, "examples", "configs", "globalbank-prod-c001-us-west-2-sg.yaml"), path.join(project, "prod.yaml"));
        // SSM holds the set's parameters while the stand-in's stack holds resources, as AWS would.
        let deployed = (): boolean => false;
        const aws = await startStub((request: Seen) => {
            if (target(request) === "AmazonSSM.GetParameter") return json(200, { Parameter: { Name: VPC_PARAMETER, Type: "String", Value: "vpc-0123456789abcdef0", Version: 1 } });
            if (target(request) === "AmazonSSM.GetParametersByPath") {
                const parameters = deployed()
                    ? Object.entries(GROUPS).map(([tier, id]) => ({ Name: `/sg/${SET}/${tier}/SecurityGroupId`, Type: "String", Value: id, Version: 1 }))
                    : [];
                return json(200, { Parameters: parameters });
            }
            if (form(request).Action === "DescribeNetworkInterfaces") {
                return xml(
                    200,
                    `<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><networkInterfaceSet/></DescribeNetworkInterfacesResponse>`,
                );
            }
            if (form(request).Action === "DescribeSecurityGroups") {
                // The set's groups are there (asked by ID); no other group references them (asked by filter).
                const asked = Object.entries(form(request))
                    .filter(([key]) => key.startsWith("GroupId."))
                    .map(([, id]) => `<item><groupId>${id}</groupId><groupName>${id}</groupName><vpcId>vpc-0123456789abcdef0</vpcId></item>`);
                return xml(
                    200,
                    `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId><securityGroupInfo>${asked.join("")}</securityGroupInfo></DescribeSecurityGroupsResponse>`,
                );
            }
            return json(400, { __type: "UnknownOperationException", message: `the stub does not answer ${String(target(request))}` });
        });
        const groupUrn = (tier: string) => `urn:pulumi:${SET}::sg-provisioner::sg-provisioner:index:TieredSecurityGroups$${GROUP}::${SET}-${tier}`;
        const outputs = {
            setName: { value: SET, secret: false },
            vpcId: { value: "vpc-0123456789abcdef0", secret: false },
            securityGroupIds: { value: GROUPS, secret: false },
            securityGroupNames: { value: { app: `${SET}-app-1`, db: `${SET}-db-1`, web: `${SET}-web-1` }, secret: false },
            parameterNames: { value: Object.fromEntries(Object.keys(GROUPS).map((tier) => [tier, `/sg/${SET}/${tier}/SecurityGroupId`])), secret: false },
        };
        const fake = fakePulumi({
            script: {
                up: {
                    events: Object.keys(GROUPS).flatMap((tier) => [
                        resourcePre("create", groupUrn(tier), GROUP),
                        resOutputs("create", groupUrn(tier), GROUP, {
                            id: GROUPS[tier as keyof typeof GROUPS],
                            outputs: { region: "us-west-2", tags: { Tier: tier, Name: `${SET}-${tier}` } },
                        }),
                    ]),
                    outputs,
                },
            },
        });
        const env = {
            ...process.env,
            ...fake.env,
            PULUMI_BACKEND_URL: `file://${path.join(project, ".state")}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e",
            AWS_ENDPOINT_URL: aws.url,
            AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY: "secret",
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_CONFIG_FILE: path.join(project, "no-aws-config"),
            AWS_SHARED_CREDENTIALS_FILE: path.join(project, "no-aws-credentials"),
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        };
        const create = await run(process.execPath, [CLI, "create-security-groups", "prod.yaml", "--force", "--json"], { cwd: project, env }).catch(
            (error: { stdout: string; stderr: string; code: number }) => assert.fail(`exit ${error.code}: ${error.stdout}${error.stderr}`),
        );
        const report = JSON.parse(create.stdout);
        assert.equal(report.file, `reports/${SET}-deployment.html`);
        assert.deepEqual(
            report.tiers.map((tier: { name: string; groupId: string }) => [tier.name, tier.groupId]),
            [
                ["web", GROUPS.web],
                ["app", GROUPS.app],
                ["db", GROUPS.db],
            ],
        );
        assert.ok(create.stderr.includes(`  create ${GROUP} ${SET}-db: done`), create.stderr);
        deployed = () => (fake.state().stacks[SET]?.resources.length ?? 0) > 0;
        const remove = await run(process.execPath, [CLI, "delete-security-groups", "prod.yaml", "--force"], { cwd: project, env }).catch(
            (error: { stderr: string; code: number }) => {
                assert.fail(`exit ${error.code}: ${error.stderr}`);
            },
        );
        assert.match(remove.stdout, new RegExp(`^Deleted ${SET} \\(stack ${SET}\\)`));
        // Every call went to the stub, in the SDK's own wire format.
        assert.deepEqual(
            aws.requests.map((request) => target(request) ?? form(request).Action),
            [
                "AmazonSSM.GetParameter",
                "AmazonSSM.GetParametersByPath",
                "AmazonSSM.GetParameter",
                "AmazonSSM.GetParametersByPath",
                "DescribeSecurityGroups",
                "DescribeSecurityGroups",
                "DescribeSecurityGroups",
                "DescribeNetworkInterfaces",
                "AmazonSSM.GetParametersByPath",
            ],
        );
        assert.deepEqual(form(aws.requests[4]), {
            Action: "DescribeSecurityGroups",
            Version: "2016-11-15",
            "GroupId.1": GROUPS.app,
            "GroupId.2": GROUPS.db,
            "GroupId.3": GROUPS.web,
        });
        const describe = form(aws.requests[7]);
        assert.deepEqual(
            [describe["Filter.1.Name"], describe["Filter.1.Value.1"], describe["Filter.1.Value.2"], describe["Filter.1.Value.3"]],
            ["group-id", GROUPS.app, GROUPS.db, GROUPS.web],
        );
        const logs = fs.readdirSync(path.join(project, "reports")).filter((name) => name.endsWith(".log"));
        assert.deepEqual(logs.map((name) => name.replace(/\d{8}_\d{6}_\d{3}/, "STAMP")).sort(), [
            `${SET}-create-security-groups-STAMP.log`,
            `${SET}-delete-security-groups-STAMP.log`,
        ]);
        assert.deepEqual(fake.state().stacks[SET].resources, []);
    });
});
