import { propsOf } from "../props";
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

/** The entries of a group's outputs that AWS added by itself (see `RuleAdapter.awsAddedEntries`); none for other resources. */
export function awsAddedEntriesOf(type: string, props: unknown): string[] {
    const adapter = ADAPTERS.get(type);
    return adapter?.awsAddedEntries && typeof props === "object" && props !== null ? adapter.awsAddedEntries(propsOf(props)) : [];
}
