import { propsOf, resourceProps, sameValues } from "../props";
import { RuleAdapter } from "./adapter";
import { defaultSecurityGroupAdapter, securityGroupAdapter } from "./inline-rules";
import { nativeEgressAdapter, nativeIngressAdapter, nativeSecurityGroupAdapter } from "./native-rules";
import { AdaptedRule } from "./rule-parts";
import { securityGroupRuleAdapter } from "./security-group-rule";
import { egressRuleAdapter, ingressRuleAdapter } from "./vpc-rules";

/** Every way @pulumi/aws and @pulumi/aws-native write a security-group rule, by type token. */
export const ADAPTERS: ReadonlyMap<string, RuleAdapter> = new Map(
    [
        securityGroupAdapter,
        defaultSecurityGroupAdapter,
        securityGroupRuleAdapter,
        ingressRuleAdapter,
        egressRuleAdapter,
        nativeSecurityGroupAdapter,
        nativeIngressAdapter,
        nativeEgressAdapter,
    ].map((adapter) => [adapter.type, adapter]),
);

/** The rules a resource declares, read safely from SDK props; none for resources that hold no rules. */
export function rulesOf(type: string, props: unknown): AdaptedRule[] {
    const adapter = ADAPTERS.get(type);
    return adapter && typeof props === "object" && props !== null ? adapter.adapt(propsOf(props)) : [];
}

/** A resource as policies see it: what {@link resourceRules} reads. */
export interface RuleSource {
    readonly type: string;
    readonly urn: string;
    readonly props: unknown;
}

/** The last rules read from each resource, by type and URN, with the snapshot they were read from. */
const lastRead = new Map<string, { readonly props: unknown; readonly rules: readonly AdaptedRule[] }>();

/**
 * The rules a resource declares, as {@link rulesOf} reads them, read once for every policy: kept by
 * resource with the snapshot they came from (see `resourceProps`), and given again while the
 * resource's snapshot holds the same values. A resource never gets another's rules, though their
 * props be the same: stack policies tell rules apart by identity, each the rule of the resource
 * declaring it. The rules are shared: callers read them and change nothing.
 */
export function resourceRules(resource: RuleSource): readonly AdaptedRule[] {
    const adapter = ADAPTERS.get(resource.type);
    const given = resource.props;
    if (!adapter || typeof given !== "object" || given === null) return [];
    const props = resourceProps({ urn: resource.urn, props: given });
    const key = `${resource.type}\u0000${resource.urn}`;
    const last = lastRead.get(key);
    if (last && sameValues(last.props, props)) return last.rules;
    const rules = adapter.adapt(props);
    lastRead.set(key, { props, rules });
    return rules;
}

/** The entries of a group's outputs that AWS added by itself (see `RuleAdapter.awsAddedEntries`); none for other resources. */
export function awsAddedEntriesOf(type: string, props: unknown): string[] {
    const adapter = ADAPTERS.get(type);
    return adapter?.awsAddedEntries && typeof props === "object" && props !== null ? adapter.awsAddedEntries(propsOf(props)) : [];
}
