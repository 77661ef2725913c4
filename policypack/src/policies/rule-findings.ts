import { ExposurePolicy, RuleFinding, checkRule } from "sg-provisioner-core";
import { AdaptedRule, rulesOf } from "../adapters";

export interface RuleWithFinding {
    readonly adapted: AdaptedRule;
    readonly finding: RuleFinding;
}

/**
 * The core's findings with the given codes, for the rules a resource declares: by default the
 * decided ones; with `undecided`, only those still unknown during preview, read at their worst
 * (what `security-group-undecided-exposure` reports).
 */
export function ruleFindings(type: string, props: unknown, policy: ExposurePolicy, codes: readonly string[], which: "decided" | "undecided" = "decided"): RuleWithFinding[] {
    return rulesOf(type, props).flatMap((adapted) =>
        adapted.rule && adapted.undecided.length > 0 === (which === "undecided")
            ? checkRule(adapted.rule, policy)
                  .filter((finding) => codes.includes(finding.code))
                  .map((finding) => ({ adapted, finding }))
            : [],
    );
}
