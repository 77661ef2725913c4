import { propsOf } from "../props";
import { RuleAdapter } from "./adapter";
import { defaultSecurityGroupAdapter, securityGroupAdapter } from "./inline-rules";
import { AdaptedRule } from "./rule-parts";
import { securityGroupRuleAdapter } from "./security-group-rule";
import { egressRuleAdapter, ingressRuleAdapter } from "./vpc-rules";

export { RuleAdapter } from "./adapter";
export { AdaptedRule, Family } from "./rule-parts";
export { AWS_TYPES, GROUP_TYPES } from "./types";

/** Every way @pulumi/aws writes a security-group rule, by type token. */
export const ADAPTERS: ReadonlyMap<string, RuleAdapter> = new Map(
    [securityGroupAdapter, defaultSecurityGroupAdapter, securityGroupRuleAdapter, ingressRuleAdapter, egressRuleAdapter].map((adapter) => [adapter.type, adapter]),
);

/** The rules a resource declares, read safely from SDK props; none for resources that hold no rules. */
export function rulesOf(type: string, props: unknown): AdaptedRule[] {
    const adapter = ADAPTERS.get(type);
    return adapter && typeof props === "object" && props !== null ? adapter.adapt(propsOf(props)) : [];
}
