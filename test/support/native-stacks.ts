import { NormalizedRule } from "../../provider/core/src/model/rule";
import { Protocol, toIpProtocol } from "../../provider/core/src/model/protocol";
import { NATIVE_TYPES } from "../../policypack/src/adapters";
import { StackResource, urnOf } from "./policy-pack";
import { Shaped } from "./stacks";
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
