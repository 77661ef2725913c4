import { strict as assert } from "node:assert";
import * as path from "node:path";
import { AwsClients, awsClients } from "../provider/cli/src/aws/clients";
import { AwsTimeouts } from "../provider/cli/src/aws/client-config";
import { registerUsage } from "../provider/cli/src/aws/entitlement";
import { interfacesUsing } from "../provider/cli/src/aws/network-interfaces";
import { PreflightSet, preflight } from "../provider/cli/src/aws/preflight";
import { groupsReferencing, visibleGroups } from "../provider/cli/src/aws/security-groups";
import { tierParameterName } from "../provider/core/src/plan/names";
import { closeStubs, closedPort, ec2Error, form, json, startStub, target, xml } from "./support/aws-stub";
import { tempDir } from "./support/temp";

/**
 * The real SDK clients, serializing and deserializing for real, against a stub AWS on 127.0.0.1
 * that each test starts. The clients find the stub only through AWS_ENDPOINT_URL (or
 * AWS_ENDPOINT_URL_SSM), as a user's environment would point them; credentials are fake and
 * instance metadata is off, so nothing here can reach AWS.
 */

const clientSets: AwsClients[] = [];

function clients(region: string | undefined, timeouts?: AwsTimeouts): AwsClients {
    const made = awsClients(region, timeouts);
    clientSets.push(made);
    return made;
}

/** Short limits, so a stub that never answers ends a test in well under a second or two. */
const SHORT: AwsTimeouts = { connectionTimeoutMs: 1000, requestTimeoutMs: 300, callTimeoutMs: 5000, maxAttempts: 2 };

const SET_NAME = "acme-prod-d01-eu-west-1-sg";
const VPC = "vpc-0123456789abcdef0";
const OWN = { web: "sg-0aaaaaaaaaaaaaaaa", db: "sg-0bbbbbbbbbbbbbbbb" };
const SET: PreflightSet = {
    setName: SET_NAME,
    region: "eu-west-1",
    vpc: { kind: "ssm", name: "main", parameter: "/vpc/main/VPCId" },
    tiers: [
        { name: "web", parameterName: tierParameterName(SET_NAME, "web") },
        { name: "db", parameterName: tierParameterName(SET_NAME, "db") },
    ],
};
const PRODUCT = "4q5w6e7r8t9y0u1i2o3p";

const vpcAnswer = json(200, { Parameter: { Name: "/vpc/main/VPCId", Type: "String", Value: VPC, Version: 3, ARN: "arn:aws:ssm:eu-west-1:123456789012:parameter/vpc/main/VPCId" } });

function ownParameter(tier: "web" | "db") {
    return { Name: tierParameterName(SET_NAME, tier), Type: "String", Value: OWN[tier], Version: 1 };
}

describe("AWS clients end to end, over HTTP to a stub on 127.0.0.1", function () {
    this.timeout(30_000);
    let saved: NodeJS.ProcessEnv;

    beforeEach(() => {
        saved = { ...process.env };
        for (const name of Object.keys(process.env).filter((key) => key.startsWith("AWS_"))) delete process.env[name];
        const home = tempDir("sgp-aws-");
        Object.assign(process.env, {
            AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_CONFIG_FILE: path.join(home, "config"),
            AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        });
    });

    afterEach(async () => {
        clientSets.splice(0).forEach((made) => made.destroy());
        await closeStubs();
        for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
        Object.assign(process.env, saved);
    });

    after(async () => {
        await closeStubs();
    });

    describe("SSM (awsJson1_1)", () => {
        it("preflight: GetParameter for the VPC, then GetParametersByPath over two pages, signed for the set's region", async () => {
            const stub = await startStub((request) => {
                if (target(request) === "AmazonSSM.GetParameter") return vpcAnswer;
                const body = JSON.parse(request.body) as { NextToken?: string };
                return json(200, body.NextToken ? { Parameters: [ownParameter("db")] } : { Parameters: [ownParameter("web")], NextToken: "page-2" });
            });
            process.env.AWS_ENDPOINT_URL = stub.url;
            const aws = clients("eu-west-1", SHORT);
            const result = await preflight(SET, { ssm: aws.ssm, ownGroupIds: OWN, timeouts: aws.timeouts });
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
            assert.deepEqual(
                stub.requests.map((request) => [request.method, request.url, target(request), request.headers["content-type"], JSON.parse(request.body)]),
                [
                    ["POST", "/", "AmazonSSM.GetParameter", "application/x-amz-json-1.1", { Name: "/vpc/main/VPCId" }],
                    ["POST", "/", "AmazonSSM.GetParametersByPath", "application/x-amz-json-1.1", { Path: `/sg/${SET_NAME}`, Recursive: true }],
                    ["POST", "/", "AmazonSSM.GetParametersByPath", "application/x-amz-json-1.1", { Path: `/sg/${SET_NAME}`, Recursive: true, NextToken: "page-2" }],
                ],
            );
            for (const request of stub.requests)
                assert.match(String(request.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ssm\/aws4_request,/);
        });

        it("AWS_ENDPOINT_URL_SSM sends SSM to its own endpoint, ahead of AWS_ENDPOINT_URL", async () => {
            const ssmStub = await startStub((request) => (target(request) === "AmazonSSM.GetParameter" ? vpcAnswer : json(200, { Parameters: [] })));
            const elsewhere = await startStub(() => json(500, {}));
            process.env.AWS_ENDPOINT_URL = elsewhere.url;
            process.env.AWS_ENDPOINT_URL_SSM = ssmStub.url;
            const aws = clients("eu-west-1", SHORT);
            const result = await preflight(SET, { ssm: aws.ssm, ownGroupIds: {} });
            assert.equal(result.ok, true);
            assert.deepEqual(ssmStub.requests.map(target), ["AmazonSSM.GetParameter", "AmazonSSM.GetParametersByPath"]);
            assert.equal(elsewhere.requests.length, 0);
        });

        it("a throttled answer is retried by the standard retry mode, then succeeds", async () => {
            const stub = await startStub((request, index) => {
                if (index === 0) return json(400, { __type: "ThrottlingException", message: "Rate exceeded" });
                return target(request) === "AmazonSSM.GetParameter" ? vpcAnswer : json(200, { Parameters: [] });
            });
            process.env.AWS_ENDPOINT_URL = stub.url;
            const aws = clients("eu-west-1", { ...SHORT, maxAttempts: 3 });
            const result = await preflight(SET, { ssm: aws.ssm, ownGroupIds: {} });
            assert.equal(result.ok, true);
            assert.equal(result.vpcId, VPC);
            assert.deepEqual(
                stub.requests.map((request) => [target(request), request.headers["amz-sdk-request"]]),
                [
                    ["AmazonSSM.GetParameter", "attempt=1; max=3"],
                    ["AmazonSSM.GetParameter", "attempt=2; max=3"],
                    ["AmazonSSM.GetParametersByPath", "attempt=1; max=3"],
                ],
            );
        });

        it("ParameterNotFound, as AWS sends it, becomes the missing-VPC problem", async () => {
            const stub = await startStub((request) => (target(request) === "AmazonSSM.GetParameter" ? json(400, { __type: "ParameterNotFound" }) : json(200, { Parameters: [] })));
            process.env.AWS_ENDPOINT_URL = stub.url;
            const result = await preflight(SET, { ssm: clients("eu-west-1", SHORT).ssm, ownGroupIds: {} });
            assert.deepEqual(result.problems, [
                {
                    check: "vpc",
                    kind: "vpc-parameter-missing",
                    message: 'SSM parameter /vpc/main/VPCId does not exist in eu-west-1: no VPC named "main" is published there',
                    fix: "publish it with the VPC provisioner in eu-west-1, or put vpc: { id: vpc-... } in the config instead of vpc: { name: main }",
                },
            ]);
        });

        it("AccessDeniedException, as AWS sends it, names the refused action and the ARN from AWS's message", async () => {
            const denied = `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:eu-west-1:123456789012:parameter/sg/${SET_NAME} because no identity-based policy allows the ssm:GetParametersByPath action`;
            const stub = await startStub((request) => (target(request) === "AmazonSSM.GetParameter" ? vpcAnswer : json(400, { __type: "AccessDeniedException", message: denied })));
            process.env.AWS_ENDPOINT_URL = stub.url;
            const result = await preflight(SET, { ssm: clients("eu-west-1", SHORT).ssm, ownGroupIds: {} });
            assert.deepEqual(result.problems, [
                {
                    check: "own-parameters",
                    kind: "access-denied",
                    message: `access denied: AWS refused ssm:GetParametersByPath on arn:aws:ssm:eu-west-1:123456789012:parameter/sg/${SET_NAME} in eu-west-1 (AccessDeniedException: ${denied})`,
                    fix: `grant ssm:GetParametersByPath on arn:aws:ssm:eu-west-1:123456789012:parameter/sg/${SET_NAME} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
                },
            ]);
        });

        it("a server that never answers: a timeout naming the endpoint, the region and the limit, after the bounded attempts", async () => {
            const stub = await startStub(() => "never");
            process.env.AWS_ENDPOINT_URL = stub.url;
            const started = Date.now();
            const result = await preflight(SET, { ssm: clients("eu-west-1", SHORT).ssm, ownGroupIds: {}, timeouts: SHORT });
            assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
            assert.deepEqual(result, {
                ok: false,
                problems: [
                    {
                        check: "vpc",
                        kind: "timeout",
                        message: `timed out: SSM at ${stub.url} (region eu-west-1) did not answer ssm:GetParameter within the limit per attempt of 300 ms after 2 attempts`,
                        fix: "check that this machine reaches the endpoint (network, proxy, firewall, VPC endpoint, or an AWS_ENDPOINT_URL* variable pointing elsewhere) and run again",
                    },
                ],
                checked: ["SSM client region: eu-west-1, the set's", "VPC parameter /vpc/main/VPCId in eu-west-1: failed (timeout)", "later checks skipped: timeout"],
            });
            assert.equal(stub.requests.length, 2);
        });

        it("the whole call's limit ends a call whose attempts are allowed longer", async () => {
            const stub = await startStub(() => "never");
            process.env.AWS_ENDPOINT_URL = stub.url;
            const timeouts = { ...SHORT, requestTimeoutMs: 20_000, callTimeoutMs: 400 };
            const started = Date.now();
            const result = await preflight(SET, { ssm: clients("eu-west-1", timeouts).ssm, ownGroupIds: {}, timeouts });
            assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
            assert.equal(result.problems[0].message, `timed out: SSM at ${stub.url} (region eu-west-1) did not answer ssm:GetParameter within the whole call's limit of 400 ms`);
        });

        it("nothing listening: unreachable, naming the endpoint", async () => {
            const url = await closedPort();
            process.env.AWS_ENDPOINT_URL = url;
            const result = await preflight(SET, { ssm: clients("eu-west-1", SHORT).ssm, ownGroupIds: {} });
            const port = new URL(url).port;
            assert.deepEqual(result.problems, [
                {
                    check: "vpc",
                    kind: "unreachable",
                    message: `cannot reach SSM at ${url} (region eu-west-1) for ssm:GetParameter: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port}) after 2 attempts`,
                    fix: "check the network path to the endpoint (proxy, firewall) and any AWS_ENDPOINT_URL* variable that points elsewhere",
                },
            ]);
        });
    });

    describe("EC2 (ec2 query protocol, XML answers)", () => {
        const item = (id: string, inner: string, groups: string[]) =>
            `<item><networkInterfaceId>${id}</networkInterfaceId>${inner}<groupSet>${groups.map((group) => `<item><groupId>${group}</groupId><groupName>${group}</groupName></item>`).join("")}</groupSet></item>`;
        const page = (items: string[], nextToken?: string) =>
            xml(
                200,
                `<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><networkInterfaceSet>${items.join("")}</networkInterfaceSet>${nextToken ? `<nextToken>${nextToken}</nextToken>` : ""}</DescribeNetworkInterfacesResponse>`,
            );
        const rds = item(
            "eni-0rds",
            "<description>RDSNetworkInterface</description><requesterId>amazon-rds</requesterId><requesterManaged>true</requesterManaged><status>in-use</status><interfaceType>interface</interfaceType>",
            [OWN.db],
        );
        const instance = item(
            "eni-0ec2",
            "<description></description><status>in-use</status><interfaceType>interface</interfaceType><attachment><attachmentId>eni-attach-1</attachmentId><instanceId>i-0123456789abcdef0</instanceId><deviceIndex>0</deviceIndex><status>attached</status></attachment>",
            [OWN.web, "sg-0fffffffffffffffff"],
        );

        it("DescribeNetworkInterfaces with the group-id filter over two pages; each interface classified", async () => {
            const stub = await startStub((request) => (form(request).NextToken ? page([instance]) : page([rds], "token-2")));
            process.env.AWS_ENDPOINT_URL = stub.url;
            const result = await interfacesUsing(OWN, clients("eu-west-1", SHORT).ec2, { timeouts: SHORT });
            assert.deepEqual(
                stub.requests.map((request) => [request.method, request.headers["content-type"], form(request)]),
                [
                    [
                        "POST",
                        "application/x-www-form-urlencoded",
                        {
                            Action: "DescribeNetworkInterfaces",
                            Version: "2016-11-15",
                            MaxResults: "1000",
                            "Filter.1.Name": "group-id",
                            "Filter.1.Value.1": OWN.web,
                            "Filter.1.Value.2": OWN.db,
                        },
                    ],
                    [
                        "POST",
                        "application/x-www-form-urlencoded",
                        {
                            Action: "DescribeNetworkInterfaces",
                            Version: "2016-11-15",
                            MaxResults: "1000",
                            NextToken: "token-2",
                            "Filter.1.Name": "group-id",
                            "Filter.1.Value.1": OWN.web,
                            "Filter.1.Value.2": OWN.db,
                        },
                    ],
                ],
            );
            assert.match(String(stub.requests[0].headers.authorization), /Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ec2\/aws4_request,/);
            assert.ok(result.ok);
            assert.deepEqual(
                result.interfaces.map((each) => each.line),
                [`eni-0ec2 (in-use) EC2 instance i-0123456789abcdef0 uses web: ${OWN.web}`, `eni-0rds (in-use) RDS database (RDSNetworkInterface) uses db: ${OWN.db}`],
            );
        });

        it("RequestLimitExceeded is retried as throttling, then succeeds", async () => {
            const stub = await startStub((_request, index) => (index === 0 ? ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.") : page([rds])));
            process.env.AWS_ENDPOINT_URL = stub.url;
            const result = await interfacesUsing([OWN.db], clients("eu-west-1", { ...SHORT, maxAttempts: 3 }).ec2);
            assert.deepEqual(result.ok && result.interfaces.map((each) => each.line), [`eni-0rds (in-use) RDS database (RDSNetworkInterface) uses ${OWN.db}`]);
            assert.deepEqual(
                stub.requests.map((request) => request.headers["amz-sdk-request"]),
                ["attempt=1; max=3", "attempt=2; max=3"],
            );
        });

        it("UnauthorizedOperation, as EC2 sends it, becomes access-denied naming ec2:DescribeNetworkInterfaces", async () => {
            const stub = await startStub(() => ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation."));
            process.env.AWS_ENDPOINT_URL = stub.url;
            const result = await interfacesUsing([OWN.db], clients("eu-west-1", SHORT).ec2);
            assert.deepEqual(result, {
                ok: false,
                problem: {
                    kind: "access-denied",
                    code: "UnauthorizedOperation",
                    message: `access denied: AWS refused ec2:DescribeNetworkInterfaces on groups ${OWN.db} in eu-west-1 (UnauthorizedOperation: You are not authorized to perform this operation.)`,
                    fix: `grant ec2:DescribeNetworkInterfaces on groups ${OWN.db} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
                },
            });
            assert.equal(stub.requests.length, 1, "access denied is not retried");
        });

        /** A group as DescribeSecurityGroups answers it (securityGroupInfo item), its rules naming other groups. */
        const securityGroup = (id: string, name: string, inbound: string[], outbound: string[]) => {
            const rules = (groups: string[]) =>
                groups
                    .map(
                        (other) =>
                            `<item><ipProtocol>tcp</ipProtocol><fromPort>5432</fromPort><toPort>5432</toPort><groups><item><userId>123456789012</userId><groupId>${other}</groupId></item></groups><ipRanges/><ipv6Ranges/><prefixListIds/></item>`,
                    )
                    .join("");
            return `<item><ownerId>123456789012</ownerId><groupId>${id}</groupId><groupName>${name}</groupName><groupDescription>${name}</groupDescription><vpcId>${VPC}</vpcId><ipPermissions>${rules(inbound)}</ipPermissions><ipPermissionsEgress>${rules(outbound)}</ipPermissionsEgress><securityGroupArn>arn:aws:ec2:eu-west-1:123456789012:security-group/${id}</securityGroupArn></item>`;
        };
        const groupsPage = (items: string[], nextToken?: string) =>
            xml(
                200,
                `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><securityGroupInfo>${items.join("")}</securityGroupInfo>${nextToken ? `<nextToken>${nextToken}</nextToken>` : ""}</DescribeSecurityGroupsResponse>`,
            );

        it("visibleGroups: InvalidGroup.NotFound, as EC2 sends it, for the pair; then each ID alone tells which is missing", async () => {
            const stub = await startStub((request) => {
                const asked = form(request);
                if (asked["GroupId.2"] !== undefined || asked["GroupId.1"] === OWN.db)
                    return ec2Error(400, "InvalidGroup.NotFound", `The security group '${OWN.db}' does not exist`);
                return groupsPage([securityGroup(OWN.web, "web", [], [])]);
            });
            process.env.AWS_ENDPOINT_URL = stub.url;
            const result = await visibleGroups([OWN.web, OWN.db], clients("eu-west-1", SHORT).ec2, { timeouts: SHORT });
            assert.deepEqual(result, { ok: true, found: [OWN.web], missing: [OWN.db] });
            assert.deepEqual(
                stub.requests.map((request) => [request.method, request.headers["content-type"], form(request)]),
                [
                    ["POST", "application/x-www-form-urlencoded", { Action: "DescribeSecurityGroups", Version: "2016-11-15", "GroupId.1": OWN.web, "GroupId.2": OWN.db }],
                    ["POST", "application/x-www-form-urlencoded", { Action: "DescribeSecurityGroups", Version: "2016-11-15", "GroupId.1": OWN.web }],
                    ["POST", "application/x-www-form-urlencoded", { Action: "DescribeSecurityGroups", Version: "2016-11-15", "GroupId.1": OWN.db }],
                ],
            );
            assert.match(String(stub.requests[0].headers.authorization), /Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ec2\/aws4_request,/);
        });

        it("groupsReferencing: the ingress filter over two pages, then the egress filter; the set's own groups left out", async () => {
            const billing = "sg-0cccccccccccccccc";
            const reports = "sg-0dddddddddddddddd";
            const stub = await startStub((request) => {
                const asked = form(request);
                if (asked["Filter.1.Name"] === "egress.ip-permission.group-id")
                    return groupsPage([securityGroup(OWN.web, "web", [], [OWN.db]), securityGroup(reports, "reports", [], [OWN.web])]);
                if (asked.NextToken) return groupsPage([securityGroup(OWN.db, "db", [OWN.web], [])]);
                return groupsPage([securityGroup(billing, "billing-api", [OWN.db], [])], "token-2");
            });
            process.env.AWS_ENDPOINT_URL = stub.url;
            const result = await groupsReferencing(OWN, clients("eu-west-1", SHORT).ec2, { timeouts: SHORT });
            const filter = (name: string) => ({ "Filter.1.Name": name, "Filter.1.Value.1": OWN.web, "Filter.1.Value.2": OWN.db });
            assert.deepEqual(
                stub.requests.map((request) => form(request)),
                [
                    { Action: "DescribeSecurityGroups", Version: "2016-11-15", MaxResults: "1000", ...filter("ip-permission.group-id") },
                    { Action: "DescribeSecurityGroups", Version: "2016-11-15", MaxResults: "1000", NextToken: "token-2", ...filter("ip-permission.group-id") },
                    { Action: "DescribeSecurityGroups", Version: "2016-11-15", MaxResults: "1000", ...filter("egress.ip-permission.group-id") },
                ],
            );
            assert.deepEqual(result, {
                ok: true,
                groups: [
                    {
                        groupId: billing,
                        groupName: "billing-api",
                        vpcId: VPC,
                        references: [{ direction: "inbound", groupId: OWN.db, tier: "db" }],
                        line: `${billing} (billing-api) allows inbound from db: ${OWN.db}`,
                    },
                    {
                        groupId: reports,
                        groupName: "reports",
                        vpcId: VPC,
                        references: [{ direction: "outbound", groupId: OWN.web, tier: "web" }],
                        line: `${reports} (reports) allows outbound to web: ${OWN.web}`,
                    },
                ],
            });
        });
    });

    describe("Marketplace Metering (awsJson1_1)", () => {
        it("RegisterUsage sends the product code and public key version 1, and reads the signature and rotation time", async () => {
            const stub = await startStub(() => json(200, { Signature: "eyJhbGciOiJQUzI1NiJ9.payload.signature", PublicKeyRotationTimestamp: 1893456000 }));
            process.env.AWS_ENDPOINT_URL = stub.url;
            const result = await registerUsage(PRODUCT, clients("us-east-1", SHORT).metering, { timeouts: SHORT });
            assert.deepEqual(result, { ok: true, signature: "eyJhbGciOiJQUzI1NiJ9.payload.signature", publicKeyRotationTimestamp: new Date("2030-01-01T00:00:00Z") });
            assert.deepEqual(
                stub.requests.map((request) => [request.method, target(request), request.headers["content-type"], JSON.parse(request.body)]),
                [["POST", "AWSMPMeteringService.RegisterUsage", "application/x-amz-json-1.1", { ProductCode: PRODUCT, PublicKeyVersion: 1 }]],
            );
            assert.match(String(stub.requests[0].headers.authorization), /Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/aws-marketplace\/aws4_request,/);
        });

        it("CustomerNotEntitledException, as AWS sends it, is the not-subscribed refusal", async () => {
            const stub = await startStub(() => json(400, { __type: "CustomerNotEntitledException", message: "Customer is not entitled to use the product." }));
            process.env.AWS_ENDPOINT_URL = stub.url;
            assert.deepEqual(await registerUsage(PRODUCT, clients("us-east-1", SHORT).metering), {
                ok: false,
                kind: "not-entitled",
                code: "CustomerNotEntitledException",
                message: `not subscribed: this AWS account has no AWS Marketplace subscription to product ${PRODUCT} (CustomerNotEntitledException: Customer is not entitled to use the product.)`,
                fix: "subscribe to sg-provisioner in AWS Marketplace with this account (or run with the subscribed account's credentials), then run again",
            });
            assert.equal(stub.requests.length, 1);
        });

        it("ThrottlingException is retried, then the subscription is confirmed", async () => {
            const stub = await startStub((_request, index) =>
                index === 0 ? json(400, { __type: "ThrottlingException", message: "Rate exceeded" }) : json(200, { Signature: "jwt" }),
            );
            process.env.AWS_ENDPOINT_URL = stub.url;
            assert.deepEqual(await registerUsage(PRODUCT, clients("us-east-1", { ...SHORT, maxAttempts: 3 }).metering), { ok: true, signature: "jwt" });
            assert.equal(stub.requests.length, 2);
        });

        it("no answer in time: the timeout kind, naming the endpoint and region", async () => {
            const stub = await startStub(() => "never");
            process.env.AWS_ENDPOINT_URL_MARKETPLACE_METERING = stub.url;
            const started = Date.now();
            const result = await registerUsage(PRODUCT, clients("us-east-1", SHORT).metering, { timeouts: SHORT });
            assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
            assert.deepEqual(result, {
                ok: false,
                kind: "timeout",
                code: "TimeoutError",
                message: `timed out: AWS Marketplace Metering at ${stub.url} (region us-east-1) did not answer aws-marketplace:RegisterUsage within the limit per attempt of 300 ms after 2 attempts`,
                fix: "check that this machine reaches the endpoint (network, proxy, firewall, VPC endpoint, or an AWS_ENDPOINT_URL* variable pointing elsewhere) and run again",
            });
        });

        it("no credentials in the default chain: the credentials kind, and no request sent", async () => {
            const stub = await startStub(() => json(200, {}));
            process.env.AWS_ENDPOINT_URL = stub.url;
            delete process.env.AWS_ACCESS_KEY_ID;
            delete process.env.AWS_SECRET_ACCESS_KEY;
            const result = await registerUsage(PRODUCT, clients("us-east-1", SHORT).metering);
            assert.equal(result.ok, false);
            assert.equal(!result.ok && result.kind, "credentials");
            assert.match(!result.ok ? result.message : "", /^no AWS credentials found for aws-marketplace:RegisterUsage: Could not load credentials from any providers/);
            assert.equal(stub.requests.length, 0);
        });

        it("no region in the default chain: the region kind", async () => {
            const result = await registerUsage(PRODUCT, clients(undefined, SHORT).metering);
            assert.deepEqual(result, {
                ok: false,
                kind: "region",
                code: "Error",
                message: "no usable AWS region for aws-marketplace:RegisterUsage: Region is missing",
                fix: "set AWS_REGION, or region in the profile that AWS_PROFILE names",
            });
        });

        it("AWS_REGION from the environment is used when no region is given", async () => {
            const stub = await startStub(() => json(200, { Signature: "jwt" }));
            process.env.AWS_ENDPOINT_URL = stub.url;
            process.env.AWS_REGION = "eu-central-1";
            assert.deepEqual(await registerUsage(PRODUCT, clients(undefined, SHORT).metering), { ok: true, signature: "jwt" });
            assert.match(String(stub.requests[0].headers.authorization), /\/eu-central-1\/aws-marketplace\/aws4_request,/);
        });
    });
});
