import { StackValidationPolicy } from "@pulumi/policy";
import { Direction } from "sg-provisioner-core/rules-engine";
import { Family } from "../adapters";
import { explain } from "../report";
import { settings } from "../settings";
import { GroupRules, allRules, groupLabel, groupRules, groupUrn } from "../stack/groups";

interface QuotaSettings {
    readonly maxIngressRules: number;
    readonly maxEgressRules: number;
}

const QUOTA_DEFAULTS: QuotaSettings = { maxIngressRules: 60, maxEgressRules: 60 };

const DIRECTIONS: readonly { direction: Direction; setting: keyof QuotaSettings; label: string }[] = [
    { direction: "ingress", setting: "maxIngressRules", label: "inbound" },
    { direction: "egress", setting: "maxEgressRules", label: "outbound" },
];

const FAMILIES: readonly { family: Family; label: string }[] = [
    { family: "ipv4", label: "IPv4" },
    { family: "ipv6", label: "IPv6" },
];

/**
 * Rules of one direction and family, counted as AWS counts them: one per CIDR block, a security
 * group reference once for IPv4 and once for IPv6, a prefix list as its maximum entries (when the
 * list is in the stack; one otherwise). A rule declared twice (inline and as a resource, or echoed
 * in the group's outputs) counts once; a rule list not known until the update counts none.
 */
function countGroupRules(group: GroupRules, direction: Direction, family: Family): number {
    const weights = new Map<string, number>();
    for (const { adapted, weight } of allRules(group)) {
        if (adapted.direction === direction && adapted.families.includes(family) && !weights.has(adapted.identity)) weights.set(adapted.identity, weight);
    }
    return [...weights.values()].reduce((sum, weight) => sum + weight, 0);
}

/**
 * Mandatory: no group over the per-direction rule quota. AWS rejects the rule that crosses it in
 * the middle of `pulumi up`; the policy stops the preview instead.
 */
export const ruleQuota: StackValidationPolicy = {
    name: "security-group-rule-quota",
    description: "No security group may hold more rules per direction than the account's quota (60 inbound and 60 outbound, counted separately for IPv4 and IPv6).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxIngressRules: {
                type: "integer",
                minimum: 1,
                default: QUOTA_DEFAULTS.maxIngressRules,
                description: "Inbound rules per security group, per address family (the account's Service Quotas value).",
            },
            maxEgressRules: { type: "integer", minimum: 1, default: QUOTA_DEFAULTS.maxEgressRules, description: "Outbound rules per security group, per address family." },
        },
    },
    validateStack: (args, reportViolation) => {
        const quota = settings(QUOTA_DEFAULTS, args.getConfig<Partial<QuotaSettings>>());
        for (const group of groupRules(args.resources)) {
            for (const { direction, setting, label } of DIRECTIONS) {
                for (const { family, label: familyLabel } of FAMILIES) {
                    const count = countGroupRules(group, direction, family);
                    if (count <= quota[setting]) continue;
                    reportViolation(
                        explain(`security group ${groupLabel(group)}`, {
                            message: `${count} ${label} ${familyLabel} rules, over the quota of ${quota[setting]}`,
                            fix: `merge rules into prefix lists or split the tier's traffic across groups; if the account's quota was raised (Service Quotas, "Inbound or outbound rules per security group"), set ${setting} to it`,
                            why: "AWS rejects the rule that crosses the quota in the middle of pulumi up, leaving the group half-updated",
                        }),
                        groupUrn(group),
                    );
                }
            }
        }
    },
};
