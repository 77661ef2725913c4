import { strict as assert } from "node:assert";
import { GetParameterCommand, GetParametersByPathCommand, ParameterNotFound, SSMClient, SSMServiceException } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { tierParameterName, vpcParameterName } from "../provider/core/src/plan/names";
import { PreflightSet, parametersUnder, preflight } from "../provider/cli/src/aws/preflight";

const SET_NAME = "acme-prod-d01-eu-west-1-sg";
const REGION = "eu-west-1";
const VPC = "vpc-0123456789abcdef0";
const WEB = tierParameterName(SET_NAME, "web");
const DB = tierParameterName(SET_NAME, "db");
const OWN = { web: "sg-0aaaaaaaaaaaaaaaa", db: "sg-0bbbbbbbbbbbbbbbb" };

const SET: PreflightSet = {
    setName: SET_NAME,
    region: REGION,
    vpc: { kind: "ssm", name: "main", parameter: vpcParameterName("main") },
    tiers: [
        { name: "web", parameterName: WEB },
        { name: "db", parameterName: DB },
    ],
};

const FOREIGN_FIX = (name: string) =>
    `see who wrote it (aws ssm list-tags-for-resource --resource-type Parameter --resource-id ${name} --region ${REGION}); if nothing uses it, remove it (aws ssm delete-parameter --name ${name} --region ${REGION}), or give this config another workload name`;
const ELSEWHERE = "it belongs to something else (another tool, a stack that lost its state, or this set deployed from another config)";

function ssmClient(region = REGION): SSMClient {
    return new SSMClient({ region, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
}

function parameter(name: string, value: string) {
    return { Name: name, Value: value, Type: "String" as const, Version: 1 };
}

describe("AWS preflight (aws-sdk-client-mock)", () => {
    it("passes when the VPC parameter holds a VPC ID and every parameter under the set's path is the stack's own, over every page", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand, { Name: "/vpc/main/VPCId" }).resolves({ Parameter: parameter("/vpc/main/VPCId", VPC) });
        // The paginator reuses one input object, so each request is copied as it is sent.
        const requests: object[] = [];
        const pages = [{ Parameters: [parameter(WEB, OWN.web)], NextToken: "page-2" }, { Parameters: [parameter(DB, OWN.db)] }];
        mock.on(GetParametersByPathCommand).callsFake((input: object) => {
            requests.push({ ...input });
            return pages.shift();
        });
        const result = await preflight(SET, { ssm, ownGroupIds: OWN });
        assert.deepEqual(result, {
            ok: true,
            vpcId: VPC,
            problems: [],
            checked: [
                "SSM client region: eu-west-1, the set's",
                `VPC parameter /vpc/main/VPCId in eu-west-1: ${VPC}`,
                `parameters under /sg/${SET_NAME} in eu-west-1: 2 found in 2 pages, 2 this stack's own, 0 belonging to something else`,
            ],
        });
        assert.deepEqual(requests, [
            { Path: `/sg/${SET_NAME}`, Recursive: true, NextToken: undefined, MaxResults: undefined },
            { Path: `/sg/${SET_NAME}`, Recursive: true, NextToken: "page-2", MaxResults: undefined },
        ]);
        assert.equal(mock.commandCalls(GetParameterCommand).length, 1);
    });

    it("passes with no parameters at all: a first deployment", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).resolves({ Parameter: parameter("/vpc/main/VPCId", "vpc-01234567") });
        mock.on(GetParametersByPathCommand).resolves({ Parameters: [] });
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.equal(result.ok, true);
        assert.equal(result.vpcId, "vpc-01234567");
        assert.equal(result.checked[2], `parameters under /sg/${SET_NAME} in eu-west-1: 0 found in 1 page, 0 this stack's own, 0 belonging to something else`);
    });

    it("a VPC given by ID: no SSM call for it, and the skip recorded", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParametersByPathCommand).resolves({ Parameters: [] });
        const result = await preflight({ ...SET, vpc: { kind: "id", id: VPC } }, { ssm, ownGroupIds: {} });
        assert.deepEqual(result.checked.slice(0, 2), ["SSM client region: eu-west-1, the set's", `VPC ${VPC} given in the config: no SSM lookup (skipped)`]);
        assert.equal(result.vpcId, VPC);
        assert.equal(result.ok, true);
        assert.equal(mock.commandCalls(GetParameterCommand).length, 0);
    });

    it("a missing VPC parameter names the exact path and region, and both fixes", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).rejects(new ParameterNotFound({ message: "", $metadata: { httpStatusCode: 400 } }));
        mock.on(GetParametersByPathCommand).resolves({ Parameters: [] });
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.equal(result.ok, false);
        assert.equal(result.vpcId, undefined);
        assert.deepEqual(result.problems, [
            {
                check: "vpc",
                kind: "vpc-parameter-missing",
                message: 'SSM parameter /vpc/main/VPCId does not exist in eu-west-1: no VPC named "main" is published there',
                fix: "publish it with the VPC provisioner in eu-west-1, or put vpc: { id: vpc-... } in the config instead of vpc: { name: main }",
            },
        ]);
        assert.equal(result.checked[1], "VPC parameter /vpc/main/VPCId in eu-west-1: not found");
        assert.equal(mock.commandCalls(GetParametersByPathCommand).length, 1, "the set's own parameters are still checked");
    });

    for (const value of ["sg-0123456789abcdef0", "vpc-XYZ", "vpc-0123456789", ""]) {
        it(`a VPC parameter holding ${JSON.stringify(value)} is no VPC ID: the value is quoted`, async () => {
            const ssm = ssmClient();
            const mock = mockClient(ssm);
            mock.on(GetParameterCommand).resolves({ Parameter: parameter("/vpc/main/VPCId", value) });
            mock.on(GetParametersByPathCommand).resolves({});
            const result = await preflight(SET, { ssm, ownGroupIds: {} });
            assert.deepEqual(result.problems, [
                {
                    check: "vpc",
                    kind: "vpc-parameter-invalid",
                    message: `SSM parameter /vpc/main/VPCId in eu-west-1 holds ${JSON.stringify(value)}, not a VPC ID (vpc- and 8 or 17 hex digits)`,
                    fix: "correct it (aws ssm put-parameter --overwrite --name /vpc/main/VPCId --value vpc-... --region eu-west-1) or put vpc: { id: vpc-... } in the config",
                },
            ]);
            assert.equal(result.vpcId, undefined);
        });
    }

    it("a tier's parameter when the stack owns nothing (no outputs) belongs to something else", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).resolves({ Parameter: parameter("/vpc/main/VPCId", VPC) });
        mock.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(WEB, "sg-0ccccccccccccccccc")] });
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.equal(result.ok, false);
        assert.equal(result.vpcId, VPC);
        assert.deepEqual(result.problems, [
            {
                check: "own-parameters",
                kind: "foreign-parameter",
                message: `SSM parameter ${WEB} = sg-0ccccccccccccccccc in eu-west-1 already exists, but this set's stack owns no group for tier web: ${ELSEWHERE}`,
                fix: FOREIGN_FIX(WEB),
            },
        ]);
        assert.equal(result.checked[2], `parameters under /sg/${SET_NAME} in eu-west-1: 1 found in 1 page, 0 this stack's own, 1 belonging to something else`);
    });

    it("a tier's parameter naming another group than the stack's: the same set from another config", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).resolves({ Parameter: parameter("/vpc/main/VPCId", VPC) });
        mock.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(WEB, OWN.web), parameter(DB, "sg-0ddddddddddddddddd")] });
        const result = await preflight(SET, { ssm, ownGroupIds: OWN });
        assert.deepEqual(result.problems, [
            {
                check: "own-parameters",
                kind: "foreign-parameter",
                message: `SSM parameter ${DB} = sg-0ddddddddddddddddd in eu-west-1 names a group other than ${OWN.db}, which this set's stack owns for tier db: ${ELSEWHERE}`,
                fix: FOREIGN_FIX(DB),
            },
        ]);
    });

    it("a parameter under the set's path that is no tier's: found on a later page, with all others", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        const stray = `/sg/${SET_NAME}/cache/SecurityGroupId`;
        const note = `/sg/${SET_NAME}/notes`;
        mock.on(GetParameterCommand).resolves({ Parameter: parameter("/vpc/main/VPCId", VPC) });
        mock.on(GetParametersByPathCommand)
            .resolvesOnce({ Parameters: [parameter(WEB, OWN.web)], NextToken: "2" })
            .resolvesOnce({ Parameters: [], NextToken: "3" })
            .resolvesOnce({ Parameters: [parameter(stray, "sg-0eeeeeeeeeeeeeeee"), parameter(note, "hello")] });
        const result = await preflight(SET, { ssm, ownGroupIds: OWN });
        assert.deepEqual(
            result.problems.map((problem) => problem.message),
            [
                `SSM parameter ${stray} = sg-0eeeeeeeeeeeeeeee in eu-west-1 is under set ${SET_NAME}'s path but is no tier's parameter (tiers: web, db): ${ELSEWHERE}`,
                `SSM parameter ${note} = hello in eu-west-1 is under set ${SET_NAME}'s path but is no tier's parameter (tiers: web, db): ${ELSEWHERE}`,
            ],
        );
        assert.deepEqual(
            result.problems.map((problem) => problem.fix),
            [FOREIGN_FIX(stray), FOREIGN_FIX(note)],
        );
        assert.equal(result.checked[2], `parameters under /sg/${SET_NAME} in eu-west-1: 3 found in 3 pages, 1 this stack's own, 2 belonging to something else`);
        assert.equal(mock.commandCalls(GetParametersByPathCommand).length, 3);
    });

    it("collects a VPC problem and a foreign parameter together", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).rejects(new ParameterNotFound({ message: "", $metadata: {} }));
        mock.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(DB, "sg-0ddddddddddddddddd")] });
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.deepEqual(
            result.problems.map((problem) => `${problem.check}/${problem.kind}`),
            ["vpc/vpc-parameter-missing", "own-parameters/foreign-parameter"],
        );
    });

    it("access denied on the VPC parameter becomes a problem naming ssm:GetParameter, and the next check still runs", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).rejects(new SSMServiceException({ name: "AccessDeniedException", message: "", $fault: "client", $metadata: { httpStatusCode: 400 } }));
        mock.on(GetParametersByPathCommand).resolves({ Parameters: [] });
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.deepEqual(result.problems, [
            {
                check: "vpc",
                kind: "access-denied",
                message: "access denied: AWS refused ssm:GetParameter on parameter /vpc/main/VPCId in eu-west-1 (AccessDeniedException)",
                fix: "grant ssm:GetParameter on parameter /vpc/main/VPCId to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it",
            },
        ]);
        assert.equal(result.checked[1], "VPC parameter /vpc/main/VPCId in eu-west-1: failed (access-denied)");
        assert.equal(mock.commandCalls(GetParametersByPathCommand).length, 1);
    });

    it("access denied on GetParametersByPath names that action and the path", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).resolves({ Parameter: parameter("/vpc/main/VPCId", VPC) });
        mock.on(GetParametersByPathCommand).rejects(new SSMServiceException({ name: "AccessDeniedException", message: "", $fault: "client", $metadata: {} }));
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.deepEqual(result.problems, [
            {
                check: "own-parameters",
                kind: "access-denied",
                message: `access denied: AWS refused ssm:GetParametersByPath on path /sg/${SET_NAME} in eu-west-1 (AccessDeniedException)`,
                fix: `grant ssm:GetParametersByPath on path /sg/${SET_NAME} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
            },
        ]);
        assert.equal(result.vpcId, VPC);
    });

    it("no credentials: one problem, and the checks stop there instead of failing the same way again", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.deepEqual(result.problems, [
            {
                check: "vpc",
                kind: "credentials",
                message: "no AWS credentials found for ssm:GetParameter: Could not load credentials from any providers",
                fix: "set AWS_PROFILE to a profile in ~/.aws/config (after aws sso login --profile NAME if it uses SSO), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available",
            },
        ]);
        assert.deepEqual(result.checked.slice(1), ["VPC parameter /vpc/main/VPCId in eu-west-1: failed (credentials)", "later checks skipped: credentials"]);
        assert.equal(mock.commandCalls(GetParametersByPathCommand).length, 0);
    });

    it("throttled after the retries: a problem, not a throw", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParameterCommand).resolves({ Parameter: parameter("/vpc/main/VPCId", VPC) });
        mock.on(GetParametersByPathCommand).rejects(
            new SSMServiceException({ name: "ThrottlingException", message: "Rate exceeded", $fault: "client", $metadata: { attempts: 4 } }),
        );
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.deepEqual(result.problems, [
            {
                check: "own-parameters",
                kind: "throttled",
                message: "throttled: SSM in eu-west-1 kept refusing ssm:GetParametersByPath as too many requests after 4 attempts (ThrottlingException)",
                fix: "wait a minute and run again; other tools calling the same API in this account and region share its rate limit",
            },
        ]);
    });

    it("a client for another region: a problem, and no call", async () => {
        const ssm = ssmClient("us-east-1");
        const mock = mockClient(ssm);
        const result = await preflight(SET, { ssm, ownGroupIds: {} });
        assert.deepEqual(result, {
            ok: false,
            problems: [
                {
                    check: "region",
                    kind: "wrong-region",
                    message: `the SSM client is for us-east-1, but set ${SET_NAME} is in eu-west-1: its parameters would be looked for in the wrong region`,
                    fix: "build the client for the set's region: awsClients(set.region).ssm",
                },
            ],
            checked: ["SSM client region: us-east-1, not the set's eu-west-1", "later checks skipped: wrong-region"],
        });
        assert.equal(mock.calls().length, 0);
    });
});

describe("SSM parameters under a set's path (aws-sdk-client-mock)", () => {
    it("lists every parameter over every page, as name and value", async () => {
        const ssm = ssmClient();
        const mock = mockClient(ssm);
        mock.on(GetParametersByPathCommand)
            .resolvesOnce({ Parameters: [parameter(WEB, OWN.web)], NextToken: "2" })
            .resolvesOnce({ Parameters: [parameter(DB, OWN.db)] });
        assert.deepEqual(await parametersUnder(SET, ssm), {
            ok: true,
            parameters: [
                { name: WEB, value: OWN.web },
                { name: DB, value: OWN.db },
            ],
            pages: 2,
        });
        assert.equal(mock.commandCalls(GetParametersByPathCommand).length, 2);
    });

    it("none left: an empty list", async () => {
        const ssm = ssmClient();
        mockClient(ssm).on(GetParametersByPathCommand).resolves({});
        assert.deepEqual(await parametersUnder(SET, ssm), { ok: true, parameters: [], pages: 1 });
    });

    it("an SDK error comes back as a problem naming the action and the path", async () => {
        const ssm = ssmClient();
        mockClient(ssm)
            .on(GetParametersByPathCommand)
            .rejects(new SSMServiceException({ name: "AccessDeniedException", message: "", $fault: "client", $metadata: {} }));
        assert.deepEqual(await parametersUnder(SET, ssm), {
            ok: false,
            problem: {
                kind: "access-denied",
                code: "AccessDeniedException",
                message: `access denied: AWS refused ssm:GetParametersByPath on path /sg/${SET_NAME} in eu-west-1 (AccessDeniedException)`,
                fix: `grant ssm:GetParametersByPath on path /sg/${SET_NAME} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
            },
        });
    });
});
