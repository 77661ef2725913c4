import {
    compareRules,
    compareText,
    Direction,
    displayFile,
    Finding,
    groupName,
    hasPorts,
    NAME_TAG,
    NormalizedRule,
    overrideOf,
    ownershipTags,
    peerLabel,
    peerReachesInternet,
    plural,
    portKey,
    Protocol,
    RuleOrigin,
    RuleOverride,
    Severity,
    TIER_TAG,
    Validation,
    VpcSource,
} from "sg-provisioner-core";
import { Topology, topologyOf } from "./topology";

/**
 * The review of one config as plain data: what the YAML and the HTML report both render. Nothing
 * here depends on the time or the machine, so the same input always gives the same review.
 */

export interface ReviewRule {
    readonly direction: Direction;
    /** How a person reads the peer: `0.0.0.0/0`, `web tier`, `prefix list pl-...`, `self`. */
    readonly peer: string;
    /** Whether the peer is a CIDR block the size of the internet. */
    readonly internet: boolean;
    readonly protocol: Protocol;
    /** `443`, `8000-8100`, or `all` for protocols without ports. */
    readonly ports: string;
    readonly description?: string;
    /** Where the rule was written: the scenario's or the config's field path. */
    readonly origin: Pick<RuleOrigin, "kind" | "path">;
    /** The override that added the rule or changed its port; absent for a scenario rule as written. */
    readonly override?: RuleOverride;
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
}

export interface ReviewCounts {
    readonly tiers: number;
    readonly rules: number;
    /** Rules added by an override or whose port an override changed. */
    readonly overrides: number;
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

function reviewRule(rule: NormalizedRule): ReviewRule {
    const override = overrideOf(rule);
    return {
        direction: rule.direction,
        peer: peerLabel(rule.peer),
        internet: peerReachesInternet(rule.peer),
        protocol: rule.protocol,
        ports: hasPorts(rule.protocol) && rule.ports ? portKey(rule.ports) : "all",
        description: rule.description,
        origin: { kind: rule.origin.kind, path: rule.origin.path },
        ...(override ? { override } : {}),
    };
}

function reviewFinding(finding: Finding, cwd: string | undefined): ReviewFinding {
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
    const tiers: ReviewTier[] = set.tiers.map((tier) => {
        return {
            name: tier.name,
            description: tier.description,
            servicePort: tier.servicePort,
            ...(tier.servicePortOverride ? { servicePortOverride: tier.servicePortOverride } : {}),
            ssmParameter: tier.parameterName,
            groupName: groupName(set.setName, tier.name),
            rules: [...tier.rules].sort(compareRules).map(reviewRule),
        };
    });
    const rules = tiers.flatMap((tier) => tier.rules);
    const errors = validation.findings.filter((finding) => finding.severity === "error").length;
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
        topology: topologyOf(set.tiers),
        findings: validation.findings.map((finding) => reviewFinding(finding, options.cwd)),
        counts: { tiers: tiers.length, rules: rules.length, overrides: rules.filter((rule) => rule.override).length, errors, warnings: validation.findings.length - errors },
    };
}

/** `3 tiers, 10 rules (3 from overrides); 0 errors, 1 warning`: one line for headers and summaries. */
export function countsText(counts: ReviewCounts): string {
    return `${plural(counts.tiers, "tier")}, ${plural(counts.rules, "rule")} (${counts.overrides} from overrides); ${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}`;
}
