import { NormalizedRule } from "../../provider/core/src/model/rule";
import { Protocol, toIpProtocol } from "../../provider/core/src/model/protocol";
import { NATIVE_TYPES } from "../../policypack/src/adapters";
import { placeholderId } from "../../provider/cli/src/engine/offline";
import { StackResource, urnOf } from "./policy-pack";
import { Shaped, wiredRule } from "./stacks";
import { UNKNOWN } from "./engine";

/** An `aws-native:ec2:SecurityGroup`, its ID in `groupId` as AWS Native reports it (it has no `id` output). */
export function nativeGroup(name: string, props: Record<string, unknown> = {}): StackResource {
    const type = NATIVE_TYPES.securityGroup;
    return { type, name, urn: urnOf(type, name), props: { groupId: `sg-${name}`, groupDescription: name, ...props } };
}

/** An `aws-native:ec2:SecurityGroupIngress` / `SecurityGroupEgress` on `target`, its `groupId` unknown as in a preview. */
export function nativeAttached(type: string, name: string, target: StackResource, props: Record<string, unknown>): StackResource {
    return {
        type,
        name,
        urn: urnOf(type, name),
        props: { groupId: UNKNOWN, ...props },
        dependencies: [target.urn as string],
        propertyDependencies: { groupId: [target.urn as string] },
    };
}

const PROTOCOL_NUMBERS: Record<Protocol, string> = { tcp: "6", udp: "17", icmp: "1", icmpv6: "58", all: "-1" };

/** A rule in one native shape, with the stack it sits in: its group, and the separate rule if any. */
export interface NativeShaped extends Shaped {
    readonly stack: readonly StackResource[];
}

/**
 * A core CIDR rule written each way @pulumi/aws-native can write it: a separate
 * `SecurityGroupIngress` / `SecurityGroupEgress` with the protocol as a number (`6`, `-1`), and an
 * entry of a group's `securityGroupIngress` / `securityGroupEgress` with its name (`tcp`, `-1`).
 * Protocols without ports take `-1` for both, AWS Native's "every type and code".
 */
export function inNativeShapes(rule: NormalizedRule, name: string): NativeShaped[] {
    if (rule.peer.kind !== "cidr") throw new Error("inNativeShapes writes CIDR rules only");
    const ports = rule.ports ? { fromPort: rule.ports.from, toPort: rule.ports.to } : { fromPort: -1, toPort: -1 };
    const field = rule.peer.family === "ipv4" ? "cidrIp" : "cidrIpv6";
    const entry = { ...ports, [field]: rule.peer.cidr, description: rule.description };
    const target = nativeGroup(`${name}-target`);
    const separate = rule.direction === "ingress" ? NATIVE_TYPES.securityGroupIngress : NATIVE_TYPES.securityGroupEgress;
    const list = rule.direction === "ingress" ? "securityGroupIngress" : "securityGroupEgress";
    const attached = nativeAttached(separate, `${name}-native`, target, { ipProtocol: PROTOCOL_NUMBERS[rule.protocol], ...entry });
    const inline = nativeGroup(`${name}-inline`, { [list]: [{ ipProtocol: toIpProtocol(rule.protocol), ...entry }] });
    return [
        { shape: separate, resource: attached, location: field, stack: [target, attached] },
        { shape: NATIVE_TYPES.securityGroup, resource: inline, location: `${list}[0].${field}`, stack: [inline] },
    ];
}

/** An `aws-native:ec2:SecurityGroup` as a program declares it; its IDs are placeholders {@link asEngineSends} resolves per phase. */
export function declaredNativeGroup(name: string, props: Record<string, unknown> = {}): StackResource {
    const type = NATIVE_TYPES.securityGroup;
    return { type, name, urn: urnOf(type, name), props: { groupDescription: name, ...props, groupId: placeholderId(name), awsId: placeholderId(name) } };
}

/** A `SecurityGroupIngress` / `SecurityGroupEgress` on `target` by its ID (`groupId: group.groupId`), as a program wires it. */
export function declaredNativeRule(type: string, name: string, target: StackResource, props: Record<string, unknown>): StackResource {
    return wiredRule(type, name, target, props, { field: "groupId", groupIdProperty: "groupId", idProperty: "awsId" });
}

/**
 * AWS's default egress rule as CloudControl reports it in a group's `securityGroupEgress`: EC2 adds
 * it to every new group, and CloudFormation removes it only when the group is created with inline
 * egress (pulumi/pulumi-aws-native#1592). It has no description and, for protocol -1, no ports.
 */
export const AWS_DEFAULT_EGRESS: Readonly<Record<string, unknown>> = { ipProtocol: "-1", cidrIp: "0.0.0.0/0" };

const NATIVE_RULE_DIRECTIONS: Readonly<Record<string, "ingress" | "egress">> = {
    [NATIVE_TYPES.securityGroupIngress]: "ingress",
    [NATIVE_TYPES.securityGroupEgress]: "egress",
};
const NATIVE_LISTS = { ingress: "securityGroupIngress", egress: "securityGroupEgress" } as const;
const NATIVE_PEER_FIELDS = ["cidrIp", "cidrIpv6", "sourcePrefixListId", "sourceSecurityGroupId", "destinationPrefixListId", "destinationSecurityGroupId"];

/** EC2 reports tcp, udp, icmp and icmpv6 by name, every protocol as `-1`, others by number. */
const AWS_PROTOCOL_NAMES: Readonly<Record<string, string>> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", all: "-1" };
const PORTED = ["tcp", "udp", "icmp", "icmpv6"];

/** A protocol as AWS spells it when it reads a rule back. */
export function awsIpProtocol(value: unknown): string {
    const text = String(value).toLowerCase();
    return AWS_PROTOCOL_NAMES[text] ?? text;
}

/**
 * One rule entry as CloudControl reads it back, in CloudFormation's shape: the protocol as AWS
 * spells it, ports only for the protocols that have them, an IPv6 block in lower case, a
 * description only when there is one. A source group named by name comes back by its ID, which
 * only AWS knows: here, a placeholder for it.
 */
function readBackEntry(entry: Record<string, unknown>): Record<string, unknown> {
    const ipProtocol = awsIpProtocol(entry.ipProtocol);
    const read: Record<string, unknown> = { ipProtocol };
    if (PORTED.includes(ipProtocol)) Object.assign(read, { fromPort: Number(entry.fromPort ?? -1), toPort: Number(entry.toPort ?? -1) });
    for (const field of NATIVE_PEER_FIELDS) if (typeof entry[field] === "string") read[field] = field === "cidrIpv6" ? (entry[field] as string).toLowerCase() : entry[field];
    if (typeof entry.sourceSecurityGroupName === "string" && read.sourceSecurityGroupId === undefined)
        read.sourceSecurityGroupId = placeholderId(`group named ${entry.sourceSecurityGroupName}`);
    if (typeof entry.description === "string" && entry.description !== "") read.description = entry.description;
    return read;
}

/**
 * A native group's outputs as aws-native reads them back through CloudControl, after `phase`:
 * each list is every rule EC2 holds, one entry per peer. The program's inline entries; the default
 * egress unless the program wrote inline egress; and, once the group is read back after its
 * separate rules exist (`after-up`, `after-refresh`), an echo of each `SecurityGroupIngress` /
 * `SecurityGroupEgress` naming the group. After a refresh the list comes back in another order.
 * A list with no entry is left out (assumed: CloudControl's read model omits an empty list).
 */
export function nativeGroupReadBack(group: StackResource, resources: readonly StackResource[], phase: "after-create" | "after-up" | "after-refresh"): StackResource {
    const props: Record<string, unknown> = { ...group.props };
    for (const direction of ["ingress", "egress"] as const) {
        const list = NATIVE_LISTS[direction];
        const written = Array.isArray(group.props[list]) ? (group.props[list] as Record<string, unknown>[]) : [];
        const defaults = direction === "egress" && written.length === 0 ? [AWS_DEFAULT_EGRESS] : [];
        const separate =
            phase === "after-create"
                ? []
                : resources.filter((rule) => NATIVE_RULE_DIRECTIONS[rule.type] === direction && rule.props.groupId === group.props.groupId).map((rule) => rule.props);
        const entries = [...defaults, ...written.map(readBackEntry), ...separate.map(readBackEntry)];
        if (phase === "after-refresh") entries.reverse();
        if (entries.length > 0) props[list] = entries;
        else delete props[list];
    }
    return { ...group, props };
}
