import { StackValidationPolicy } from "@pulumi/policy";
import { CombinedExposure, NormalizedRule, checkCombinedExposure } from "sg-provisioner-core/rules-engine";
import { explain } from "../report";
import { DeclaredRule, allRules, groupLabel, groupRules, groupUrn } from "../stack/groups";
import { EXPOSURE_SCHEMA, ExposureSettings, exposurePolicy } from "./exposure";

/** `ipv4|5432`, `ipv6|all`: what a finding exposes, to tell whether a resource alone already reports it. */
function exposedPorts(findings: readonly CombinedExposure[]): string[] {
    return findings.flatMap((finding) => (finding.ports ?? ["all"]).map((port) => `${finding.family}|${port}`));
}

function groupByResource(rules: readonly DeclaredRule[]): NormalizedRule[][] {
    const byResource = new Map<string, NormalizedRule[]>();
    for (const { resource, adapted } of rules) {
        const list = byResource.get(resource.urn);
        if (list) list.push(adapted.rule as NormalizedRule);
        else byResource.set(resource.urn, [adapted.rule as NormalizedRule]);
    }
    return [...byResource.values()];
}

/**
 * Mandatory: rules in different resources that together make a database port reachable from the
 * internet (two hundred /16s, one rule resource each). Exposure within one resource is already
 * reported by `security-group-no-internet-database-ports`.
 */
export const combinedExposure: StackValidationPolicy = {
    name: "security-group-combined-internet-exposure",
    description: "The rules of one security group, taken together, may not make a database port reachable from the internet.",
    enforcementLevel: "mandatory",
    configSchema: EXPOSURE_SCHEMA,
    validateStack: (args, reportViolation) => {
        const policy = exposurePolicy(args.getConfig<Partial<ExposureSettings>>());
        for (const group of groupRules(args.resources)) {
            const declared = new Map<NormalizedRule, DeclaredRule>();
            for (const rule of allRules(group)) {
                if (rule.adapted.rule && rule.adapted.undecided.length === 0) declared.set(rule.adapted.rule, rule);
            }
            const reportedPerResource = exposedPorts(groupByResource([...declared.values()]).flatMap((rules) => checkCombinedExposure(rules, policy)));
            for (const combined of checkCombinedExposure([...declared.keys()], policy)) {
                const sources = combined.rules.map((rule) => declared.get(rule) as DeclaredRule);
                if (new Set(sources.map((source) => source.resource.urn)).size < 2) continue;
                if (exposedPorts([combined]).every((port) => reportedPerResource.includes(port))) continue;
                const where = `security group ${groupLabel(group)} (${sources.map((source) => `${source.resource.name} ${source.adapted.location}`).join(", ")})`;
                reportViolation(explain(where, combined), groupUrn(group));
            }
        }
    },
};
