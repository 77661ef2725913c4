import { partitionOf } from "../provider/cli/src/iam/arns";
import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { ACCOUNT_PLACEHOLDER, IamPolicyDocument, IamStatement, buildIamPolicy, isAccountId, renderIamPolicy } from "../provider/cli/src/iam/policy";
import { STATEMENTS, statementReason } from "../provider/cli/src/iam/statements";
import { marketplaceEnabled, summarizePolicy } from "../provider/cli/src/cli/commands/create-policy";
import { SecurityGroupSet } from "../provider/core/src/plan/model";
import { isolationPrefix } from "../provider/core/src/plan/isolation";
import { planResources } from "../provider/core/src/plan/resources";
import { validateConfigData, validateConfigFile } from "../provider/core/src/plan/validate";
import { EXAMPLE, REPO, baseConfig, configYaml, tempFile } from "./support/config";
import { assertGolden } from "./support/golden";
import { allowingStatements, arnMatches } from "./support/iam-eval";
import { tempDir } from "./support/temp";

/**
 * What the provider does to an existing group: its rules added, changed and removed, the group
 * deleted. Written here, not taken from the policy, so that the policy is checked against it.
 */
const GROUP_WRITES = [
    "ec2:AuthorizeSecurityGroupEgress",
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:DeleteSecurityGroup",
    "ec2:ModifySecurityGroupRules",
    "ec2:RevokeSecurityGroupEgress",
    "ec2:RevokeSecurityGroupIngress",
];

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
const ACCOUNT = "123456789012";
const SET = "globalbank-prod-c001-us-west-2-fraud-sg";
const VPC_NAME = "globalbank-prod-c001-us-west-2-vpc";

/** A config that gives the VPC ID and sends rules to two managed prefix lists. */
const VPC_ID_CONFIG = configYaml(
    "three-tier-postgres",
    [
        "overrides:",
        "  tiers:",
        "    web:",
        "      ingress:",
        "        - protocol: tcp",
        "          port: 443",
        "          source_prefix_list: pl-0123456789abcdef0",
        "          description: HTTPS from the corporate prefix list",
        "    app:",
        "      egress:",
        "        - protocol: tcp",
        "          port: 443",
        "          destination_prefix_list: pl-0fedcba9876543210",
        "          description: HTTPS to the S3 gateway endpoint",
        "",
    ].join("\n"),
);
const VPC_ID_SET = "acme-dev-d01-eu-west-1-sg";

function setOf(file: string, isolation?: string): SecurityGroupSet {
    const validation = validateConfigFile(file, { isolation });
    assert.ok(validation.set, JSON.stringify(validation.findings));
    return validation.set;
}

function run(args: string[], options: { cwd?: string; preload?: string; env?: NodeJS.ProcessEnv } = {}) {
    const nodeArgs = options.preload ? ["-r", options.preload, CLI, ...args] : [CLI, ...args];
    // The Marketplace variable only when a test sets it: the runner's own must not change the policy.
    const env = { ...process.env, SG_PROVISIONER_PRODUCT_CODE: undefined, ...options.env };
    const result = spawnSync(process.execPath, nodeArgs, { cwd: options.cwd ?? REPO, encoding: "utf8", env });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A reports directory that does not exist yet, so a test can tell whether anything was written. */
function freshReportsDir(): string {
    return path.join(tempDir("sgp-iam-"), "reports");
}

function createPolicy(config: string, extra: string[] = [], env?: NodeJS.ProcessEnv) {
    const reportsDir = freshReportsDir();
    const result = run(["create-policy", config, "--reports-dir", reportsDir, ...extra], { env });
    return { ...result, reportsDir, files: fs.existsSync(reportsDir) ? fs.readdirSync(reportsDir).sort() : [] };
}

function resources(policy: IamPolicyDocument): string[] {
    return policy.Statement.flatMap((statement) => [...statement.Resource]);
}

/** Whether a statement requires the set's tags, ManagedBy and sg-provisioner:set, on the resource or in the request. */
function setTagCondition(statement: IamStatement, setName: string): boolean {
    const equals = statement.Condition?.StringEquals ?? {};
    return ["ResourceTag", "RequestTag"].some((where) => equals[`aws:${where}/ManagedBy`] === "sg-provisioner" && equals[`aws:${where}/sg-provisioner:set`] === setName);
}

/**
 * Actions that may have `"Resource": "*"`, each because the Service Authorization Reference lists no
 * resource type for it, so that nothing narrower can be written.
 */
const NO_RESOURCE_LEVEL: Readonly<Record<string, string>> = {
    "ec2:DescribeNetworkInterfaces": "no resource type; only the ec2:Region condition key, which the statement uses",
    "ec2:DescribeSecurityGroupRules": "no resource type; only the ec2:Region condition key, which the statement uses",
    "ec2:DescribeSecurityGroups": "no resource type; only the ec2:Region condition key, which the statement uses",
    "ssm:DescribeParameters": "no resource type and no condition key",
    "aws-marketplace:RegisterUsage": "no resource type and no condition key",
};

/** The actions a deployment takes on its own parameters, real or test. */
const PARAMETER_ACTIONS = ["ssm:AddTagsToResource", "ssm:DeleteParameter", "ssm:GetParameter", "ssm:ListTagsForResource", "ssm:PutParameter", "ssm:RemoveTagsFromResource"];

function statementOf(policy: IamPolicyDocument, sid: string): IamStatement | undefined {
    return policy.Statement.find((statement) => statement.Sid === sid);
}

/**
 * Statements that grant an EC2 write without the set's tags, each because the resource is not the
 * set's and carries no such tag; the set's own resource in the same call is tag-checked elsewhere.
 */
const UNTAGGED_EC2_GRANTS: Readonly<Record<string, string>> = {
    Ec2CreateGroupInVpc: "the VPC belongs to the VPC provisioner; the new group itself needs aws:RequestTag/sg-provisioner:set (Ec2CreateTaggedGroup)",
    Ec2RulesReferencePrefixLists: "a prefix list is only referenced by a rule; the group and the rule need aws:ResourceTag/sg-provisioner:set",
};

/** Actions allowed in two statements on one resource, each because the statements need different conditions. */
const SPLIT_BY_CONDITION: Readonly<Record<string, string>> = {
    "ec2:CreateTags":
        "tag-on-create is checked with ec2:CreateAction and the request's tags, retagging with the resource's tags and aws:TagKeys; IAM has no OR across condition keys in one statement",
};

describe("create-policy: the least-privilege IAM policy", () => {
    describe("golden files", () => {
        it("the example config, account 123456789012", () => {
            const result = createPolicy(EXAMPLE, ["--account-id", ACCOUNT]);
            assert.equal(result.code, 0, result.stderr);
            assert.equal(result.stderr, "");
            assertGolden("globalbank-iam-policy.json", fs.readFileSync(path.join(result.reportsDir, `${SET}-iam-policy.json`)));
        });

        it("a config that gives the VPC ID and references prefix lists", () => {
            const result = createPolicy(tempFile(VPC_ID_CONFIG), ["--account-id", ACCOUNT]);
            assert.equal(result.code, 0, result.stderr);
            assertGolden("vpc-id-iam-policy.json", fs.readFileSync(path.join(result.reportsDir, `${VPC_ID_SET}-iam-policy.json`)));
        });

        it("--json prints exactly the file's bytes", () => {
            const result = createPolicy(EXAMPLE, ["--account-id", ACCOUNT, "--json"]);
            assert.equal(result.code, 0, result.stderr);
            assert.equal(result.stdout, fs.readFileSync(path.join(result.reportsDir, `${SET}-iam-policy.json`), "utf8"));
            assert.ok(result.stdout.endsWith("}\n") && result.stdout.startsWith('{\n  "Version": "2012-10-17",\n'));
        });

        it("the same input gives byte-identical output, whenever it runs", () => {
            const written = ["0", "1777976354"].map((epoch) => {
                const reportsDir = freshReportsDir();
                const result = run(["create-policy", EXAMPLE, "--account-id", ACCOUNT, "--reports-dir", reportsDir], { env: { SOURCE_DATE_EPOCH: epoch } });
                assert.equal(result.code, 0, result.stderr);
                return fs.readFileSync(path.join(reportsDir, `${SET}-iam-policy.json`));
            });
            assert.ok(written[0].equals(written[1]));
        });
    });

    describe("structure", () => {
        const example = buildIamPolicy(setOf(EXAMPLE), { accountId: ACCOUNT });
        const byId = buildIamPolicy(setOf(tempFile(VPC_ID_CONFIG)), { accountId: ACCOUNT });
        const ec2 = `arn:aws:ec2:us-west-2:${ACCOUNT}`;
        const ssm = `arn:aws:ssm:us-west-2:${ACCOUNT}`;

        it("lists every statement's exact actions and resources", () => {
            assert.equal(example.Version, "2012-10-17");
            assert.deepEqual(
                example.Statement.map((statement) => [statement.Sid, statement.Effect, statement.Action, statement.Resource]),
                [
                    ["Ec2DescribeForRefresh", "Allow", ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"], ["*"]],
                    ["Ec2CreateGroupInVpc", "Allow", ["ec2:CreateSecurityGroup"], [`${ec2}:vpc/*`]],
                    ["Ec2CreateTaggedGroup", "Allow", ["ec2:CreateSecurityGroup"], [`${ec2}:security-group/*`]],
                    ["Ec2TagOnCreate", "Allow", ["ec2:CreateTags"], [`${ec2}:security-group/*`, `${ec2}:security-group-rule/*`]],
                    ["Ec2ManageTaggedGroups", "Allow", GROUP_WRITES, [`${ec2}:security-group/*`]],
                    ["Ec2CreateTaggedRules", "Allow", ["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress"], [`${ec2}:security-group-rule/*`]],
                    ["Ec2ManageTaggedRules", "Allow", ["ec2:ModifySecurityGroupRules"], [`${ec2}:security-group-rule/*`]],
                    ["Ec2RetagOwnResources", "Allow", ["ec2:CreateTags", "ec2:DeleteTags"], [`${ec2}:security-group/*`, `${ec2}:security-group-rule/*`]],
                    ["SsmReadVpcId", "Allow", ["ssm:GetParameter"], [`${ssm}:parameter/vpc/${VPC_NAME}/*`]],
                    ["SsmManageSetParameters", "Allow", PARAMETER_ACTIONS, [`${ssm}:parameter/sg/${SET}/*`]],
                    ["SsmListSetParameters", "Allow", ["ssm:GetParametersByPath"], [`${ssm}:parameter/sg/${SET}`]],
                    [
                        "SsmManageTestSetParameters",
                        "Allow",
                        [
                            "ssm:AddTagsToResource",
                            "ssm:DeleteParameter",
                            "ssm:GetParameter",
                            "ssm:GetParametersByPath",
                            "ssm:ListTagsForResource",
                            "ssm:PutParameter",
                            "ssm:RemoveTagsFromResource",
                        ],
                        [`${ssm}:parameter/sg/${SET}-test-*`],
                    ],
                    ["SsmDescribeParameters", "Allow", ["ssm:DescribeParameters"], ["*"]],
                ],
            );
        });

        it("states every condition exactly: every EC2 write on the set's own tags, by its exact name", () => {
            const request = { "aws:RequestTag/ManagedBy": "sg-provisioner", "aws:RequestTag/sg-provisioner:set": SET };
            const resource = { "aws:ResourceTag/ManagedBy": "sg-provisioner", "aws:ResourceTag/sg-provisioner:set": SET };
            assert.deepEqual(Object.fromEntries(example.Statement.filter((statement) => statement.Condition).map((statement) => [statement.Sid, statement.Condition])), {
                Ec2DescribeForRefresh: { StringEquals: { "ec2:Region": "us-west-2" } },
                Ec2CreateTaggedGroup: { StringEquals: request },
                Ec2TagOnCreate: {
                    StringEquals: {
                        "ec2:CreateAction": ["AuthorizeSecurityGroupEgress", "AuthorizeSecurityGroupIngress", "CreateSecurityGroup"],
                        ...request,
                    },
                },
                Ec2ManageTaggedGroups: { StringEquals: resource },
                Ec2CreateTaggedRules: { StringEquals: request },
                Ec2ManageTaggedRules: { StringEquals: resource },
                Ec2RetagOwnResources: {
                    StringEquals: resource,
                    "ForAllValues:StringNotEqualsIgnoreCase": { "aws:TagKeys": ["ManagedBy", "sg-provisioner:set"] },
                    Null: { "aws:TagKeys": "false" },
                },
            });
            // Another set's policy names that set, in the same places.
            const other = Object.fromEntries(byId.Statement.filter((statement) => statement.Condition).map((statement) => [statement.Sid, statement.Condition]));
            assert.deepEqual(other.Ec2ManageTaggedGroups, { StringEquals: { "aws:ResourceTag/ManagedBy": "sg-provisioner", "aws:ResourceTag/sg-provisioner:set": VPC_ID_SET } });
            assert.deepEqual(other.Ec2CreateTaggedGroup, { StringEquals: { "aws:RequestTag/ManagedBy": "sg-provisioner", "aws:RequestTag/sg-provisioner:set": VPC_ID_SET } });
        });

        it("with vpc.id: the VPC by its ID, no /vpc/ statement at all, and the referenced prefix lists by ID", () => {
            const euEc2 = `arn:aws:ec2:eu-west-1:${ACCOUNT}`;
            assert.deepEqual(byId.Statement.find((statement) => statement.Sid === "Ec2CreateGroupInVpc")?.Resource, [`${euEc2}:vpc/vpc-0123456789abcdef0`]);
            assert.equal(
                byId.Statement.find((statement) => statement.Sid === "SsmReadVpcId"),
                undefined,
            );
            assert.deepEqual(
                resources(byId).filter((resource) => resource.includes(":parameter/vpc/")),
                [],
            );
            assert.deepEqual(
                byId.Statement.find((statement) => statement.Sid === "Ec2RulesReferencePrefixLists"),
                {
                    Sid: "Ec2RulesReferencePrefixLists",
                    Effect: "Allow",
                    Action: ["ec2:ModifySecurityGroupRules"],
                    Resource: ["arn:aws:ec2:eu-west-1:*:prefix-list/pl-0123456789abcdef0", "arn:aws:ec2:eu-west-1:*:prefix-list/pl-0fedcba9876543210"],
                },
            );
            assert.equal(
                example.Statement.find((statement) => statement.Sid === "Ec2RulesReferencePrefixLists"),
                undefined,
                "no prefix list, no statement",
            );
        });

        it('has "Resource": "*" only for actions that allow nothing narrower, and then alone', () => {
            for (const policy of [example, byId]) {
                for (const statement of policy.Statement.filter((s) => s.Resource.includes("*"))) {
                    assert.deepEqual(statement.Resource, ["*"], statement.Sid);
                    for (const action of statement.Action) assert.ok(NO_RESOURCE_LEVEL[action], `${statement.Sid}: ${action} on "*" but not in the allow-list`);
                }
                const onStar = new Set(policy.Statement.filter((s) => s.Resource.includes("*")).flatMap((s) => s.Action));
                for (const action of policy.Statement.flatMap((s) => s.Action).filter((a) => NO_RESOURCE_LEVEL[a])) assert.ok(onStar.has(action), action);
            }
        });

        it("scopes every ARN to the region and account, with wildcards only where an ID cannot be known", () => {
            const allowed = [
                new RegExp(`^${ec2}:security-group/\\*$`),
                new RegExp(`^${ec2}:security-group-rule/\\*$`),
                new RegExp(`^${ec2}:vpc/\\*$`),
                new RegExp(`^${ssm}:parameter/sg/${SET}/\\*$`),
                new RegExp(`^${ssm}:parameter/sg/${SET}$`),
                new RegExp(`^${ssm}:parameter/sg/${SET}-test-\\*$`),
                new RegExp(`^${ssm}:parameter/vpc/${VPC_NAME}/\\*$`),
            ];
            for (const resource of resources(example).filter((r) => r !== "*")) {
                assert.ok(
                    allowed.some((pattern) => pattern.test(resource)),
                    resource,
                );
            }
            for (const resource of resources(byId).filter((r) => r !== "*")) {
                const [arn, partition, service, region, account] = resource.split(":");
                assert.deepEqual([arn, partition, region], ["arn", "aws", "eu-west-1"], resource);
                // A prefix list's owner may be another account or AWS itself; its ID is exact instead.
                if (resource.includes(":prefix-list/")) assert.match(resource, /^arn:aws:ec2:eu-west-1:\*:prefix-list\/pl-[0-9a-f]+$/);
                else assert.equal(account, ACCOUNT, resource);
                assert.ok(service === "ec2" || service === "ssm", resource);
            }
        });

        it("conditions every EC2 write on the set's tags, except grants on resources that are not the set's", () => {
            for (const [policy, setName] of [
                [example, SET],
                [byId, VPC_ID_SET],
            ] as const) {
                for (const statement of policy.Statement) {
                    const writes = statement.Action.filter((action) => action.startsWith("ec2:") && !action.startsWith("ec2:Describe"));
                    if (writes.length === 0) continue;
                    if (UNTAGGED_EC2_GRANTS[statement.Sid]) {
                        assert.ok(
                            statement.Resource.every((resource) => !/:security-group(-rule)?\//.test(resource)),
                            `${statement.Sid} must not reach groups or rules`,
                        );
                        continue;
                    }
                    assert.ok(setTagCondition(statement, setName), `${statement.Sid} grants ${writes.join(", ")} without the set's tags`);
                }
            }
        });

        it("writes SSM only under /sg/{set-name}/ and, for test deployments, /sg/{set-name}-test-*, and reads /vpc/ only with GetParameter", () => {
            const writable = [[`${ssm}:parameter/sg/${SET}/*`], [`${ssm}:parameter/sg/${SET}-test-*`]];
            for (const statement of example.Statement) {
                const writes = statement.Action.filter((action) => action.startsWith("ssm:") && !/^ssm:(Get|List|Describe)/.test(action));
                if (writes.length > 0)
                    assert.ok(
                        writable.some((resources) => isDeepStrictEqual(statement.Resource, resources)),
                        `${statement.Sid}: ${statement.Resource.join(", ")}`,
                    );
                if (statement.Resource.some((resource) => resource.includes(":parameter/vpc/"))) assert.deepEqual(statement.Action, ["ssm:GetParameter"]);
            }
        });

        it("grants no action twice on one resource, except where the conditions must differ", () => {
            for (const policy of [example, byId]) {
                const seen = new Map<string, IamStatement>();
                for (const statement of policy.Statement) {
                    for (const action of statement.Action) {
                        for (const resource of statement.Resource) {
                            const key = `${action} ${resource}`;
                            const earlier = seen.get(key);
                            if (earlier) {
                                assert.ok(SPLIT_BY_CONDITION[action], `${key} in ${earlier.Sid} and ${statement.Sid}`);
                                assert.notDeepEqual(earlier.Condition, statement.Condition, key);
                            }
                            seen.set(key, statement);
                        }
                    }
                }
            }
        });

        it("names each statement once, with a reason", () => {
            const sids = STATEMENTS.map((statement) => statement.sid);
            assert.equal(new Set(sids).size, sids.length);
            for (const sid of sids) assert.match(sid, /^[A-Za-z0-9]+$/);
            // The reasons are the table of docs/iam-policy.md: each statement's row says why it exists.
            const doc = fs.readFileSync(path.join(REPO, "docs", "iam-policy.md"), "utf8");
            for (const sid of sids) assert.ok(doc.includes(`| \`${sid}\``), `docs/iam-policy.md explains ${sid}`);
            assert.equal(statementReason("Nope"), undefined);
        });
    });

    describe("the account", () => {
        it("accepts exactly twelve digits", () => {
            const table: [string, boolean][] = [
                ["123456789012", true],
                ["012345678901", true],
                ["12345", false],
                ["1234567890123", false],
                ["12345678901a", false],
                [" 123456789012", false],
                ["", false],
            ];
            assert.deepEqual(
                table.map(([value]) => [value, isAccountId(value)]),
                table,
            );
            assert.throws(() => buildIamPolicy(setOf(EXAMPLE), { accountId: "12345" }), /account ID must be 12 digits, got "12345"/);
        });

        it("without one, every ARN carries the placeholder, and the CLI says it must be replaced", () => {
            const policy = buildIamPolicy(setOf(EXAMPLE));
            for (const resource of resources(policy).filter((r) => r !== "*")) assert.equal(resource.split(":")[4], ACCOUNT_PLACEHOLDER, resource);
            assert.equal(ACCOUNT_PLACEHOLDER, "<ACCOUNT_ID>");
            const result = createPolicy(EXAMPLE);
            assert.equal(result.code, 0, result.stderr);
            assert.match(result.stderr, /no --account-id given: the policy says <ACCOUNT_ID> where the account ID goes; replace it/);
            const written = fs.readFileSync(path.join(result.reportsDir, `${SET}-iam-policy.json`), "utf8");
            assert.equal(written, renderIamPolicy(policy));
            assert.ok(!written.includes(ACCOUNT));
        });

        it("--account-id 12345 is a usage error: exit 2, a clear message, nothing written", () => {
            const result = createPolicy(EXAMPLE, ["--account-id", "12345"]);
            assert.equal(result.code, 2);
            assert.equal(result.stdout, "");
            assert.match(result.stderr, /^sg-provisioner: --account-id must be a 12-digit AWS account ID, got "12345"\nfix: /);
            // Only the audit log, which records the refusal.
            const [log, ...others] = fs.readdirSync(result.reportsDir);
            assert.deepEqual(others, []);
            assert.match(log, /-create-policy-\d{8}_\d{6}_\d{3}\.log$/);
            assert.ok(
                fs
                    .readFileSync(path.join(result.reportsDir, log), "utf8")
                    .includes('DECIDED --account-id must be a 12-digit AWS account ID, got "12345"; no policy written\nexit 2\n'),
            );
        });
    });

    describe("the command", () => {
        it("writes the policy and its audit log, and prints each statement with its actions and resources", () => {
            const result = createPolicy(EXAMPLE, ["--account-id", ACCOUNT]);
            assert.equal(result.code, 0, result.stderr);
            const policyFile = `${SET}-iam-policy.json`;
            const logs = result.files.filter((file) => file !== policyFile);
            assert.deepEqual(
                result.files.filter((file) => file === policyFile),
                [policyFile],
            );
            assert.equal(logs.length, 1);
            assert.match(logs[0], new RegExp(`^${SET}-create-policy-\\d{8}_\\d{6}_\\d{3}\\.log$`));
            const log = fs.readFileSync(path.join(result.reportsDir, logs[0]), "utf8").split("\n");
            assert.deepEqual(
                log.filter((line) => /^(READ|WROTE) /.test(line)),
                [`READ    config ${EXAMPLE}`, "READ    scenario three-tier-postgres from the bundled catalog", `WROTE   ${path.join(result.reportsDir, policyFile)}`],
            );
            assert.ok(log.includes(`DECIDED policy for ${SET}: account ${ACCOUNT}, region us-west-2, VPC SSM parameter /vpc/${VPC_NAME}/VPCId`), log.join("\n"));
            assert.ok(log.includes("exit 0"));
            const lines = result.stdout.trimEnd().split("\n");
            assert.equal(lines[0], `Wrote the IAM policy for ${SET} (account ${ACCOUNT}, region us-west-2) to ${path.join(result.reportsDir, policyFile)}`);
            assert.equal(lines[1], "  Ec2DescribeForRefresh: 3 actions on *");
            assert.equal(lines[2], `      ${statementReason("Ec2DescribeForRefresh")}`);
            assert.equal(lines[9], `  Ec2ManageTaggedGroups: 6 actions on arn:aws:ec2:us-west-2:${ACCOUNT}:security-group/*`);
            assert.equal(
                lines[10],
                "      Adds, changes and removes rules and deletes groups tagged ManagedBy=sg-provisioner and sg-provisioner:set={set-name}, and revokes the allow-all egress rule AWS adds to a new group. Another set's groups, and groups without the tags, are out of reach; retagging is Ec2RetagOwnResources.",
            );
            assert.equal(
                lines[15],
                `  Ec2RetagOwnResources: 2 actions on arn:aws:ec2:us-west-2:${ACCOUNT}:security-group/*, arn:aws:ec2:us-west-2:${ACCOUNT}:security-group-rule/*`,
            );
            assert.equal(
                lines[lines.length - 2],
                "SG_PROVISIONER_PRODUCT_CODE is not set: no AWS Marketplace statement; set it and run again if the pipeline runs the CLI with it",
            );
            assert.equal(lines[lines.length - 1], "13 statements, 33 actions");
            assert.ok(log.includes("DECIDED AWS Marketplace statement: left out, SG_PROVISIONER_PRODUCT_CODE is not set"), log.join("\n"));
        });

        it("refuses an invalid config: exit 1, findings as validate-config shows them, no policy written", () => {
            const config = tempFile(
                configYaml(
                    "three-tier-postgres",
                    "overrides:\n  tiers:\n    db:\n      ingress:\n        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n          description: Open\n",
                ),
            );
            const result = createPolicy(config, ["--account-id", ACCOUNT]);
            assert.equal(result.code, 1);
            assert.match(
                result.stdout,
                /error {2}SG100 {2}overrides\.tiers\.db\.ingress\[0\]\.source\n {2}tcp 5432 from 0\.0\.0\.0\/0 makes PostgreSQL \(5432\) reachable from the internet/,
            );
            assert.match(result.stdout, /is not valid \(1 error, 0 warnings\); no policy was written\n$/);
            assert.deepEqual(
                result.files.filter((file) => file.endsWith(".json")),
                [],
            );
            assert.deepEqual(
                result.files.map((file) => file.replace(/\d{8}_\d{6}_\d{3}/, "STAMP")),
                ["acme-dev-d01-eu-west-1-sg-create-policy-STAMP.log"],
            );
            const json = createPolicy(config, ["--json"]);
            assert.equal(json.code, 1);
            const report = JSON.parse(json.stdout);
            assert.deepEqual([report.name, report.valid, report.findings.map((finding: { code: string }) => finding.code)], ["acme-dev-d01-eu-west-1-sg", false, ["SG100"]]);
        });

        it("runs in the seed form: --config NAME --action create-policy --account-id", () => {
            const cwd = tempDir("sgp-iam-seed-");
            fs.mkdirSync(path.join(cwd, "configs"));
            fs.copyFileSync(EXAMPLE, path.join(cwd, "configs", "globalbank.yaml"));
            const result = run(["-con", "globalbank.yaml", "-act", "create-policy", "--account-id", ACCOUNT, "--reports-dir", "out", "--json"], { cwd });
            assert.equal(result.code, 0, result.stderr);
            assert.equal(result.stdout, fs.readFileSync(path.join(cwd, "out", `${SET}-iam-policy.json`), "utf8"));
        });

        it("loads nothing from the Pulumi SDK", () => {
            const out = path.join(tempDir("sgp-modules-"), "modules.json");
            const result = run(["create-policy", EXAMPLE, "--account-id", ACCOUNT, "--reports-dir", freshReportsDir()], {
                preload: path.join(REPO, "test", "support", "record-modules.js"),
                env: { SGP_MODULES_OUT: out },
            });
            assert.equal(result.code, 0, result.stderr);
            const modules = JSON.parse(fs.readFileSync(out, "utf8")) as string[];
            assert.deepEqual(
                modules.filter((file) => file.includes(`${path.sep}@pulumi${path.sep}`)),
                [],
            );
            assert.ok(
                modules.some((file) => file.endsWith(path.join("iam", "policy.js"))),
                "the control: the policy module was loaded",
            );
        });
    });
});

describe("create-policy: what the CLI's preflight, delete-security-groups and test-deploy need", () => {
    const ssm = `arn:aws:ssm:us-west-2:${ACCOUNT}`;
    const real = setOf(EXAMPLE);
    const policy = buildIamPolicy(real, { accountId: ACCOUNT });
    const parameterArn = (name: string) => `${ssm}:parameter${name}`;
    const realParameters = real.tiers.map((tier) => parameterArn(tier.parameterName));
    const suffixes = ["a3f09c", "0000", "zzzzzzzzzzzzzzzz", "test"];
    const isolated = suffixes.map((suffix) => setOf(EXAMPLE, suffix));
    const grants = (action: string, arn: string) =>
        policy.Statement.some((statement) => statement.Action.includes(action) && statement.Resource.some((resource) => arnMatches(resource, arn)));

    it("preflight: GetParameter on /vpc/{name}/VPCId (SsmReadVpcId, already there) and GetParametersByPath on the path /sg/{set-name} itself", () => {
        assert.ok(grants("ssm:GetParameter", parameterArn(`/vpc/${VPC_NAME}/VPCId`)));
        assert.deepEqual(statementOf(policy, "SsmListSetParameters"), {
            Sid: "SsmListSetParameters",
            Effect: "Allow",
            Action: ["ssm:GetParametersByPath"],
            Resource: [`${ssm}:parameter/sg/${SET}`],
        });
        // Authorized against the path asked for, so a path below it, or beside it, is not granted.
        assert.ok(grants("ssm:GetParametersByPath", `${ssm}:parameter/sg/${SET}`));
        for (const path of [`/sg/${SET}/web`, "/sg", `/sg/${SET}-other`]) assert.ok(!grants("ssm:GetParametersByPath", parameterArn(path)), path);
    });

    it('delete-security-groups: DescribeNetworkInterfaces on "*" in the set\'s region, in Ec2DescribeForRefresh alone, with the reason', () => {
        const holders = policy.Statement.filter((statement) => statement.Action.includes("ec2:DescribeNetworkInterfaces"));
        assert.deepEqual(
            holders.map((statement) => [statement.Sid, statement.Resource, statement.Condition]),
            [["Ec2DescribeForRefresh", ["*"], { StringEquals: { "ec2:Region": "us-west-2" } }]],
        );
        assert.match(statementReason("Ec2DescribeForRefresh") ?? "", /delete-security-groups.*no resource-level permission \(Resource "\*"\)/);
    });

    it("test-deploy: the set's parameter actions and GetParametersByPath under /sg/{set-name}-test-*, reaching every isolated parameter and path, and none of the real set's", () => {
        assert.deepEqual(statementOf(policy, "SsmManageTestSetParameters")?.Action, [...PARAMETER_ACTIONS, "ssm:GetParametersByPath"].sort());
        assert.deepEqual(statementOf(policy, "SsmManageTestSetParameters")?.Resource, [`${ssm}:parameter/sg/${SET}-test-*`]);
        const [test, set] = [statementOf(policy, "SsmManageTestSetParameters")?.Resource[0] ?? "", statementOf(policy, "SsmManageSetParameters")?.Resource[0] ?? ""];
        for (const isolatedSet of isolated) {
            assert.equal(isolatedSet.setName, `${SET}-test-${isolatedSet.isolation?.suffix}`);
            for (const tier of isolatedSet.tiers) {
                assert.ok(arnMatches(test, parameterArn(tier.parameterName)), tier.parameterName);
                assert.ok(!arnMatches(set, parameterArn(tier.parameterName)), `the real set's grant does not reach ${tier.parameterName}`);
            }
            assert.ok(arnMatches(test, parameterArn(`/sg/${isolatedSet.setName}`)), "the isolated set's path, for its preflight");
        }
        for (const arn of [...realParameters, parameterArn(`/sg/${SET}`)]) assert.ok(!arnMatches(test, arn), `the test grant does not reach ${arn}`);
        // The real set's own grants are those the policy had before test-deploy: exactly its path and what is below it.
        for (const action of PARAMETER_ACTIONS) for (const arn of realParameters) assert.ok(grants(action, arn), `${action} ${arn}`);
    });

    it("test-deploy: groups and rules need nothing new (the EC2 statements turn on the set tag, which test groups carry with the real set's name), and a set validated in isolation gets the same policy", () => {
        const ec2 = policy.Statement.filter((statement) => statement.Action.some((action) => action.startsWith("ec2:")));
        for (const statement of ec2) for (const resource of statement.Resource) assert.ok(!resource.includes(SET), `${statement.Sid} names no set in its resources`);
        for (const isolatedSet of isolated) {
            assert.deepEqual(buildIamPolicy(isolatedSet, { accountId: ACCOUNT }), policy);
            for (const spec of planResources("n", isolatedSet)) assert.equal(spec.args.tags["sg-provisioner:set"], SET, spec.name);
        }
    });

    it('Marketplace: RegisterUsage on "*" only with the option, last', () => {
        assert.equal(statementOf(policy, "MarketplaceRegisterUsage"), undefined);
        assert.deepEqual(buildIamPolicy(real, { accountId: ACCOUNT, marketplace: false }), policy);
        const withMarketplace = buildIamPolicy(real, { accountId: ACCOUNT, marketplace: true });
        assert.deepEqual(withMarketplace.Statement.slice(0, -1), policy.Statement);
        assert.deepEqual(withMarketplace.Statement[withMarketplace.Statement.length - 1], {
            Sid: "MarketplaceRegisterUsage",
            Effect: "Allow",
            Action: ["aws-marketplace:RegisterUsage"],
            Resource: ["*"],
        });
    });

    it("Marketplace: create-policy turns the statement on with SG_PROVISIONER_PRODUCT_CODE set and not blank", () => {
        const table: [NodeJS.ProcessEnv, boolean][] = [
            [{ SG_PROVISIONER_PRODUCT_CODE: "prodcode123" }, true],
            [{ SG_PROVISIONER_PRODUCT_CODE: " prodcode123 " }, true],
            [{ SG_PROVISIONER_PRODUCT_CODE: "" }, false],
            [{ SG_PROVISIONER_PRODUCT_CODE: "  " }, false],
            [{ OTHER: "x" }, false],
        ];
        assert.deepEqual(
            table.map(([env]) => [env, marketplaceEnabled(env)]),
            table,
        );
    });

    it("Marketplace: the summary says whether the statement is in, before the count", () => {
        const withMarketplace = buildIamPolicy(real, { accountId: ACCOUNT, marketplace: true });
        assert.deepEqual(summarizePolicy(withMarketplace, real, ACCOUNT, "policy.json", true).split("\n").slice(-4), [
            "  MarketplaceRegisterUsage: 1 action on *",
            `      ${statementReason("MarketplaceRegisterUsage")}`,
            "SG_PROVISIONER_PRODUCT_CODE is set: the policy lets the role confirm the AWS Marketplace subscription (aws-marketplace:RegisterUsage)",
            "14 statements, 34 actions",
        ]);
    });

    it("Marketplace: create-policy with SG_PROVISIONER_PRODUCT_CODE set writes the statement and says so (the CLI's own entitlement check answered by a stub on 127.0.0.1)", async () => {
        const targets: string[] = [];
        const server = http.createServer((request, response) => {
            targets.push(String(request.headers["x-amz-target"]));
            request.resume().on("end", () => {
                response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
                response.end(JSON.stringify({ Signature: "header.payload.signature", PublicKeyRotationTimestamp: 1893456000 }));
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const reportsDir = freshReportsDir();
            const env = {
                ...process.env,
                SG_PROVISIONER_PRODUCT_CODE: "prodcode123",
                AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
                AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
                AWS_SECRET_ACCESS_KEY: "secret",
                AWS_REGION: "us-west-2",
                AWS_PROFILE: undefined,
            };
            // spawn, not spawnSync: the stub answers from this process's event loop.
            const child = spawn(process.execPath, [CLI, "create-policy", EXAMPLE, "--account-id", ACCOUNT, "--reports-dir", reportsDir], { cwd: REPO, env });
            let stdout = "";
            child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
            const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
            assert.equal(code, 0, stdout);
            assert.deepEqual(targets, ["AWSMPMeteringService.RegisterUsage"]);
            const written = JSON.parse(fs.readFileSync(path.join(reportsDir, `${SET}-iam-policy.json`), "utf8")) as IamPolicyDocument;
            assert.deepEqual(written, buildIamPolicy(real, { accountId: ACCOUNT, marketplace: true }));
            assert.deepEqual(stdout.trimEnd().split("\n").slice(-2), [
                "SG_PROVISIONER_PRODUCT_CODE is set: the policy lets the role confirm the AWS Marketplace subscription (aws-marketplace:RegisterUsage)",
                "14 statements, 34 actions",
            ]);
        } finally {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    });

    it("Marketplace: create-policy leaves the statement out with SG_PROVISIONER_PRODUCT_CODE unset or empty", () => {
        for (const env of [undefined, { SG_PROVISIONER_PRODUCT_CODE: "" }]) {
            const result = createPolicy(EXAMPLE, ["--account-id", ACCOUNT, "--json"], env);
            assert.equal(result.code, 0, result.stderr);
            assert.deepEqual(JSON.parse(result.stdout), policy);
            assert.ok(!result.stdout.includes("aws-marketplace"));
        }
    });
});

describe("create-policy: one set's role against another set's groups and rules (the policy's conditions evaluated)", () => {
    const region = "eu-west-1";
    const ec2 = `arn:aws:ec2:${region}:${ACCOUNT}`;
    /**
     * Set a, and set b, whose name begins with a's test prefix ({a}-test-): a workload of
     * sg-test-abcd makes it so. Validation refuses that name (SG049, below), so b is a set deployed
     * before that check or by hand: a's role must still not reach its groups and rules.
     */
    const a = setOfData(baseConfig());
    const b: SecurityGroupSet = { ...setOfData({ ...baseConfig(), workload: "b" }), setName: "acme-dev-d01-eu-west-1-sg-test-abcd-sg" };
    const unrelated = setOfData({ ...baseConfig(), client: "globex" });
    const policyOfA = buildIamPolicy(a, { accountId: ACCOUNT });

    function setOfData(config: unknown, isolation?: string): SecurityGroupSet {
        const validation = validateConfigData(config, { isolation });
        assert.ok(validation.set, JSON.stringify(validation.findings));
        return validation.set;
    }

    /** The context keys of tags, on the resource or in the request; aws:TagKeys with them in the request. */
    function tagContext(where: "ResourceTag" | "RequestTag", tags: Readonly<Record<string, string>>): Record<string, string | string[]> {
        const keys = Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:${where}/${key}`, value]));
        return where === "RequestTag" ? { ...keys, "aws:TagKeys": Object.keys(tags) } : keys;
    }

    /**
     * Every EC2 write the provider makes on a set's planned groups and rules, as IAM sees it: creating
     * each (the call and its tagging), then, once it exists, changing, retagging (a config tag) and
     * deleting it. The parameters are SSM's, granted by path, not here.
     */
    function writesOn(set: SecurityGroupSet): { label: string; action: string; resource: string; context: Record<string, string | readonly string[]> }[] {
        return planResources("n", set).flatMap((spec, index) => {
            if (spec.kind === "parameter") return [];
            const arn = spec.kind === "group" ? `${ec2}:security-group/sg-${String(index).padStart(17, "0")}` : `${ec2}:security-group-rule/sgr-${String(index).padStart(17, "0")}`;
            const createAction = spec.kind === "group" ? "CreateSecurityGroup" : spec.kind === "ingress" ? "AuthorizeSecurityGroupIngress" : "AuthorizeSecurityGroupEgress";
            const existing = tagContext("ResourceTag", spec.args.tags);
            const retag = { ...existing, "aws:TagKeys": ["owner"] };
            const onExisting = spec.kind === "group" ? GROUP_WRITES : ["ec2:ModifySecurityGroupRules"];
            return [
                { label: `${spec.name}: ${createAction}`, action: `ec2:${createAction}`, resource: arn, context: tagContext("RequestTag", spec.args.tags) },
                {
                    label: `${spec.name}: tags on create`,
                    action: "ec2:CreateTags",
                    resource: arn,
                    context: { ...tagContext("RequestTag", spec.args.tags), "ec2:CreateAction": createAction },
                },
                ...onExisting.map((action) => ({ label: `${spec.name}: ${action}`, action, resource: arn, context: existing })),
                { label: `${spec.name}: ec2:CreateTags owner`, action: "ec2:CreateTags", resource: arn, context: retag },
                { label: `${spec.name}: ec2:DeleteTags owner`, action: "ec2:DeleteTags", resource: arn, context: retag },
            ];
        });
    }

    it("the names: b's begins with a's test prefix, and so matches {a}-test-*, which is why the policy never compares set names by pattern", () => {
        assert.equal(a.setName, "acme-dev-d01-eu-west-1-sg");
        assert.equal(b.setName, "acme-dev-d01-eu-west-1-sg-test-abcd-sg");
        assert.ok(b.setName.startsWith(isolationPrefix(a.setName)));
        assert.ok(arnMatches(`${isolationPrefix(a.setName)}*`, b.setName));
    });

    it("validation refuses b's name (SG049): a's test parameters, granted by /sg/{a}-test-*, would match b's", () => {
        const refused = validateConfigData({ ...baseConfig(), workload: "sg-test-abcd" });
        assert.equal(refused.set, undefined);
        assert.deepEqual(
            refused.findings.map((finding) => [finding.code, finding.path, finding.value]),
            [["SG049", "workload", "sg-test-abcd"]],
        );
        assert.ok(arnMatches(`${isolationPrefix(a.setName)}*`, `${b.setName}/app/SecurityGroupId`));
    });

    it("allows every write on a's own groups and rules, and on those of a's test deployments (the control)", () => {
        for (const set of [a, setOfData(baseConfig(), "abcd"), setOfData(baseConfig(), "x0x0x0")]) {
            const writes = writesOn(set);
            assert.equal(writes.length, 3 * 10 + 8 * 5);
            for (const write of writes) assert.notDeepEqual(allowingStatements(policyOfA, write), [], `${set.setName} ${write.label}`);
        }
    });

    it("denies every write on b's groups and rules, on b's test deployment's, and on an unrelated set's", () => {
        const bTest: SecurityGroupSet = {
            ...setOfData({ ...baseConfig(), workload: "b" }, "abcd"),
            setName: `${b.setName}-test-abcd`,
            isolation: { of: b.setName, suffix: "abcd" },
        };
        for (const set of [b, bTest, unrelated]) {
            const writes = writesOn(set);
            assert.equal(writes.length, 3 * 10 + 8 * 5);
            for (const write of writes) assert.deepEqual(allowingStatements(policyOfA, write), [], `${set.setName} ${write.label}`);
        }
    });

    it("denies b's role every write on a's groups and rules: the other way round too", () => {
        const policyOfB = buildIamPolicy(b, { accountId: ACCOUNT });
        for (const write of writesOn(a)) assert.deepEqual(allowingStatements(policyOfB, write), [], write.label);
    });

    it("denies a's role changing or removing ManagedBy or sg-provisioner:set on its own resources, in any case, and allows its other tags", () => {
        const own = tagContext("ResourceTag", planResources("n", a)[0].args.tags);
        const group = `${ec2}:security-group/sg-00000000000000001`;
        const tagging = (action: string, keys: string[], extra: Record<string, string> = {}) =>
            allowingStatements(policyOfA, { action, resource: group, context: { ...own, ...extra, "aws:TagKeys": keys } });
        assert.deepEqual(tagging("ec2:CreateTags", ["sg-provisioner:set"], { "aws:RequestTag/sg-provisioner:set": b.setName }), []);
        assert.deepEqual(tagging("ec2:CreateTags", ["owner", "SG-Provisioner:Set"], { "aws:RequestTag/SG-Provisioner:Set": b.setName }), []);
        assert.deepEqual(tagging("ec2:DeleteTags", ["sg-provisioner:set"]), []);
        assert.deepEqual(tagging("ec2:DeleteTags", ["managedby"]), []);
        assert.deepEqual(tagging("ec2:CreateTags", ["owner", "cost-center"]), ["Ec2RetagOwnResources"]);
        assert.deepEqual(tagging("ec2:DeleteTags", ["owner"]), ["Ec2RetagOwnResources"]);
    });

    it("denies a's role DeleteTags without a tag list, which would delete every tag, ManagedBy and sg-provisioner:set too", () => {
        const own = tagContext("ResourceTag", planResources("n", a)[0].args.tags);
        const group = `${ec2}:security-group/sg-00000000000000001`;
        // No aws:TagKeys in the request: ForAllValues alone would let it through.
        assert.deepEqual(allowingStatements(policyOfA, { action: "ec2:DeleteTags", resource: group, context: own }), []);
    });

    it("denies a group tagged ManagedBy but no sg-provisioner:set (deployed before this version) until a deploy adds the tag", () => {
        const untagged = { "aws:ResourceTag/ManagedBy": "sg-provisioner", "aws:ResourceTag/Tier": "web" };
        const group = `${ec2}:security-group/sg-00000000000000001`;
        for (const action of ["ec2:AuthorizeSecurityGroupIngress", "ec2:DeleteSecurityGroup", "ec2:ModifySecurityGroupRules", "ec2:RevokeSecurityGroupEgress"])
            assert.deepEqual(allowingStatements(policyOfA, { action, resource: group, context: untagged }), [], action);
        assert.deepEqual(
            allowingStatements(policyOfA, {
                action: "ec2:CreateTags",
                resource: group,
                context: { ...untagged, "aws:TagKeys": ["sg-provisioner:set"], "aws:RequestTag/sg-provisioner:set": a.setName },
            }),
            [],
        );
    });
});

describe("create-policy: partitions", () => {
    it("builds ARNs in the region's partition: GovCloud, China, commercial", () => {
        assert.deepEqual(["us-west-2", "us-gov-west-1", "cn-north-1", "us-iso-east-1", "us-isob-east-1", "eu-central-1"].map(partitionOf), [
            "aws",
            "aws-us-gov",
            "aws-cn",
            "aws-iso",
            "aws-iso-b",
            "aws",
        ]);
    });
});
