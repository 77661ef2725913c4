import { AdaptedRule } from "./adapters";

/** What is wrong, how to fix it and why it matters, after cdk-nag's info / explanation split. */
export interface Explained {
    /** The finding's code (SG100...), which starts the diagnostic when there is one. */
    readonly code?: string;
    readonly message: string;
    readonly fix: string;
    readonly why: string;
}

/** `SG100 where: what.` then `Fix:` and `Why:` lines. The SDK puts the policy's description above it. */
export function explain(where: string, finding: Explained): string {
    const prefix = `${finding.code ? `${finding.code} ` : ""}${where ? `${where}: ` : ""}`;
    return `${prefix}${finding.message}.\nFix: ${finding.fix}.\nWhy: ${finding.why}.`;
}

/** Where a rule is, and what was assumed in reading it: `cidrBlocks[1] ("x" is not an IPv4 CIDR block; read as 0.0.0.0/0)`. */
export function placeOf(rule: AdaptedRule): string {
    return rule.assumptions.length > 0 ? `${rule.location} (${rule.assumptions.join("; ")})` : rule.location;
}

/** For a rule whose decisive values are unknown during preview: what the worst case would be. */
export function explainUndecided(rule: AdaptedRule, worst: Explained): string {
    return (
        `${rule.location}: cannot be decided during preview (${rule.undecided.join("; ")}). ` +
        `At worst, ${worst.message}.\nThe rule is checked again with the real values when pulumi up registers it.`
    );
}
