import { ResourceValidationPolicy } from "@pulumi/policy";
import { CODES, DEFAULT_POLICY } from "sg-provisioner-core/rules-engine";
import { explain } from "../report";
import { ruleFindings } from "./rule-findings";

/** Advisory: every rule says why it exists. Reported once per rule entry, however many peers it has. */
export const ruleDescriptions: ResourceValidationPolicy = {
    name: "security-group-rule-descriptions",
    description: "Every security-group rule should carry a description saying why it exists.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const reported = new Set<string>();
        for (const { adapted, finding } of ruleFindings(args, DEFAULT_POLICY, [CODES.missingDescription])) {
            if (reported.has(adapted.entry)) continue;
            reported.add(adapted.entry);
            reportViolation(explain(adapted.entry, finding));
        }
    },
};
