import { ExposurePolicy, NormalizedRule, RuleFinding, checkRule } from "sg-provisioner-core/rules-engine";
import { AdaptedRule, RuleSource, resourceRules } from "../adapters";
import { plainCopy, sameValues } from "../props";

export interface RuleWithFinding {
    readonly adapted: AdaptedRule;
    readonly finding: RuleFinding;
}

/** Each rule's findings, with (a copy of) the settings they were found under. */
const findings = new WeakMap<NormalizedRule, { readonly policy: unknown; readonly findings: readonly RuleFinding[] }[]>();

/**
 * The core's findings on a rule under a policy's settings, computed once per rule and settings:
 * the policies that read a resource share its rules (see `resourceRules`), and most share their
 * settings too, so each would otherwise check the same rule again. Settings are the same when they
 * hold the same values (see `sameValues`): `checkRule` depends on nothing else.
 */
export function findingsOf(rule: NormalizedRule, policy: ExposurePolicy): readonly RuleFinding[] {
    let found = findings.get(rule);
    if (!found) {
        found = [];
        findings.set(rule, found);
    }
    const earlier = found.find((entry) => sameValues(entry.policy, policy));
    if (earlier) return earlier.findings;
    const checked = checkRule(rule, policy);
    found.push({ policy: plainCopy(policy), findings: checked });
    return checked;
}

/**
 * The core's findings with the given codes, for the rules a resource declares: by default the
 * decided ones; with `undecided`, only those still unknown during preview, read at their worst
 * (what `security-group-undecided-exposure` reports).
 */
export function ruleFindings(resource: RuleSource, policy: ExposurePolicy, codes: readonly string[], which: "decided" | "undecided" = "decided"): RuleWithFinding[] {
    return resourceRules(resource).flatMap((adapted) =>
        adapted.rule && adapted.undecided.length > 0 === (which === "undecided")
            ? findingsOf(adapted.rule, policy)
                  .filter((finding) => codes.includes(finding.code))
                  .map((finding) => ({ adapted, finding }))
            : [],
    );
}
