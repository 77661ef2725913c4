import { stringify } from "yaml";
import { RuleOverride, VpcSource } from "sg-provisioner-core";
import { renderTopologyText } from "./topology-text";
import { Review, ReviewFinding, ReviewRule, ReviewTier } from "./review";

/**
 * The review as YAML, for reviewers who diff it in a pull request. Keys are snake_case like the
 * config's, in a fixed order; nothing depends on the time, so the same config gives the same bytes.
 */

function overrideYaml(override: RuleOverride): Record<string, unknown> {
    return { path: override.path, ...(override.replacedPort !== undefined ? { replaces_port: override.replacedPort } : {}) };
}

function ruleYaml(rule: ReviewRule): Record<string, unknown> {
    return {
        direction: rule.direction,
        peer: rule.peer,
        ...(rule.internet ? { internet: true } : {}),
        protocol: rule.protocol,
        ports: rule.ports,
        ...(rule.description !== undefined ? { description: rule.description } : {}),
        source: `${rule.origin.kind === "override" ? "config" : rule.origin.kind} ${rule.origin.path}`,
        ...(rule.override ? { override: overrideYaml(rule.override) } : {}),
        ...(rule.status ? { status: rule.status, findings: rule.findings.map((finding) => finding.code) } : {}),
    };
}

function tierYaml(tier: ReviewTier): Record<string, unknown> {
    return {
        name: tier.name,
        description: tier.description,
        service_port: tier.servicePort,
        ...(tier.servicePortOverride ? { service_port_override: overrideYaml(tier.servicePortOverride) } : {}),
        ssm_parameter: tier.ssmParameter,
        group_name: tier.groupName,
        rules: tier.rules.map(ruleYaml),
    };
}

function vpcYaml(vpc: VpcSource): Record<string, unknown> {
    return vpc.kind === "id" ? { id: vpc.id } : { name: vpc.name, ssm_parameter: vpc.parameter };
}

function findingYaml(finding: ReviewFinding): Record<string, unknown> {
    return {
        severity: finding.severity,
        code: finding.code,
        ...(finding.file !== undefined ? { file: finding.file } : {}),
        ...(finding.line !== undefined ? { line: finding.line, column: finding.column } : {}),
        ...(finding.path !== undefined ? { path: finding.path } : {}),
        message: finding.message,
        ...(finding.why !== undefined ? { why: finding.why } : {}),
        fix: finding.fix,
    };
}

function reviewDocument(review: Review): Record<string, unknown> {
    return {
        set_name: review.setName,
        valid: review.valid,
        ...(review.configFile !== undefined ? { config: review.configFile } : {}),
        scenario: { name: review.scenario.name, description: review.scenario.description },
        region: review.region,
        vpc: vpcYaml(review.vpc),
        tags: review.tags,
        component_tags: review.componentTags,
        summary: { ...review.counts },
        tiers: review.tiers.map(tierYaml),
        flows: renderTopologyText(review.topology),
        findings: review.findings.map(findingYaml),
    };
}

const HEADER = [
    "# Security group review, written by sg-provisioner create-review-report.",
    "# Generated from the config: change the config and run the command again rather than editing this file.",
    "# Rules with an `override` key come from the config's overrides, or had their port changed by one.",
    "# Rules with `status: blocking` have an error among their `findings` (codes, detailed under findings:); `status: warning` only warnings.",
].join("\n");

export function renderReviewYaml(review: Review): string {
    // No anchors or aliases: a reviewer reads every value where it applies. No folding: one value, one line.
    return `${HEADER}\n${stringify(reviewDocument(review), { aliasDuplicateObjects: false, lineWidth: 0 })}`;
}
