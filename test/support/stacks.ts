import { TieredSecurityGroupsArgs } from "../../provider/component/src/component/tiered-security-groups";
import { RegisteredResource, placeholderId, runOffline } from "../../provider/cli/src/engine/offline";
import { NormalizedRule } from "../../provider/core/src/model/rule";
import { toIpProtocol } from "../../provider/core/src/model/protocol";
import { AWS_TYPES, NATIVE_TYPES } from "../../policypack/src/adapters";
import { StackResource, urnOf } from "./policy-pack";
import { UNKNOWN } from "./engine";
import { nativeGroupReadBack } from "./native-stacks";

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

/**
 * When the engine sends `AnalyzeStack`, and so which outputs each resource has then. The engine sends
 * each resource's outputs, not its inputs (pkg/resource/deploy/step_generator.go, AnalyzeResources:
 * `Properties: v.Outputs`).
 * - `preview`: the first preview. Every ID is unknown, and so is a group's `ingress` / `egress` the
 *   program left unset: the provider computes them ("known after apply").
 * - `after-create`: the first `pulumi up`. The provider read each group back as it created it, before
 *   its rule resources existed: the lists the program left unset are empty.
 * - `after-up`: an `up` that updated the groups once their rules existed (a tag changed, `--refresh`):
 *   each group's lists repeat every rule AWS holds for it, the separate rule resources' ones included.
 * - `after-refresh`: the preview or `up` after `pulumi refresh`: the same echoes in another order,
 *   and every rule resource read back as AWS spells it.
 *
 * An AWS Native group (`aws-native:ec2:SecurityGroup`) goes through the same phases as aws-native
 * reports them. In a preview its outputs are its inputs plus its read-only properties (`groupId`,
 * `awsId`) unknown, and a rule list the program left unset is absent, not unknown: aws-native's
 * PreviewOutputs (provider/pkg/provider/previewOutputs.go) marks only read-only properties
 * computed. From `after-create` on, CloudControl reads the group back with AWS's default egress
 * in `securityGroupEgress` when the program wrote no egress (see {@link nativeGroupReadBack}).
 */
export type EnginePhase = "preview" | "after-create" | "after-up" | "after-refresh";

export const ENGINE_PHASES: readonly EnginePhase[] = ["preview", "after-create", "after-up", "after-refresh"];

const GROUP_LISTS = ["ingress", "egress"] as const;
type Direction = (typeof GROUP_LISTS)[number];
const CLASSIC_GROUPS: readonly string[] = [AWS_TYPES.securityGroup, AWS_TYPES.defaultSecurityGroup];

/** One rule of a group as EC2 holds it: one peer, the protocol and ports as AWS reports them. */
interface Permission {
    readonly direction: Direction;
    readonly protocol: string;
    readonly fromPort: number;
    readonly toPort: number;
    readonly description: string;
    readonly field: "cidrBlocks" | "ipv6CidrBlocks" | "prefixListIds" | "securityGroups" | "self";
    readonly value: string;
}

/** EC2 reports tcp, udp, icmp and icmpv6 by name, every protocol as `-1`, others by number. */
const AWS_PROTOCOLS: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", all: "-1" };
const PORTED = ["tcp", "udp", "icmp", "icmpv6"];

function awsProtocol(value: unknown): string {
    const text = String(value).toLowerCase();
    return AWS_PROTOCOLS[text] ?? text;
}

/** The provider's fromPort/toPort: AWS stores no ports for `-1` and numbered protocols, read back as 0. */
function awsPorts(protocol: string, fromPort: unknown, toPort: unknown): { fromPort: number; toPort: number } {
    return PORTED.includes(protocol) ? { fromPort: Number(fromPort ?? -1), toPort: Number(toPort ?? -1) } : { fromPort: 0, toPort: 0 };
}

/** An IPv6 block as EC2 prints it: lower case. */
function awsCidr(field: Permission["field"], value: string): string {
    return field === "ipv6CidrBlocks" ? value.toLowerCase() : value;
}

function listOf(value: unknown): string[] {
    return Array.isArray(value) ? value.map(String) : [];
}

/** The permissions one rule entry holds: one per peer, a reference to the group itself as `self`. */
function permissions(direction: Direction, entry: Record<string, unknown>, peers: [Permission["field"], string][], groupId: unknown): Permission[] {
    const protocol = awsProtocol(entry.protocol ?? entry.ipProtocol);
    const ports = awsPorts(protocol, entry.fromPort, entry.toPort);
    const description = typeof entry.description === "string" ? entry.description : "";
    return peers.map(([field, value]) =>
        field === "securityGroups" && value === groupId
            ? { direction, protocol, ...ports, description, field: "self", value: "true" }
            : { direction, protocol, ...ports, description, field, value: awsCidr(field, value) },
    );
}

/** A group's own inline blocks, or the peers of an `aws.ec2.SecurityGroupRule`. */
function blockPeers(block: Record<string, unknown>, groupsField: "securityGroups" | "sourceSecurityGroupId"): [Permission["field"], string][] {
    return [
        ...listOf(block.cidrBlocks).map((value): [Permission["field"], string] => ["cidrBlocks", value]),
        ...listOf(block.ipv6CidrBlocks).map((value): [Permission["field"], string] => ["ipv6CidrBlocks", value]),
        ...listOf(block.prefixListIds).map((value): [Permission["field"], string] => ["prefixListIds", value]),
        ...(groupsField === "securityGroups" ? listOf(block.securityGroups) : listOf(block.sourceSecurityGroupId ? [block.sourceSecurityGroupId] : [])).map(
            (value): [Permission["field"], string] => ["securityGroups", value],
        ),
        ...(block.self === true ? [["self", "true"] as [Permission["field"], string]] : []),
    ];
}

/** The peer of an `aws.vpc` rule resource: exactly one of its four fields. */
function vpcRulePeers(props: Record<string, unknown>): [Permission["field"], string][] {
    const fields: [string, Permission["field"]][] = [
        ["cidrIpv4", "cidrBlocks"],
        ["cidrIpv6", "ipv6CidrBlocks"],
        ["prefixListId", "prefixListIds"],
        ["referencedSecurityGroupId", "securityGroups"],
    ];
    return fields.filter(([field]) => typeof props[field] === "string").map(([field, as]) => [as, String(props[field])]);
}

/** Every rule EC2 holds for `group`: its own inline rules, then those its rule resources added. */
function groupPermissions(group: StackResource, resources: readonly StackResource[], separate: boolean): Permission[] {
    const id = group.props.id;
    const inline = GROUP_LISTS.flatMap((direction) =>
        Array.isArray(group.props[direction])
            ? (group.props[direction] as Record<string, unknown>[]).flatMap((block) => permissions(direction, block, blockPeers(block, "securityGroups"), id))
            : [],
    );
    if (!separate) return inline;
    const attachedRules = resources.filter((resource) => resource.props.securityGroupId === id);
    const added = attachedRules.flatMap((rule) => {
        if (rule.type === AWS_TYPES.ingressRule || rule.type === AWS_TYPES.egressRule) {
            return permissions(rule.type === AWS_TYPES.ingressRule ? "ingress" : "egress", rule.props, vpcRulePeers(rule.props), id);
        }
        if (rule.type === AWS_TYPES.securityGroupRule) {
            return permissions(rule.props.type === "egress" ? "egress" : "ingress", rule.props, blockPeers(rule.props, "sourceSecurityGroupId"), id);
        }
        return [];
    });
    return [...inline, ...added];
}

/**
 * A group's `ingress` or `egress` output as the classic provider reads it back
 * (terraform-provider-aws vpc_security_group.go, securityGroupIPPermGather): one block per protocol,
 * port range and description, holding every peer that shares them, each list present, as the
 * bridge returns the block. After a refresh the set comes back in another order.
 */
function echo(all: readonly Permission[], direction: Direction, reordered: boolean): Record<string, unknown>[] {
    const blocks = new Map<string, Record<string, unknown> & Record<Permission["field"], unknown>>();
    for (const permission of all.filter((each) => each.direction === direction)) {
        const { protocol, fromPort, toPort, description } = permission;
        const key = `${protocol}-${fromPort}-${toPort}-${description}`;
        const block = blocks.get(key) ?? { cidrBlocks: [], description, fromPort, ipv6CidrBlocks: [], prefixListIds: [], protocol, securityGroups: [], self: false, toPort };
        if (permission.field === "self") block.self = true;
        else (block[permission.field] as string[]).push(permission.value);
        blocks.set(key, block);
    }
    const list = [...blocks.values()];
    if (!reordered) return list;
    return list.reverse().map((block) => Object.fromEntries(Object.entries(block).map(([field, value]) => [field, Array.isArray(value) ? [...value].reverse() : value])));
}

const RULE_TYPES: readonly string[] = [
    AWS_TYPES.ingressRule,
    AWS_TYPES.egressRule,
    AWS_TYPES.securityGroupRule,
    NATIVE_TYPES.securityGroupIngress,
    NATIVE_TYPES.securityGroupEgress,
];

/** A rule resource as `pulumi refresh` reads it back: its protocol as AWS spells it, ports as numbers. */
function readBack(resource: StackResource): StackResource {
    if (!RULE_TYPES.includes(resource.type)) return resource;
    const props = { ...resource.props };
    for (const field of ["ipProtocol", "protocol"]) if (props[field] !== undefined) props[field] = awsProtocol(props[field]);
    for (const field of ["fromPort", "toPort"]) if (props[field] !== undefined) props[field] = Number(props[field]);
    if (typeof props.cidrIpv6 === "string") props.cidrIpv6 = props.cidrIpv6.toLowerCase();
    return { ...resource, props };
}

/** The engine's analyzer plugin leaves out properties that depend on nothing (analyzer_plugin.go, AnalyzeStack). */
function sentDependencies(dependencies: StackResource["propertyDependencies"]): StackResource["propertyDependencies"] {
    return Object.fromEntries(Object.entries(dependencies ?? {}).filter(([, urns]) => urns.length > 0));
}

function previewOf(resource: StackResource): StackResource {
    const props = replacePlaceholders(resource.props, () => UNKNOWN) as Record<string, unknown>;
    if (CLASSIC_GROUPS.includes(resource.type)) for (const list of GROUP_LISTS) props[list] ??= UNKNOWN;
    return { ...resource, props };
}

/**
 * A stack's resources as `AnalyzeStack` receives them in `phase`. Takes the program's resources with
 * their inputs, IDs as the offline engine's `(id of X)` placeholders and each custom resource's own
 * `id` (as {@link toStack} gives them `after-up`, or {@link declaredGroup} / {@link declaredRule}).
 */
export function asEngineSends(resources: readonly StackResource[], phase: EnginePhase): StackResource[] {
    return resources.map((resource) => {
        const sent = { ...resource, propertyDependencies: sentDependencies(resource.propertyDependencies) };
        if (phase === "preview") return previewOf(sent);
        const read = phase === "after-refresh" ? readBack(sent) : sent;
        if (resource.type === NATIVE_TYPES.securityGroup) return nativeGroupReadBack(read, resources, phase);
        if (!CLASSIC_GROUPS.includes(resource.type)) return read;
        const all = groupPermissions(resource, resources, phase !== "after-create");
        return { ...read, props: { ...read.props, ...Object.fromEntries(GROUP_LISTS.map((direction) => [direction, echo(all, direction, phase === "after-refresh")])) } };
    });
}

/** The component's resources as the engine sends them to `AnalyzeStack` in `phase`. */
export async function componentOutputs(args: TieredSecurityGroupsArgs, phase: EnginePhase, name = "sg"): Promise<StackResource[]> {
    return asEngineSends(toStack(await runOffline(name, args), "after-up"), phase);
}

/** A security group as a program declares it; its ID is the placeholder {@link asEngineSends} resolves per phase. */
export function declaredGroup(name: string, props: Record<string, unknown> = {}, type: string = AWS_TYPES.securityGroup): StackResource {
    return { type, name, urn: urnOf(type, name), props: { ...props, id: placeholderId(name) } };
}

/**
 * A rule resource attached to `target` by its ID, as a program wires it: its `field` takes the
 * group's `groupIdProperty`, and its own ID (a placeholder) is under `idProperty`.
 */
export function wiredRule(
    type: string,
    name: string,
    target: StackResource,
    props: Record<string, unknown>,
    wiring: { readonly field: string; readonly groupIdProperty: string; readonly idProperty: string },
): StackResource {
    return {
        type,
        name,
        urn: urnOf(type, name),
        props: { [wiring.field]: target.props[wiring.groupIdProperty], ...props, [wiring.idProperty]: placeholderId(name) },
        dependencies: [target.urn as string],
        propertyDependencies: { [wiring.field]: [target.urn as string] },
    };
}

/** A rule resource attached to `target` by its ID (`securityGroupId: group.id`), as a program wires it. */
export function declaredRule(type: string, name: string, target: StackResource, props: Record<string, unknown>): StackResource {
    return wiredRule(type, name, target, props, { field: "securityGroupId", groupIdProperty: "id", idProperty: "id" });
}
