import { TieredSecurityGroupsArgs } from "../../provider/component/src/component/tiered-security-groups";
import { RegisteredResource, runOffline } from "../../provider/cli/src/engine/offline";
import { NormalizedRule } from "../../provider/core/src/model/rule";
import { toIpProtocol } from "../../provider/core/src/model/protocol";
import { AWS_TYPES } from "../../policypack/src/adapters";
import { StackResource, urnOf } from "./policy-pack";
import { UNKNOWN } from "./engine";

/** Offline stand-ins for values AWS assigns: the offline engine's `(id of X)` placeholders. */
const PLACEHOLDER = /^\(id of .*\)$/;

function replacePlaceholders(value: unknown, replace: (placeholder: string) => unknown): unknown {
    if (typeof value === "string") return PLACEHOLDER.test(value) ? replace(value) : value;
    if (Array.isArray(value)) return value.map((item) => replacePlaceholders(item, replace));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replacePlaceholders(item, replace)]));
    }
    return value;
}

/**
 * The component's resources as the engine hands them to a policy pack. At `preview` every ID AWS
 * has not assigned yet is unknown; `after-up` has the IDs, and each resource its own `id` output.
 */
export function toStack(resources: readonly RegisteredResource[], phase: "preview" | "after-up"): StackResource[] {
    return resources.map((resource) => {
        const props = replacePlaceholders(resource.inputs, (placeholder) => (phase === "preview" ? UNKNOWN : placeholder)) as Record<string, unknown>;
        const id = resource.custom && phase === "after-up" ? { id: `(id of ${resource.name})` } : {};
        return {
            type: resource.type,
            name: resource.name,
            urn: resource.urn,
            parent: resource.parent || undefined,
            props: { ...props, ...id },
            dependencies: resource.dependencies,
            propertyDependencies: resource.propertyDependencies,
        };
    });
}

export async function componentStack(args: TieredSecurityGroupsArgs, phase: "preview" | "after-up", name = "sg"): Promise<StackResource[]> {
    return toStack(await runOffline(name, args), phase);
}

/** A standalone security group with the given inline rules. */
export function group(name: string, props: Record<string, unknown> = {}, type: string = AWS_TYPES.securityGroup): StackResource {
    return { type, name, urn: urnOf(type, name), props: { id: `sg-${name}`, ...props } };
}

/** A separate rule resource attached to `target` through `securityGroupId`, as a program wires it. */
export function attached(type: string, name: string, target: StackResource, props: Record<string, unknown>): StackResource {
    return {
        type,
        name,
        urn: urnOf(type, name),
        props: { securityGroupId: UNKNOWN, ...props },
        dependencies: [target.urn as string],
        propertyDependencies: { securityGroupId: [target.urn as string] },
    };
}

/** One rule written in a shape, and where the pack's diagnostic points in it. */
export interface Shaped {
    readonly shape: string;
    readonly resource: StackResource;
    readonly location: string;
}

const PROTOCOL_NUMBERS: Record<string, string> = { tcp: "6", udp: "17", icmp: "1", icmpv6: "58", all: "-1" };

/**
 * A core rule written each way @pulumi/aws can write it, with the protocol spelled three ways
 * (`tcp`, `6`, `TCP`) across the shapes.
 */
export function inEveryShape(rule: NormalizedRule, name: string): Shaped[] {
    if (rule.peer.kind !== "cidr") throw new Error("inEveryShape writes CIDR rules only");
    const ports = rule.ports ? { fromPort: rule.ports.from, toPort: rule.ports.to } : { fromPort: 0, toPort: 0 };
    const v4 = rule.peer.family === "ipv4";
    const blocks = v4 ? { cidrBlocks: [rule.peer.cidr] } : { ipv6CidrBlocks: [rule.peer.cidr] };
    const blockField = v4 ? "cidrBlocks[0]" : "ipv6CidrBlocks[0]";
    const inline = { [rule.direction]: [{ protocol: toIpProtocol(rule.protocol).toUpperCase(), ...ports, ...blocks, description: rule.description }] };
    const target = group(`${name}-target`);
    const vpcType = rule.direction === "ingress" ? AWS_TYPES.ingressRule : AWS_TYPES.egressRule;
    return [
        {
            shape: vpcType,
            resource: attached(vpcType, `${name}-vpc`, target, {
                ipProtocol: toIpProtocol(rule.protocol),
                ...(rule.ports ? ports : {}),
                ...(v4 ? { cidrIpv4: rule.peer.cidr } : { cidrIpv6: rule.peer.cidr }),
                description: rule.description,
            }),
            location: v4 ? "cidrIpv4" : "cidrIpv6",
        },
        {
            shape: AWS_TYPES.securityGroupRule,
            resource: attached(AWS_TYPES.securityGroupRule, `${name}-rule`, target, {
                type: rule.direction,
                protocol: PROTOCOL_NUMBERS[rule.protocol],
                ...ports,
                ...blocks,
                description: rule.description,
            }),
            location: blockField,
        },
        { shape: AWS_TYPES.securityGroup, resource: group(`${name}-inline`, inline), location: `${rule.direction}[0].${blockField}` },
        { shape: AWS_TYPES.defaultSecurityGroup, resource: group(`${name}-default`, inline, AWS_TYPES.defaultSecurityGroup), location: `${rule.direction}[0].${blockField}` },
    ];
}
