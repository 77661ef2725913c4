import { PolicyResource } from "@pulumi/policy";
import { Peer, ruleKey } from "sg-provisioner-core/rules-engine";
import {
    AdaptedRule,
    GROUP_TYPES,
    GroupIndex,
    PREFIX_LIST_TYPES,
    awsAddedEntriesOf,
    groupHandlesOf,
    indexGroups,
    prefixListIdOf,
    resourceRules,
    ruleGroupKey,
    rulesOf,
} from "../adapters";
import { UNKNOWN, isUnknown, resourceProps } from "../props";

/** A rule and the resource that declares it. */
export interface DeclaredRule {
    readonly resource: PolicyResource;
    readonly adapted: AdaptedRule;
    /** How many rules AWS counts it as: a prefix list reference counts as the list's maximum entries. */
    readonly weight: number;
}

/** Every rule that applies to one security group, wherever it was declared. */
export interface GroupRules {
    /** The group's URN, or its ID when the group is not in this stack. */
    readonly key: string;
    /** The group resource, when it is in this stack. */
    readonly group?: PolicyResource;
    /** The group's inline rules, echoes of separate rule resources removed (see {@link groupRules}). */
    readonly inline: readonly DeclaredRule[];
    /**
     * Rules the group's outputs report that AWS added by itself (AWS Native's default allow-all
     * egress): no inline rule the program wrote, but rules AWS holds and counts against the quota.
     */
    readonly awsDefaults: readonly DeclaredRule[];
    /**
     * Inline rule lists the program wrote from values not known until the update (the property
     * depends on other resources): inline rules, though none can be read or counted yet.
     */
    readonly pending: readonly string[];
    /** Rules of separate rule resources attached to the group. */
    readonly attached: readonly DeclaredRule[];
}

/** How a diagnostic names the group: its resource name, or its ID when it lives outside the stack. */
export function groupLabel(group: GroupRules): string {
    return group.group ? group.group.name : group.key;
}

/** The stack's prefix lists by ID, the first of them for an ID several share. */
function indexPrefixLists(prefixLists: readonly PolicyResource[]): ReadonlyMap<string, PolicyResource> {
    const byId = new Map<string, PolicyResource>();
    for (const list of prefixLists) {
        const id = prefixListIdOf(list.type, resourceProps(list));
        if (id !== undefined && !byId.has(id)) byId.set(id, list);
    }
    return byId;
}

/**
 * The prefix list a rule names, when it is in the stack: by its ID, or during preview through the
 * one prefix list the rule resource depends on.
 */
function prefixListWeight(resource: PolicyResource, adapted: AdaptedRule, prefixLists: ReadonlyMap<string, PolicyResource>): number {
    const peer = adapted.rule?.peer;
    if (peer?.kind !== "prefix-list") return 1;
    const byId = prefixLists.get(peer.id);
    const dependencies = Object.values(resource.propertyDependencies)
        .flat()
        .filter((dependency) => PREFIX_LIST_TYPES.includes(dependency.type));
    // A group's inline rules may name several lists: only a separate rule's one dependency is its list.
    const list = byId ?? (!GROUP_TYPES.includes(resource.type) && new Set(dependencies.map((d) => d.urn)).size === 1 ? dependencies[0] : undefined);
    const maxEntries = list ? resourceProps(list).maxEntries : undefined;
    return typeof maxEntries === "number" && maxEntries > 0 ? maxEntries : 1;
}

/** A reference to the rule's own group is the group's `self`: read back after refresh, AWS shows it so. */
function asSelf(adapted: AdaptedRule, groupIds: readonly string[]): AdaptedRule {
    const rule = adapted.rule;
    if (!rule || rule.peer.kind !== "security-group" || !groupIds.includes(rule.peer.id)) return adapted;
    return { ...adapted, identity: ruleKey({ ...rule, peer: Peer.self() }) };
}

const ruleProperties = new Map<string, boolean>();

/**
 * Whether the group's adapter reads rules from `property`: a whole unknown value there reads as some
 * rule. It depends on the type and the property alone, so each pair is asked once.
 */
function holdsRules(type: string, property: string): boolean {
    const key = `${type}\u0000${property}`;
    let holds = ruleProperties.get(key);
    if (holds === undefined) {
        holds = rulesOf(type, { [property]: UNKNOWN }).length > 0;
        ruleProperties.set(key, holds);
    }
    return holds;
}

/**
 * The group's own rules as its outputs state them. A rule list the program left unset is computed
 * by the provider: unknown in a preview ("known after apply"), it holds no rule the program
 * declared, and is read as none. A list the program wrote from values still pending has property
 * dependencies (the engine sends only non-empty ones); it is kept as pending.
 */
function ownRules(group: PolicyResource): { rules: AdaptedRule[]; pending: string[]; awsAdded: string[] } {
    const props = resourceProps(group);
    const unknownLists = Object.keys(props).filter((property) => isUnknown(props[property]) && holdsRules(group.type, property));
    const known = Object.fromEntries(Object.entries(props).filter(([property]) => !unknownLists.includes(property)));
    const pending = unknownLists.filter((property) => (group.propertyDependencies[property] ?? []).length > 0);
    return { rules: rulesOf(group.type, known), pending, awsAdded: awsAddedEntriesOf(group.type, known) };
}

/**
 * The stack's rules, by the group they apply to. Separate rule resources are matched to their
 * group through `propertyDependencies` (preview, when the ID is unknown) or the group's ID or name,
 * whichever provider wrote them (see {@link ruleGroupKey}).
 *
 * A stack policy reads outputs, not inputs. Once the provider has read a group back with its rules in
 * place (an update of the group, `pulumi refresh`), its `ingress` / `egress` outputs also list the
 * rules that separate resources added, in AWS's order and spelling. An inline rule identical to an
 * attached one is that echo, not a second declaration, and is dropped; one that differs from every
 * attached rule (added by hand, or by another stack) is a rule of its own and stays. A rule AWS
 * added by itself (AWS Native's default egress, read back with the group) is kept apart from the
 * inline rules: it counts against the quota, but no one wrote it inline.
 */
export function groupRules(resources: readonly PolicyResource[]): GroupRules[] {
    const groupResources = resources.filter((resource) => GROUP_TYPES.includes(resource.type));
    const prefixLists = indexPrefixLists(resources.filter((resource) => PREFIX_LIST_TYPES.includes(resource.type)));
    const index: GroupIndex = indexGroups(groupResources);
    const byUrn = new Map<string, PolicyResource>();
    for (const group of groupResources) if (!byUrn.has(group.urn)) byUrn.set(group.urn, group);
    const declare = (resource: PolicyResource, adapted: AdaptedRule): DeclaredRule => ({ resource, adapted, weight: prefixListWeight(resource, adapted, prefixLists) });
    const attached = new Map<string, DeclaredRule[]>();
    for (const resource of resources) {
        const key = ruleGroupKey(resource, index);
        if (key === undefined) continue;
        const group = byUrn.get(key);
        const groupIds = group ? groupHandlesOf(group.type, resourceProps(group)).ids : [key];
        const rules = resourceRules(resource).map((adapted) => declare(resource, asSelf(adapted, groupIds)));
        const list = attached.get(key);
        if (list) list.push(...rules);
        else attached.set(key, rules);
    }
    const inStack = groupResources.map((group): GroupRules => {
        const separate = attached.get(group.urn) ?? [];
        const separateIdentities = new Set(separate.map((rule) => rule.adapted.identity));
        const own = ownRules(group);
        const reported = own.rules.filter((adapted) => !separateIdentities.has(adapted.identity)).map((adapted) => declare(group, adapted));
        const isAwsDefault = (rule: DeclaredRule) => own.awsAdded.includes(rule.adapted.entry);
        return {
            key: group.urn,
            group,
            inline: reported.filter((rule) => !isAwsDefault(rule)),
            awsDefaults: reported.filter(isAwsDefault),
            pending: own.pending,
            attached: separate,
        };
    });
    const inStackKeys = new Set(groupResources.map((group) => group.urn));
    const outside = [...attached].filter(([key]) => !inStackKeys.has(key)).map(([key, rules]): GroupRules => ({ key, inline: [], awsDefaults: [], pending: [], attached: rules }));
    return [...inStack, ...outside];
}

/** Every rule of the group: its own inline rules, the ones AWS added, and the attached ones. */
export function allRules(group: GroupRules): DeclaredRule[] {
    return [...group.inline, ...group.awsDefaults, ...group.attached];
}

/** Where a group-level diagnostic belongs: the group, or the first rule resource when the group is elsewhere. */
export function groupUrn(group: GroupRules): string {
    return group.group?.urn ?? group.attached[0].resource.urn;
}
