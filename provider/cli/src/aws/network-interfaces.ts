import { EC2Client, NetworkInterface, paginateDescribeNetworkInterfaces } from "@aws-sdk/client-ec2";
import { AwsTimeouts, callOptions } from "./client-config";
import { AwsProblem, describeAwsError } from "./errors";
import { GroupIds, groupLabel, tiersByGroup } from "./group-tiers";

/** What is behind a network interface, decided from the interface's own fields. */
export type InterfaceUser =
    | { readonly kind: "instance"; readonly instanceId: string }
    | { readonly kind: "rds" }
    | { readonly kind: "lambda"; readonly functionName?: string }
    | { readonly kind: "load-balancer"; readonly type?: "application" | "network" | "gateway" | "classic"; readonly name?: string }
    | { readonly kind: "nat-gateway"; readonly natGatewayId?: string }
    | { readonly kind: "vpc-endpoint"; readonly endpointId?: string }
    | { readonly kind: "ecs-task"; readonly attachment: string }
    | { readonly kind: "other"; readonly requesterId?: string; readonly interfaceType?: string };

export interface InterfaceUse {
    readonly id: string;
    /** available, in-use, attaching, ... as EC2 reports it. */
    readonly status: string;
    /** The set's groups the interface uses, with their tier when the caller named it. */
    readonly groups: readonly { readonly groupId: string; readonly tier?: string }[];
    readonly description: string;
    readonly user: InterfaceUser;
    /** For people: `eni-0abc (in-use) RDS database (RDSNetworkInterface) uses db: sg-0123`. */
    readonly line: string;
}

export type InterfacesResult = { readonly ok: true; readonly interfaces: readonly InterfaceUse[] } | { readonly ok: false; readonly problem: AwsProblem };

const UUID_SUFFIX = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOAD_BALANCER_TYPES = { app: "application", net: "network", gwy: "gateway" } as const;

/**
 * How each user is recognised, most certain first. The InterfaceType values are EC2's own
 * (NetworkInterfaceType in the EC2 API); descriptions are those AWS services write on the
 * interfaces they create.
 */
const RECOGNISERS: readonly ((eni: NetworkInterface, description: string) => InterfaceUser | undefined)[] = [
    (eni) => (eni.Attachment?.InstanceId ? { kind: "instance", instanceId: eni.Attachment.InstanceId } : undefined),
    (eni, description) => {
        const named = /^AWS Lambda VPC ENI-?(.*)$/.exec(description);
        if (!named && eni.InterfaceType !== "lambda") return undefined;
        const functionName = named?.[1].replace(UUID_SUFFIX, "");
        return functionName ? { kind: "lambda", functionName } : { kind: "lambda" };
    },
    (eni, description) => (eni.RequesterId === "amazon-rds" || description === "RDSNetworkInterface" ? { kind: "rds" } : undefined),
    (eni, description) => {
        const modern = /^ELB (app|net|gwy)\/([^/]+)\//.exec(description);
        if (modern) return { kind: "load-balancer", type: LOAD_BALANCER_TYPES[modern[1] as keyof typeof LOAD_BALANCER_TYPES], name: modern[2] };
        const classic = /^ELB ([^\s/]+)$/.exec(description);
        if (classic) return { kind: "load-balancer", type: "classic", name: classic[1] };
        if (eni.InterfaceType === "network_load_balancer") return { kind: "load-balancer", type: "network" };
        if (eni.InterfaceType === "gateway_load_balancer") return { kind: "load-balancer", type: "gateway" };
        return eni.InterfaceType === "load_balancer" ? { kind: "load-balancer" } : undefined;
    },
    (eni, description) => {
        const id = /^Interface for NAT Gateway (nat-[0-9a-f]+)/.exec(description)?.[1];
        if (!id && eni.InterfaceType !== "natGateway") return undefined;
        return id ? { kind: "nat-gateway", natGatewayId: id } : { kind: "nat-gateway" };
    },
    (eni, description) => {
        const id = /^VPC Endpoint Interface:? (vpce-[0-9a-f]+)/.exec(description)?.[1];
        if (!id && eni.InterfaceType !== "vpc_endpoint" && eni.InterfaceType !== "gateway_load_balancer_endpoint") return undefined;
        return id ? { kind: "vpc-endpoint", endpointId: id } : { kind: "vpc-endpoint" };
    },
    (_eni, description) => (/^arn:aws[\w-]*:ecs:/.test(description) ? { kind: "ecs-task", attachment: description } : undefined),
];

/** Decides what is behind one interface. */
export function interfaceUser(eni: NetworkInterface): InterfaceUser {
    const description = eni.Description ?? "";
    for (const recognise of RECOGNISERS) {
        const user = recognise(eni, description);
        if (user) return user;
    }
    return { kind: "other", ...(eni.RequesterId ? { requesterId: eni.RequesterId } : {}), ...(eni.InterfaceType ? { interfaceType: eni.InterfaceType } : {}) };
}

type Labels = { readonly [Kind in InterfaceUser["kind"]]: (user: Extract<InterfaceUser, { kind: Kind }>) => string };

/** The words for each user; the compiler asks for every kind. */
const LABELS: Labels = {
    instance: (user) => `EC2 instance ${user.instanceId}`,
    rds: () => "RDS database",
    lambda: (user) => (user.functionName ? `Lambda function ${user.functionName}` : "Lambda function"),
    "load-balancer": (user) => [user.type, "load balancer", user.name].filter(Boolean).join(" "),
    "nat-gateway": (user) => (user.natGatewayId ? `NAT gateway ${user.natGatewayId}` : "NAT gateway"),
    "vpc-endpoint": (user) => (user.endpointId ? `VPC endpoint ${user.endpointId}` : "VPC endpoint"),
    "ecs-task": () => "ECS task",
    other: (user) =>
        [
            "something else",
            user.interfaceType && user.interfaceType !== "interface" ? `of type ${user.interfaceType}` : "",
            user.requesterId ? `requested by ${user.requesterId}` : "",
        ]
            .filter(Boolean)
            .join(" "),
};

export function describeUser(user: InterfaceUser): string {
    return (LABELS[user.kind] as (user: InterfaceUser) => string)(user);
}

function interfaceUse(eni: NetworkInterface, tierOf: ReadonlyMap<string, string | undefined>): InterfaceUse {
    const id = eni.NetworkInterfaceId ?? "";
    const status = eni.Status ?? "unknown";
    const description = eni.Description ?? "";
    const groups = (eni.Groups ?? []).flatMap((group) => {
        const groupId = group.GroupId;
        if (!groupId || !tierOf.has(groupId)) return [];
        const tier = tierOf.get(groupId);
        return [tier === undefined ? { groupId } : { groupId, tier }];
    });
    const user = interfaceUser(eni);
    const uses = groups.map((group) => groupLabel(group.groupId, group.tier)).join(", ");
    const line = `${id} (${status}) ${describeUser(user)}${description ? ` (${description})` : ""} uses ${uses}`;
    return { id, status, groups, description, user, line };
}

/**
 * Every network interface that uses one of the groups, with what is behind it: the reason a group
 * cannot be deleted. `groupIds` is a list of group IDs, or tier names to group IDs (the lines then
 * name the tiers). No groups, no call. Never throws: an SDK error comes back as a problem.
 */
export async function interfacesUsing(groupIds: GroupIds, client: EC2Client, options: { readonly timeouts?: AwsTimeouts } = {}): Promise<InterfacesResult> {
    const tierOf = tiersByGroup(groupIds);
    if (tierOf.size === 0) return { ok: true, interfaces: [] };
    const found: NetworkInterface[] = [];
    try {
        const pages = paginateDescribeNetworkInterfaces({ client, pageSize: 1000 }, { Filters: [{ Name: "group-id", Values: [...tierOf.keys()] }] }, callOptions(options.timeouts));
        for await (const page of pages) found.push(...(page.NetworkInterfaces ?? []));
    } catch (error) {
        const region = await client.config.region().catch(() => undefined);
        const resource = `groups ${[...tierOf.keys()].join(", ")}`;
        return { ok: false, problem: describeAwsError(error, { action: "ec2:DescribeNetworkInterfaces", resource, region, timeouts: options.timeouts }) };
    }
    const interfaces = found.map((eni) => interfaceUse(eni, tierOf)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { ok: true, interfaces };
}
