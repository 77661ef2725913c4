import { StackValidationPolicy } from "@pulumi/policy";
import { moveInlineRulesFix } from "../adapters";
import { explain } from "../report";
import { groupRules } from "../stack/groups";

/**
 * Advisory: a group with inline rules and separate rule resources. The provider treats the inline
 * list as the whole rule set, so each update removes what the rule resources added and the next
 * adds it back. Read from the outputs (see `groupRules`): a list the provider computes is no inline
 * rule, an inline rule repeating a separate one is its echo, and a rule AWS added by itself (AWS
 * Native's default egress, `group.awsDefaults`) is not one the program wrote inline.
 */
export const mixedRuleStyles: StackValidationPolicy = {
    name: "security-group-mixed-rule-styles",
    description: "A security group should not mix inline ingress/egress rules with separate rule resources.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const group of groupRules(args.resources)) {
            if (!group.group || (group.inline.length === 0 && group.pending.length === 0) || group.attached.length === 0) continue;
            const entries = [...new Set(group.inline.map(({ adapted }) => adapted.entry)), ...group.pending.map((list) => `${list}, known after the update`)];
            const resources = [...new Set(group.attached.map(({ resource }) => resource.name))];
            reportViolation(
                explain(`security group ${group.group.name}`, {
                    message: `has inline rules (${entries.join(", ")}) and separate rule resources (${resources.join(", ")})`,
                    fix: moveInlineRulesFix(group.group.type),
                    why: "the provider treats the inline list as the group's whole rule set, so every update removes the separate rules and the next one adds them back",
                }),
                group.group.urn,
            );
        }
    },
};
