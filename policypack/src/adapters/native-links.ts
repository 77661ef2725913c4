import { PolicyResource } from "@pulumi/policy";
import { resourceProps } from "../props";
import { ADAPTERS } from "./registry";
import { AWS_TYPES, GROUP_TYPES, NATIVE_TYPES } from "./types";

/**
 * How rules and groups find each other across providers. The classic provider names a group by its
 * `id` output; AWS Native has no `id` output (its outputs call the resource ID `awsId`) and names a
 * group by `groupId`, or by `groupName` for ingress in a default VPC. Stack policies read these
 * here rather than a provider's property names.
 */

/** How a separate rule resource names the group it adds to. */
export interface GroupLink {
    /** The property naming the group: where `propertyDependencies` point during preview. */
    readonly property: string;
    /** Whether it holds the group's ID or its name. */
    readonly by: "id" | "name";
    /** Its value: a string once known, the unknown marker during preview, undefined when unset. */
    readonly value: unknown;
}

/** What rules may call a group by: its IDs and its names, as far as known. */
export interface GroupHandles {
    readonly ids: readonly string[];
    readonly names: readonly string[];
}

/** The stack's groups by ID and by name. A name two groups share finds neither. */
export interface GroupIndex {
    readonly byId: ReadonlyMap<string, PolicyResource>;
    readonly byName: ReadonlyMap<string, PolicyResource>;
}

const GROUP_PROPERTIES: Readonly<Record<string, { id: string; name: string }>> = {
    [AWS_TYPES.securityGroup]: { id: "id", name: "name" },
    [AWS_TYPES.defaultSecurityGroup]: { id: "id", name: "name" },
    [NATIVE_TYPES.securityGroup]: { id: "groupId", name: "groupName" },
};

const PREFIX_LIST_ID: Readonly<Record<string, string>> = { [AWS_TYPES.managedPrefixList]: "id", [NATIVE_TYPES.prefixList]: "prefixListId" };

function isSet(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

function known(value: unknown): string[] {
    return typeof value === "string" && value !== "" ? [value] : [];
}

/** For a separate rule resource, the property naming its group; undefined for any other resource. */
export function groupLinkOf(type: string, props: Record<string, unknown>): GroupLink | undefined {
    const adapter = ADAPTERS.get(type);
    if (!adapter?.groupProperty) return undefined;
    const byId: GroupLink = { property: adapter.groupProperty, by: "id", value: props[adapter.groupProperty] };
    const nameProperty = adapter.groupNameProperty;
    if (isSet(byId.value) || !nameProperty || !isSet(props[nameProperty])) return byId;
    return { property: nameProperty, by: "name", value: props[nameProperty] };
}

/** A group's IDs and names as rules write them: classic `id` and `name`; AWS Native `groupId` and `groupName`. */
export function groupHandlesOf(type: string, props: Record<string, unknown>): GroupHandles {
    const properties = GROUP_PROPERTIES[type];
    return properties ? { ids: known(props[properties.id]), names: known(props[properties.name]) } : { ids: [], names: [] };
}

/** A managed prefix list's ID, as rules name it: classic `id`, AWS Native `prefixListId`; undefined until known. */
export function prefixListIdOf(type: string, props: Record<string, unknown>): string | undefined {
    const property = PREFIX_LIST_ID[type];
    return property ? known(props[property])[0] : undefined;
}

export function indexGroups(groups: readonly PolicyResource[]): GroupIndex {
    const byId = new Map<string, PolicyResource>();
    const named = new Map<string, PolicyResource[]>();
    for (const group of groups) {
        const handles = groupHandlesOf(group.type, resourceProps(group));
        for (const id of handles.ids) byId.set(id, group);
        for (const name of handles.names) {
            const list = named.get(name);
            if (list) list.push(group);
            else named.set(name, [group]);
        }
    }
    const byName = new Map([...named].filter(([, matches]) => matches.length === 1).map(([name, [group]]) => [name, group] as const));
    return { byId, byName };
}

/**
 * The group a separate rule resource adds to: the URN of the stack's group its link names, once
 * known; during preview, of the one group that property depends on; otherwise the ID or name as
 * written (a group outside the stack), or a placeholder that matches no group. A rule depending on
 * several groups there (an ID picked from a list) stays unresolved rather than guessed. Undefined
 * for resources that are not separate rules.
 */
export function ruleGroupKey(resource: PolicyResource, index: GroupIndex): string | undefined {
    const link = groupLinkOf(resource.type, resourceProps(resource));
    if (!link) return undefined;
    if (typeof link.value === "string") return (link.by === "id" ? index.byId : index.byName).get(link.value)?.urn ?? link.value;
    const groups = (resource.propertyDependencies[link.property] ?? []).filter((candidate) => GROUP_TYPES.includes(candidate.type));
    if (groups.length === 1) return groups[0].urn;
    return `(group of ${resource.urn}, known after the update)`;
}

/** How the mixed-styles advisory tells a group's owner to move its inline rules, in the group's provider's terms. */
export function moveInlineRulesFix(groupType: string): string {
    return groupType === NATIVE_TYPES.securityGroup
        ? "move the inline rules into @pulumi/aws-native ec2.SecurityGroupIngress / SecurityGroupEgress resources and leave securityGroupIngress and securityGroupEgress unset on the group"
        : "move the inline rules into aws.vpc.SecurityGroupIngressRule / SecurityGroupEgressRule resources and leave ingress and egress unset on the group";
}
