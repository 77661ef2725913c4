import { ExposurePolicy, RuleFinding, checkRule } from "sg-provisioner/rules";
import { AdaptedRule, rulesOf } from "../adapters";

export interface RuleWithFinding {
    readonly adapted: AdaptedRule;
    readonly finding: RuleFinding;
}

/**
 * The core's findings with the given codes, for every decided rule a resource declares. Rules
 * still unknown during preview are skipped here; `security-group-undecided-exposure` covers them.
 */
export function decidedFindings(type: string, props: unknown, policy: ExposurePolicy, codes: readonly string[]): RuleWithFinding[] {
    return rulesOf(type, props).flatMap((adapted) =>
        adapted.rule && adapted.undecided.length === 0
            ? checkRule(adapted.rule, policy)
                  .filter((finding) => codes.includes(finding.code))
                  .map((finding) => ({ adapted, finding }))
            : [],
    );
}
