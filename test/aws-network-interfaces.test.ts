import { strict as assert } from "node:assert";
import { DescribeNetworkInterfacesCommand, EC2Client, EC2ServiceException, NetworkInterface } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { InterfaceUser, describeUser, interfaceUser, interfacesUsing } from "../provider/cli/src/aws/network-interfaces";

const WEB = "sg-0aaaaaaaaaaaaaaaa";
const DB = "sg-0bbbbbbbbbbbbbbbb";
const OTHER = "sg-0fffffffffffffffff";

function ec2Client(): EC2Client {
    return new EC2Client({ region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
}

function eni(id: string, fields: Partial<NetworkInterface>, groups = [DB]): NetworkInterface {
    return { NetworkInterfaceId: id, Status: "in-use", Groups: groups.map((groupId) => ({ GroupId: groupId, GroupName: groupId })), ...fields };
}

/** Each kind of user, from the fields AWS writes on the interfaces it creates. */
const CLASSIFIED: { name: string; eni: NetworkInterface; user: InterfaceUser; label: string }[] = [
    {
        name: "an EC2 instance (Attachment.InstanceId)",
        eni: eni("eni-01", { InterfaceType: "interface", Description: "", Attachment: { InstanceId: "i-0123456789abcdef0", Status: "attached" } }),
        user: { kind: "instance", instanceId: "i-0123456789abcdef0" },
        label: "EC2 instance i-0123456789abcdef0",
    },
    {
        name: "RDS by requester",
        eni: eni("eni-02", { InterfaceType: "interface", RequesterId: "amazon-rds", Description: "" }),
        user: { kind: "rds" },
        label: "RDS database",
    },
    {
        name: "RDS by description",
        eni: eni("eni-03", { Description: "RDSNetworkInterface", RequesterManaged: true }),
        user: { kind: "rds" },
        label: "RDS database",
    },
    {
        name: "Lambda by description, with the function's name",
        eni: eni("eni-04", { InterfaceType: "lambda", Description: "AWS Lambda VPC ENI-orders-api", RequesterId: "AROAEXAMPLE:orders-api" }),
        user: { kind: "lambda", functionName: "orders-api" },
        label: "Lambda function orders-api",
    },
    {
        name: "Lambda's older description, with a UUID after the name",
        eni: eni("eni-05", { InterfaceType: "interface", Description: "AWS Lambda VPC ENI-orders-api-0f3c1b2a-1234-4abc-9def-0123456789ab" }),
        user: { kind: "lambda", functionName: "orders-api" },
        label: "Lambda function orders-api",
    },
    {
        name: "Lambda by InterfaceType alone",
        eni: eni("eni-06", { InterfaceType: "lambda", Description: "" }),
        user: { kind: "lambda" },
        label: "Lambda function",
    },
    {
        name: "an application load balancer, named",
        eni: eni("eni-07", { InterfaceType: "interface", RequesterId: "amazon-elb", Description: "ELB app/web-alb/50dc6c495c0c9188" }),
        user: { kind: "load-balancer", type: "application", name: "web-alb" },
        label: "application load balancer web-alb",
    },
    {
        name: "a network load balancer, named",
        eni: eni("eni-08", { InterfaceType: "network_load_balancer", Description: "ELB net/db-nlb/0123456789abcdef" }),
        user: { kind: "load-balancer", type: "network", name: "db-nlb" },
        label: "network load balancer db-nlb",
    },
    {
        name: "a gateway load balancer by InterfaceType",
        eni: eni("eni-09", { InterfaceType: "gateway_load_balancer", Description: "" }),
        user: { kind: "load-balancer", type: "gateway" },
        label: "gateway load balancer",
    },
    {
        name: "a network load balancer by InterfaceType",
        eni: eni("eni-10", { InterfaceType: "network_load_balancer" }),
        user: { kind: "load-balancer", type: "network" },
        label: "network load balancer",
    },
    {
        name: "a classic load balancer",
        eni: eni("eni-11", { InterfaceType: "interface", RequesterId: "amazon-elb", Description: "ELB legacy-web" }),
        user: { kind: "load-balancer", type: "classic", name: "legacy-web" },
        label: "classic load balancer legacy-web",
    },
    {
        name: "a NAT gateway, with its ID",
        eni: eni("eni-12", { InterfaceType: "natGateway", Description: "Interface for NAT Gateway nat-0123456789abcdef0" }),
        user: { kind: "nat-gateway", natGatewayId: "nat-0123456789abcdef0" },
        label: "NAT gateway nat-0123456789abcdef0",
    },
    {
        name: "a NAT gateway by InterfaceType",
        eni: eni("eni-13", { InterfaceType: "natGateway" }),
        user: { kind: "nat-gateway" },
        label: "NAT gateway",
    },
    {
        name: "an interface VPC endpoint (InterfaceType interface)",
        eni: eni("eni-14", { InterfaceType: "interface", Description: "VPC Endpoint Interface vpce-0d8ddce4be80e4474" }),
        user: { kind: "vpc-endpoint", endpointId: "vpce-0d8ddce4be80e4474" },
        label: "VPC endpoint vpce-0d8ddce4be80e4474",
    },
    {
        name: "a VPC endpoint (InterfaceType vpc_endpoint)",
        eni: eni("eni-15", { InterfaceType: "vpc_endpoint", Description: "VPC Endpoint Interface: vpce-0f00567fa8477a1e6" }),
        user: { kind: "vpc-endpoint", endpointId: "vpce-0f00567fa8477a1e6" },
        label: "VPC endpoint vpce-0f00567fa8477a1e6",
    },
    {
        name: "a gateway load balancer endpoint",
        eni: eni("eni-16", { InterfaceType: "gateway_load_balancer_endpoint", Description: "" }),
        user: { kind: "vpc-endpoint" },
        label: "VPC endpoint",
    },
    {
        name: "an ECS task (awsvpc), by its attachment ARN",
        eni: eni("eni-17", { InterfaceType: "interface", Description: "arn:aws:ecs:eu-west-1:123456789012:attachment/8a3f1c2e-1111-2222-3333-444455556666" }),
        user: { kind: "ecs-task", attachment: "arn:aws:ecs:eu-west-1:123456789012:attachment/8a3f1c2e-1111-2222-3333-444455556666" },
        label: "ECS task",
    },
    {
        name: "an ECS task on a trunked branch interface",
        eni: eni("eni-18", { InterfaceType: "branch", Description: "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:attachment/abc" }),
        user: { kind: "ecs-task", attachment: "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:attachment/abc" },
        label: "ECS task",
    },
    {
        name: "anything else: its type and requester",
        eni: eni("eni-19", { InterfaceType: "quicksight", Description: "Amazon QuickSight VPC connection", RequesterId: "123456789012" }),
        user: { kind: "other", requesterId: "123456789012", interfaceType: "quicksight" },
        label: "something else of type quicksight requested by 123456789012",
    },
    {
        name: "a plain interface someone made by hand",
        eni: eni("eni-20", { InterfaceType: "interface", Description: "spare", RequesterId: undefined }),
        user: { kind: "other", interfaceType: "interface" },
        label: "something else",
    },
];

describe("network interfaces using a set's groups (aws-sdk-client-mock)", () => {
    for (const { name, eni: networkInterface, user, label } of CLASSIFIED) {
        it(`recognises ${name}`, () => {
            assert.deepEqual(interfaceUser(networkInterface), user);
            assert.equal(describeUser(user), label);
        });
    }

    it("asks with the group-id filter, reads every page, and gives each interface its tiers and a line", async () => {
        const client = ec2Client();
        const mock = mockClient(client);
        const requests: object[] = [];
        const pages = [
            { NetworkInterfaces: [CLASSIFIED[1].eni, eni("eni-0c", { Description: "ELB app/web-alb/50dc6c495c0c9188", Status: "in-use" }, [WEB, OTHER])], NextToken: "next" },
            { NetworkInterfaces: [eni("eni-0a", { Description: "AWS Lambda VPC ENI-orders-api", Status: "available" }, [WEB, DB])] },
        ];
        mock.on(DescribeNetworkInterfacesCommand).callsFake((input: object) => {
            requests.push(JSON.parse(JSON.stringify(input)));
            return pages.shift();
        });
        const result = await interfacesUsing({ web: WEB, db: DB }, client);
        assert.deepEqual(requests, [
            { Filters: [{ Name: "group-id", Values: [WEB, DB] }], MaxResults: 1000 },
            { Filters: [{ Name: "group-id", Values: [WEB, DB] }], MaxResults: 1000, NextToken: "next" },
        ]);
        assert.ok(result.ok);
        assert.deepEqual(
            result.interfaces.map((each) => each.line),
            [
                `eni-02 (in-use) RDS database uses db: ${DB}`,
                `eni-0a (available) Lambda function orders-api (AWS Lambda VPC ENI-orders-api) uses web: ${WEB}, db: ${DB}`,
                `eni-0c (in-use) application load balancer web-alb (ELB app/web-alb/50dc6c495c0c9188) uses web: ${WEB}`,
            ],
        );
        assert.deepEqual(result.interfaces[2], {
            id: "eni-0c",
            status: "in-use",
            groups: [{ groupId: WEB, tier: "web" }],
            description: "ELB app/web-alb/50dc6c495c0c9188",
            user: { kind: "load-balancer", type: "application", name: "web-alb" },
            line: `eni-0c (in-use) application load balancer web-alb (ELB app/web-alb/50dc6c495c0c9188) uses web: ${WEB}`,
        });
    });

    it("takes a plain list of group IDs too; the line then names the groups alone", async () => {
        const client = ec2Client();
        const mock = mockClient(client);
        mock.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [eni("eni-0d", { Description: "RDSNetworkInterface" }, [DB])] });
        const result = await interfacesUsing([DB], client);
        assert.deepEqual(result, {
            ok: true,
            interfaces: [
                {
                    id: "eni-0d",
                    status: "in-use",
                    groups: [{ groupId: DB }],
                    description: "RDSNetworkInterface",
                    user: { kind: "rds" },
                    line: `eni-0d (in-use) RDS database (RDSNetworkInterface) uses ${DB}`,
                },
            ],
        });
        assert.deepEqual(mock.commandCalls(DescribeNetworkInterfacesCommand)[0].args[0].input.Filters, [{ Name: "group-id", Values: [DB] }]);
    });

    it("no groups, no call", async () => {
        const client = ec2Client();
        const mock = mockClient(client);
        assert.deepEqual(await interfacesUsing([], client), { ok: true, interfaces: [] });
        assert.deepEqual(await interfacesUsing({}, client), { ok: true, interfaces: [] });
        assert.equal(mock.calls().length, 0);
    });

    it("an SDK error comes back as a problem naming ec2:DescribeNetworkInterfaces and the groups", async () => {
        const client = ec2Client();
        mockClient(client)
            .on(DescribeNetworkInterfacesCommand)
            .rejects(
                new EC2ServiceException({
                    name: "UnauthorizedOperation",
                    message: "You are not authorized to perform this operation.",
                    $fault: "client",
                    $metadata: { httpStatusCode: 403 },
                }),
            );
        assert.deepEqual(await interfacesUsing({ web: WEB, db: DB }, client), {
            ok: false,
            problem: {
                kind: "access-denied",
                code: "UnauthorizedOperation",
                message: `access denied: AWS refused ec2:DescribeNetworkInterfaces on groups ${WEB}, ${DB} in eu-west-1 (UnauthorizedOperation: You are not authorized to perform this operation.)`,
                fix: `grant ec2:DescribeNetworkInterfaces on groups ${WEB}, ${DB} to the identity in use (aws sts get-caller-identity shows it), or set AWS_PROFILE to a profile whose role has it`,
            },
        });
    });
});
