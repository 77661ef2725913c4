import { strict as assert } from "node:assert";
import { DescribeSecurityGroupsCommand, DescribeSecurityGroupsRequest, EC2Client, EC2ServiceException, IpPermission, SecurityGroup } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { groupsReferencing, visibleGroups } from "../provider/cli/src/aws/security-groups";

const WEB = "sg-0aaaaaaaaaaaaaaaa";
const DB = "sg-0bbbbbbbbbbbbbbbb";
const BILLING = "sg-0cccccccccccccccc";
const REPORTS = "sg-0dddddddddddddddd";
const VPC = "vpc-0123456789abcdef0";

function ec2Client(): EC2Client {
    return new EC2Client({ region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
}

/** An EC2 error as the SDK throws it: its name is the code EC2 sent. */
function ec2Error(name: string, message: string, status = 400): EC2ServiceException {
    return new EC2ServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: status } });
}

const notFound = (id: string) => ec2Error("InvalidGroup.NotFound", `The security group '${id}' does not exist`);
const denied = () => ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation.", 403);

/** A rule allowing TCP on `port` from or to each group. */
function rule(port: number, ...groupIds: string[]): IpPermission {
    return { IpProtocol: "tcp", FromPort: port, ToPort: port, UserIdGroupPairs: groupIds.map((GroupId) => ({ GroupId, UserId: "123456789012" })), IpRanges: [] };
}

function group(id: string, name: string, rules: { inbound?: IpPermission[]; outbound?: IpPermission[] } = {}): SecurityGroup {
    return { GroupId: id, GroupName: name, VpcId: VPC, OwnerId: "123456789012", Description: name, IpPermissions: rules.inbound ?? [], IpPermissionsEgress: rules.outbound ?? [] };
}

/** A mock EC2 client answering each DescribeSecurityGroups with `answer`, and the inputs it was asked with. */
function mocked(answer: (input: DescribeSecurityGroupsRequest) => { SecurityGroups: SecurityGroup[]; NextToken?: string }) {
    const client = ec2Client();
    const mock = mockClient(client);
    const requests: DescribeSecurityGroupsRequest[] = [];
    mock.on(DescribeSecurityGroupsCommand).callsFake((input: DescribeSecurityGroupsRequest) => {
        requests.push(JSON.parse(JSON.stringify(input)));
        return answer(input);
    });
    return { client, mock, requests };
}

describe("security groups a set's deletion depends on (aws-sdk-client-mock)", () => {
    describe("visibleGroups", () => {
        it("all found: one DescribeSecurityGroups with every ID, no page size; found in the order asked", async () => {
            const { client, requests } = mocked(() => ({ SecurityGroups: [group(DB, "db"), group(WEB, "web")] }));
            assert.deepEqual(await visibleGroups([WEB, DB], client), { ok: true, found: [WEB, DB], missing: [] });
            assert.deepEqual(requests, [{ GroupIds: [WEB, DB] }]);
        });

        it("some missing: EC2 fails the whole request with InvalidGroup.NotFound, so each ID is asked alone", async () => {
            const { client, requests } = mocked((input) => {
                if (input.GroupIds?.includes(DB)) throw notFound(DB);
                return { SecurityGroups: [group(WEB, "web")] };
            });
            assert.deepEqual(await visibleGroups([WEB, DB], client), { ok: true, found: [WEB], missing: [DB] });
            assert.deepEqual(requests, [{ GroupIds: [WEB, DB] }, { GroupIds: [WEB] }, { GroupIds: [DB] }]);
        });

        it("every one missing: all in missing, and the same ID is never asked twice", async () => {
            const { client, requests } = mocked((input) => {
                throw notFound(input.GroupIds?.[0] ?? "");
            });
            assert.deepEqual(await visibleGroups([WEB, DB, WEB], client), { ok: true, found: [], missing: [WEB, DB] });
            assert.deepEqual(requests, [{ GroupIds: [WEB, DB] }, { GroupIds: [WEB] }, { GroupIds: [DB] }]);

            const single = mocked(() => {
                throw notFound(DB);
            });
            assert.deepEqual(await visibleGroups([DB], single.client), { ok: true, found: [], missing: [DB] });
            assert.deepEqual(single.requests, [{ GroupIds: [DB] }], "one ID that is missing needs no second call");
        });

        it("access denied comes back as a problem naming ec2:DescribeSecurityGroups and the groups", async () => {
            const { client } = mocked(() => {
                throw denied();
            });
            assert.deepEqual(await visibleGroups([WEB, DB], client), {
                ok: false,
                problem: {
                    kind: "access-denied",
                    code: "UnauthorizedOperation",
                    message: `access denied: AWS refused ec2:DescribeSecurityGroups on groups ${WEB}, ${DB} in eu-west-1 (UnauthorizedOperation: You are not authorized to perform this operation.)`,
                    fix: `grant ec2:DescribeSecurityGroups on groups ${WEB}, ${DB} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
                },
            });
        });

        it("a failure while asking one ID alone is a problem naming that ID, and ends the asking", async () => {
            const { client, requests } = mocked((input) => {
                if (input.GroupIds?.length === 2) throw notFound(DB);
                throw ec2Error("RequestLimitExceeded", "Request limit exceeded.", 503);
            });
            const result = await visibleGroups([WEB, DB], client);
            assert.equal(result.ok, false);
            assert.deepEqual(!result.ok && [result.problem.kind, result.problem.code, result.problem.message], [
                "throttled",
                "RequestLimitExceeded",
                "throttled: EC2 in eu-west-1 kept refusing ec2:DescribeSecurityGroups as too many requests (RequestLimitExceeded)",
            ]);
            assert.deepEqual(requests, [{ GroupIds: [WEB, DB] }, { GroupIds: [WEB] }]);
        });

        it("no groups, no call", async () => {
            const { client, mock } = mocked(() => ({ SecurityGroups: [] }));
            assert.deepEqual(await visibleGroups([], client), { ok: true, found: [], missing: [] });
            assert.equal(mock.calls().length, 0);
        });
    });

    describe("groupsReferencing", () => {
        const ingress = (values: string[]) => ({ Filters: [{ Name: "ip-permission.group-id", Values: values }], MaxResults: 1000 });
        const egress = (values: string[]) => ({ Filters: [{ Name: "egress.ip-permission.group-id", Values: values }], MaxResults: 1000 });
        const filterOf = (input: DescribeSecurityGroupsRequest) => input.Filters?.[0]?.Name;

        it("asks per direction with every ID, and names what each outside group references, inbound and outbound, with the tiers", async () => {
            const billing = group(BILLING, "billing-api", { inbound: [rule(443, WEB), rule(8443, WEB)], outbound: [rule(5432, DB)] });
            const reports = group(REPORTS, "reports", { inbound: [rule(5432, DB, WEB)] });
            const { client, requests } = mocked((input) => ({ SecurityGroups: filterOf(input) === "ip-permission.group-id" ? [reports, billing] : [billing] }));
            const result = await groupsReferencing({ web: WEB, db: DB }, client);
            assert.deepEqual(requests, [ingress([WEB, DB]), egress([WEB, DB])]);
            assert.deepEqual(result, {
                ok: true,
                groups: [
                    {
                        groupId: BILLING,
                        groupName: "billing-api",
                        vpcId: VPC,
                        references: [
                            { direction: "inbound", groupId: WEB, tier: "web" },
                            { direction: "outbound", groupId: DB, tier: "db" },
                        ],
                        line: `${BILLING} (billing-api) allows inbound from web: ${WEB} and outbound to db: ${DB}`,
                    },
                    {
                        groupId: REPORTS,
                        groupName: "reports",
                        vpcId: VPC,
                        references: [
                            { direction: "inbound", groupId: WEB, tier: "web" },
                            { direction: "inbound", groupId: DB, tier: "db" },
                        ],
                        line: `${REPORTS} (reports) allows inbound from web: ${WEB}, db: ${DB}`,
                    },
                ],
            });
        });

        it("leaves out the set's own groups: their references to each other go with the set", async () => {
            const web = group(WEB, "web", { outbound: [rule(5432, DB)] });
            const db = group(DB, "db", { inbound: [rule(5432, WEB)] });
            const billing = group(BILLING, "billing-api", { inbound: [rule(5432, DB)] });
            const { client } = mocked((input) => ({ SecurityGroups: filterOf(input) === "ip-permission.group-id" ? [db, billing] : [web] }));
            const result = await groupsReferencing([WEB, DB], client);
            assert.deepEqual(result.ok && result.groups.map((each) => each.line), [`${BILLING} (billing-api) allows inbound from ${DB}`]);
            assert.deepEqual(result.ok && result.groups[0].references, [{ direction: "inbound", groupId: DB }]);
        });

        it("reads every page of each direction", async () => {
            const billing = group(BILLING, "billing-api", { inbound: [rule(443, WEB)] });
            const reports = group(REPORTS, "", { outbound: [rule(443, WEB)] });
            const { client, requests } = mocked((input) => {
                if (filterOf(input) === "ip-permission.group-id") return input.NextToken ? { SecurityGroups: [billing] } : { SecurityGroups: [], NextToken: "page-2" };
                return { SecurityGroups: [reports] };
            });
            const result = await groupsReferencing([WEB], client);
            assert.deepEqual(requests, [ingress([WEB]), { ...ingress([WEB]), NextToken: "page-2" }, egress([WEB])]);
            assert.deepEqual(result.ok && result.groups.map((each) => each.line), [`${BILLING} (billing-api) allows inbound from ${WEB}`, `${REPORTS} allows outbound to ${WEB}`]);
        });

        it("nothing outside the set references it: no groups", async () => {
            const { client } = mocked(() => ({ SecurityGroups: [] }));
            assert.deepEqual(await groupsReferencing({ web: WEB }, client), { ok: true, groups: [] });
        });

        it("access denied comes back as a problem naming ec2:DescribeSecurityGroups and the groups", async () => {
            const { client, requests } = mocked(() => {
                throw denied();
            });
            const result = await groupsReferencing({ web: WEB, db: DB }, client);
            assert.deepEqual(result, {
                ok: false,
                problem: {
                    kind: "access-denied",
                    code: "UnauthorizedOperation",
                    message: `access denied: AWS refused ec2:DescribeSecurityGroups on groups ${WEB}, ${DB} in eu-west-1 (UnauthorizedOperation: You are not authorized to perform this operation.)`,
                    fix: `grant ec2:DescribeSecurityGroups on groups ${WEB}, ${DB} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
                },
            });
            assert.equal(requests.length, 1, "the outbound question is not asked after the inbound one failed");
        });

        it("no groups, no call", async () => {
            const { client, mock } = mocked(() => ({ SecurityGroups: [] }));
            assert.deepEqual(await groupsReferencing([], client), { ok: true, groups: [] });
            assert.deepEqual(await groupsReferencing({}, client), { ok: true, groups: [] });
            assert.equal(mock.calls().length, 0);
        });
    });
});
