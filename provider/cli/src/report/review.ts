import {
    allFindings,
    compareRules,
    countFindings,
    compareText,
    Direction,
    displayFile,
    Finding,
    groupName,
    NAME_TAG,
    NormalizedRule,
    overrideOf,
    ownershipTags,
    peerLabel,
    peerReachesInternet,
    plural,
    portsLabel,
    Protocol,
    RuleOrigin,
    RuleOverride,
    Severity,
    TIER_TAG,
    Validation,
    VpcSource,
} from "sg-provisioner-core";
import { EdgeStatus, Topology, topologyOf } from "./topology";

/**
 * The review of one config as plain data: what the YAML and the HTML report both render. Nothing
 * here depends on the time or the machine, so the same input always gives the same review.
 */

/** The status a finding of this severity gives its rule: an error blocks, a warning is a warning. */
export function severityStatus(severity: Severity): EdgeStatus {
    return severity === "error" ? "blocking" : "warning";
}

/** A finding on a rule, as the rule's row shows it. */
export interface RuleFindingRef {
    readonly code: string;
    readonly severity: Severity;
}

export interface ReviewRule {
    /** Unique in the review and stable for the same config: `rule-{tier}-{position in the tier's table, from 1}`. */
    readonly id: string;
    readonly direction: Direction;
    /** How a person reads the peer: `0.0.0.0/0`, `web tier`, `prefix list pl-...`, `self`. */
    readonly peer: string;
    /** Whether the peer is a CIDR block the size of the internet. */
    readonly internet: boolean;
    readonly protocol: Protocol;
    /** `443`, `8000-8100`, an ICMP type (`type 8 (all codes)`, `type 3 code 4`), or `all`: see `portsLabel`. */
    readonly ports: string;
    readonly description?: string;
    /** Where the rule was written: the scenario's or the config's field path. */
    readonly origin: Pick<RuleOrigin, "kind" | "path">;
    /** The override that added the rule or changed its port; absent for a scenario rule as written. */
    readonly override?: RuleOverride;
    /** `blocking` when a finding on the rule is an error, else `warning` when one is a warning; absent otherwise. */
    readonly status?: EdgeStatus;
    /**
     * The findings on this rule, each code once, in the order of the validation's findings; empty for
     * most rules. A finding left out of the review's list past its cap still counts here.
     */
    readonly findings: readonly RuleFindingRef[];
}

export interface ReviewTier {
    readonly name: string;
    readonly description: string;
    readonly servicePort: number;
    /** The port override of this tier's service port, with the scenario's port it replaced. */
    readonly servicePortOverride?: RuleOverride;
    /** The SSM parameter that publishes the tier's group ID. */
    readonly ssmParameter: string;
    /** The group's Name tag, and the prefix of the name AWS gives the group. */
    readonly groupName: string;
    /** In the stable order of {@link compareRules}: direction, peer, protocol, ports, description. */
    readonly rules: readonly ReviewRule[];
}

export interface ReviewFinding {
    readonly severity: Severity;
    readonly code: string;
    /** Relative to the working directory, like every other output. */
    readonly file?: string;
    readonly line?: number;
    readonly column?: number;
    readonly path?: string;
    /** What is wrong. */
    readonly message: string;
    /** Why it matters. */
    readonly why?: string;
    readonly fix: string;
    /** Unique in the review: `finding-{position, from 1}`. */
    readonly id: string;
    /** The {@link ReviewRule.id}s of the rules the finding is about; empty when it is about no rule (a tag, a name). */
    readonly rules: readonly string[];
}

export interface ReviewCounts {
    readonly tiers: number;
    readonly rules: number;
    /** Rules added by an override or whose port an override changed. */
    readonly overrides: number;
    /** Every error and warning, counting those the list of findings leaves out past its cap. */
    readonly errors: number;
    readonly warnings: number;
}

export interface Review {
    readonly setName: string;
    /** True only when the config has no error: the set could be deployed as reviewed. */
    readonly valid: boolean;
    /** The config file, relative to the working directory. */
    readonly configFile?: string;
    readonly scenario: { readonly name: string; readonly description: string };
    readonly region: string;
    readonly vpc: VpcSource;
    /** The config's tags, sorted by key. */
    readonly tags: Readonly<Record<string, string>>;
    /** The tags the component adds, with a placeholder in brackets for values that differ per tier. */
    readonly componentTags: Readonly<Record<string, string>>;
    readonly tiers: readonly ReviewTier[];
    readonly topology: Topology;
    readonly findings: readonly ReviewFinding[];
    readonly counts: ReviewCounts;
}

export interface ReviewOptions {
    /** The config file the validation read, for the report's header. */
    readonly file?: string;
    /** File names are shown relative to this directory. */
    readonly cwd?: string;
}

/** Whether `path` is `base` or a field under it: `tiers.web.ingress[0]` holds `tiers.web.ingress[0].source`. */
function within(path: string, base: string): boolean {
    return path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`);
}

/**
 * Whether a finding is about a rule. The rules engine places a rule's finding on the rule's field
 * path (`overrides.tiers.db.ingress[0].source`); a finding about several rules (SG102), or placed
 * on the port override that draws it (`overrides.ports.web`), names the rules in `related`.
 */
function concerns(finding: Finding, rule: NormalizedRule): boolean {
    const at = (place: { file?: string; path?: string }) =>
        place.path !== undefined && within(place.path, rule.origin.path) && (place.file === undefined || rule.origin.file === undefined || place.file === rule.origin.file);
    return finding.related ? finding.related.some(at) : at(finding);
}

function statusOf(findings: readonly RuleFindingRef[]): EdgeStatus | undefined {
    if (findings.some((finding) => finding.severity === "error")) return "blocking";
    return findings.length > 0 ? "warning" : undefined;
}

/**
 * The review of one rule, marked by the findings about it. `about` gathers, for each finding, the ids
 * of the rules it is about, so that the findings' list links them without asking {@link concerns} again.
 */
function reviewRule(rule: NormalizedRule, id: string, findings: readonly Finding[], about: Map<Finding, string[]>): ReviewRule {
    const override = overrideOf(rule);
    const concerned = findings.filter((finding) => concerns(finding, rule));
    for (const finding of concerned) about.set(finding, [...(about.get(finding) ?? []), id]);
    // Each code once, should two findings of one code concern the rule.
    const own = concerned
        .filter((finding, index, all) => all.findIndex((other) => other.code === finding.code && other.severity === finding.severity) === index)
        .map((finding) => ({ code: finding.code, severity: finding.severity }));
    const status = statusOf(own);
    return {
        id,
        direction: rule.direction,
        peer: peerLabel(rule.peer),
        internet: peerReachesInternet(rule.peer),
        protocol: rule.protocol,
        ports: portsLabel(rule),
        description: rule.description,
        origin: { kind: rule.origin.kind, path: rule.origin.path },
        ...(override ? { override } : {}),
        ...(status ? { status } : {}),
        findings: own,
    };
}

function reviewFinding(finding: Finding, index: number, rules: readonly string[], cwd: string | undefined): ReviewFinding {
    const file = displayFile(finding.file, cwd);
    return {
        severity: finding.severity,
        code: finding.code,
        ...(file !== undefined ? { file } : {}),
        ...(finding.line !== undefined ? { line: finding.line, column: finding.column ?? 1 } : {}),
        ...(finding.path !== undefined ? { path: finding.path } : {}),
        message: finding.message,
        ...(finding.why !== undefined ? { why: finding.why } : {}),
        fix: finding.fix,
        id: `finding-${index + 1}`,
        rules,
    };
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

/**
 * The review of a validated config. Works on an invalid config too, from whatever set could be
 * understood (`partialSet`), so that the report shows reviewers what is wrong; undefined only
 * when the config got no further than its own shape, or had no usable scenario or VPC.
 */
export function buildReview(validation: Validation, options: ReviewOptions = {}): Review | undefined {
    const set = validation.set ?? validation.partialSet;
    if (!set) return undefined;
    // Rules and edges are marked by every finding, even one the list leaves out past its cap.
    const every = allFindings(validation);
    const status = new Map<NormalizedRule, EdgeStatus | undefined>();
    // The listed findings are the same objects as in `every` (the cap keeps them; its own last finding is about no rule).
    const about = new Map<Finding, string[]>();
    const sorted = set.tiers.map((tier) => ({ tier, rules: [...tier.rules].sort(compareRules).map((rule, index) => ({ id: `rule-${tier.name}-${index + 1}`, rule })) }));
    const tiers: ReviewTier[] = sorted.map(({ tier, rules }) => {
        return {
            name: tier.name,
            description: tier.description,
            servicePort: tier.servicePort,
            ...(tier.servicePortOverride ? { servicePortOverride: tier.servicePortOverride } : {}),
            ssmParameter: tier.parameterName,
            groupName: groupName(set.setName, tier.name),
            rules: rules.map(({ id, rule }) => {
                const reviewed = reviewRule(rule, id, every, about);
                status.set(rule, reviewed.status);
                return reviewed;
            }),
        };
    });
    const rules = tiers.flatMap((tier) => tier.rules);
    const counts = countFindings(validation.findings);
    const configFile = displayFile(options.file, options.cwd);
    return {
        setName: set.setName,
        valid: validation.set !== undefined,
        ...(configFile !== undefined ? { configFile } : {}),
        scenario: { name: set.scenario.name, description: set.scenario.description },
        region: set.region,
        vpc: set.vpc,
        tags: sortedRecord(set.tags),
        componentTags: {
            ...ownershipTags(set),
            [TIER_TAG]: "(tier name)",
            [NAME_TAG]: "(group name, on groups only)",
        },
        tiers,
        topology: topologyOf(set.tiers, (rule) => status.get(rule)),
        findings: validation.findings.map((finding, index) => reviewFinding(finding, index, about.get(finding) ?? [], options.cwd)),
        counts: { tiers: tiers.length, rules: rules.length, overrides: rules.filter((rule) => rule.override).length, errors: counts.error, warnings: counts.warning },
    };
}

/** `3 tiers, 10 rules (3 from overrides); 0 errors, 1 warning`: one line for headers and summaries. */
export function countsText(counts: ReviewCounts): string {
    return `${plural(counts.tiers, "tier")}, ${plural(counts.rules, "rule")} (${counts.overrides} from overrides); ${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}`;
}
