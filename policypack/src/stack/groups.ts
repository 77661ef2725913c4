import { PolicyResource } from "@pulumi/policy";
import { ADAPTERS, AdaptedRule, GROUP_TYPES, rulesOf } from "../adapters";
import { isUnknown, snapshot } from "../props";

/** A rule and the resource that declares it. */
export interface DeclaredRule {
    readonly resource: PolicyResource;
    readonly adapted: AdaptedRule;
}

/** Every rule that applies to one security group, wherever it was declared. */
export interface GroupRules {
    /** The group's URN, or its ID when the group is not in this stack. */
    readonly key: string;
    /** The group resource, when it is in this stack. */
    readonly group?: PolicyResource;
    /** The group's inline rules, echoes of separate rule resources removed (see {@link groupRules}). */
    readonly inline: readonly DeclaredRule[];
    /** Rules of separate rule resources attached to the group. */
    readonly attached: readonly DeclaredRule[];
}

/** How a diagnostic names the group: its resource name, or its ID when it lives outside the stack. */
export function groupLabel(group: GroupRules): string {
    return group.group ? group.group.name : group.key;
}

/** Where a rule resource's group is: the group it depends on for that property, else the group with that ID. */
function groupKeyOf(resource: PolicyResource, property: string, groupsById: ReadonlyMap<string, PolicyResource>): string {
    const dependency = (resource.propertyDependencies[property] ?? []).find((candidate) => GROUP_TYPES.includes(candidate.type));
    if (dependency) return dependency.urn;
    const value = (snapshot(resource.props) as Record<string, unknown>)[property];
    if (typeof value === "string" && !isUnknown(value)) return groupsById.get(value)?.urn ?? value;
    return `(group of ${resource.urn}, known after the update)`;
}

/**
 * The stack's rules, by the group they apply to. Separate rule resources are matched to their
 * group through `propertyDependencies` (preview, when the ID is unknown) or the group's ID.
 *
 * After `pulumi refresh`, a group's `ingress` / `egress` outputs also list the rules that separate
 * resources added: the provider reads every rule of the group back. An inline rule identical to an
 * attached one is that echo, not a second declaration, and is dropped.
 */
export function groupRules(resources: readonly PolicyResource[]): GroupRules[] {
    const groupResources = resources.filter((resource) => GROUP_TYPES.includes(resource.type));
    const groupsById = new Map<string, PolicyResource>();
    for (const group of groupResources) {
        const id = (snapshot(group.props) as Record<string, unknown>).id;
        if (typeof id === "string") groupsById.set(id, group);
    }
    const attached = new Map<string, DeclaredRule[]>();
    for (const resource of resources) {
        const property = ADAPTERS.get(resource.type)?.groupProperty;
        if (!property) continue;
        const key = groupKeyOf(resource, property, groupsById);
        const rules = rulesOf(resource.type, resource.props).map((adapted) => ({ resource, adapted }));
        attached.set(key, [...(attached.get(key) ?? []), ...rules]);
    }
    const inStack = groupResources.map((group): GroupRules => {
        const separate = attached.get(group.urn) ?? [];
        const separateIdentities = new Set(separate.map((rule) => rule.adapted.identity));
        const inline = rulesOf(group.type, group.props)
            .filter((adapted) => !separateIdentities.has(adapted.identity))
            .map((adapted) => ({ resource: group, adapted }));
        return { key: group.urn, group, inline, attached: separate };
    });
    const inStackKeys = new Set(groupResources.map((group) => group.urn));
    const outside = [...attached].filter(([key]) => !inStackKeys.has(key)).map(([key, rules]): GroupRules => ({ key, inline: [], attached: rules }));
    return [...inStack, ...outside];
}

/** Every rule of the group: its own inline rules and the attached ones. */
export function allRules(group: GroupRules): DeclaredRule[] {
    return [...group.inline, ...group.attached];
}

/** Where a group-level diagnostic belongs: the group, or the first rule resource when the group is elsewhere. */
export function groupUrn(group: GroupRules): string {
    return group.group?.urn ?? group.attached[0].resource.urn;
}
