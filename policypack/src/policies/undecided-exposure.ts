import { ResourceValidationPolicy } from "@pulumi/policy";
import { AdaptedRule } from "../adapters";
import { explainUndecided } from "../report";
import { BLOCKING_CODES, EXPOSURE_SCHEMA, ExposureSettings, exposurePolicy } from "./exposure";
import { ruleFindings } from "./rule-findings";

/**
 * Advisory: a rule whose CIDR, ports or protocol are unknown during preview, and whose worst case
 * would expose a database port. `pulumi up` registers the rule with real values and the mandatory
 * policy decides then; this tells the reviewer of the preview what is still open.
 */
export const undecidedExposure: ResourceValidationPolicy = {
    name: "security-group-undecided-exposure",
    description: "A rule that cannot be judged during preview could, at worst, expose a database port to the internet.",
    enforcementLevel: "advisory",
    configSchema: EXPOSURE_SCHEMA,
    validateResource: (args, reportViolation) => {
        const policy = exposurePolicy(args.getConfig<Partial<ExposureSettings>>());
        // One message per rule: its worst case, not every code that case would raise.
        const reported = new Set<AdaptedRule>();
        for (const { adapted, finding } of ruleFindings(args, policy, BLOCKING_CODES, "undecided")) {
            if (reported.has(adapted)) continue;
            reported.add(adapted);
            reportViolation(explainUndecided(adapted, finding));
        }
    },
};
