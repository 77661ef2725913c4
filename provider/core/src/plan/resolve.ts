import * as path from "node:path";
import { ConfigSpec, ScenarioRuleSpec, ScenarioSpec } from "../config/types";
import { singlePort } from "../model/ports";
import { Direction, NormalizedRule, compareRules, describeRule, ruleKey } from "../model/rule";
import { RuleFinding, RuleScene, checkRule } from "../rules/checks";
import { checkCombinedExposure } from "../rules/combined";
import { Finding, FindingPlace, errorAt } from "../rules/finding";
import { PathSegment, formatPath, listSome } from "../util/text";
import { own } from "../util/own";
import { suggestion } from "../util/suggest";
import { isolatedSetName, isolationTierFindings, testDeploymentNameFindings } from "./isolation";
import { PlannedTier, SecurityGroupSet, VpcSource } from "./model";
import { COMPONENT_TAG_PREFIX, RESERVED_TAG_KEYS, SET_TAG, securityGroupSetName, tierParameterName, vpcParameterName } from "./names";
import { PortTable, RuleContext, normalizeRuleSpec, tiersNoun } from "./rule-spec";
import { tagCharacterFindings } from "./tags";
import { CODES } from "../rules/codes";

export interface SourceFiles {
    readonly config?: string;
    readonly scenario?: string;
}

const DIRECTIONS: readonly Direction[] = ["ingress", "egress"];

function error(file: string | undefined, path: readonly PathSegment[], code: string, message: string, fix: string, value?: unknown): Finding {
    return errorAt(file, formatPath(path), code, message, fix, value);
}

/**
 * A tier's place in its scenario, for the fixes of its rules' findings: the other tiers the scenario
 * lets reach it, by a tier reference in the tier's ingress or in their egress, are its clients.
 */
function ruleScene(scenario: ScenarioSpec, tier: string): RuleScene {
    const tiers = Object.keys(scenario.tiers);
    const sources = new Set((scenario.tiers[tier].ingress ?? []).map((rule) => rule.source_tier));
    const clients = tiers.filter((other) => other !== tier && (sources.has(other) || (scenario.tiers[other].egress ?? []).some((rule) => rule.destination_tier === tier)));
    return { scenario: scenario.name, tier, tiers, clients };
}

function portTable(overrides: ConfigSpec["overrides"], scenario: ScenarioSpec, files: SourceFiles): { table: PortTable; findings: Finding[] } {
    const tiers = Object.keys(scenario.tiers);
    const scenarioPorts = Object.fromEntries(tiers.map((tier) => [tier, scenario.tiers[tier].service_port]));
    const effective = { ...scenarioPorts };
    const overridePath: Record<string, string> = {};
    const findings: Finding[] = [];
    for (const [tier, port] of Object.entries(overrides?.ports ?? {})) {
        const path = ["overrides", "ports", tier];
        if (!tiers.includes(tier)) {
            findings.push(
                error(
                    files.config,
                    path,
                    CODES.unknownPortOverride,
                    `port override for tier "${tier}", which scenario ${scenario.name} does not have`,
                    suggestion(tier, tiers, tiersNoun(scenario.name)),
                    tier,
                ),
            );
            continue;
        }
        effective[tier] = port;
        overridePath[tier] = formatPath(path);
    }
    return { table: { scenario: scenarioPorts, effective, overridePath }, findings };
}

function rulesOfTier(
    overrides: ConfigSpec["overrides"],
    scenario: ScenarioSpec,
    tier: string,
    ports: PortTable,
    files: SourceFiles,
): { rules: NormalizedRule[]; findings: Finding[] } {
    const tiers = Object.keys(scenario.tiers);
    const rules: NormalizedRule[] = [];
    const findings: Finding[] = [];
    const add = (specs: readonly ScenarioRuleSpec[] | undefined, base: Omit<RuleContext, "path">, path: readonly PathSegment[]) => {
        (specs ?? []).forEach((spec, index) => {
            const result = normalizeRuleSpec(spec, { ...base, path: [...path, index] });
            findings.push(...result.findings);
            if (result.rule) rules.push(result.rule);
        });
    };
    for (const direction of DIRECTIONS) {
        const common = { scenario: scenario.name, tier, direction, tiers, ports };
        add(scenario.tiers[tier][direction], { ...common, kind: "scenario", file: files.scenario }, ["tiers", tier, direction]);
        add(own(overrides?.tiers, tier)?.[direction], { ...common, kind: "override", file: files.config }, ["overrides", "tiers", tier, direction]);
    }
    return { rules, findings };
}

function duplicateFindings(rules: readonly NormalizedRule[]): Finding[] {
    const first = new Map<string, NormalizedRule>();
    const findings: Finding[] = [];
    for (const rule of rules) {
        const key = ruleKey(rule);
        const earlier = first.get(key);
        if (!earlier) {
            first.set(key, rule);
            continue;
        }
        findings.push({
            code: CODES.duplicateRule,
            severity: "error",
            file: rule.origin.file,
            path: rule.origin.path,
            message: `this rule (${describeRule(rule)}) duplicates ${earlier.origin.kind === "scenario" && rule.origin.kind !== "scenario" ? "the scenario's rule " : ""}${earlier.origin.path}${earlier.origin.file && earlier.origin.file !== rule.origin.file ? ` in ${path.basename(earlier.origin.file)}` : ""}`,
            fix: "remove one of the two; a description is not part of a rule's identity, so rules that differ only there are the same rule",
        });
    }
    return findings;
}

/** Places a rule's finding on the rule's own field, or on the port override (in `configFile`) when that is to blame. */
function locateRuleFinding(rule: NormalizedRule, finding: RuleFinding, blameOverride: boolean, configFile: string | undefined): Finding {
    const override = rule.portSource?.overridePath;
    if (blameOverride && override) {
        return {
            code: finding.code,
            severity: finding.severity,
            file: configFile,
            path: override,
            message: `${finding.message}, after the port override ${override}: ${rule.portSource?.port} (the scenario's rule at ${rule.origin.path} uses it)`,
            fix: finding.fix,
            why: finding.why,
            value: rule.portSource?.port,
            related: [{ file: rule.origin.file, path: rule.origin.path }],
        };
    }
    const field = rule.origin.fields?.[finding.field];
    return {
        code: finding.code,
        severity: finding.severity,
        file: rule.origin.file,
        path: field ? `${rule.origin.path}.${field}` : rule.origin.path,
        message: finding.message,
        fix: finding.fix,
        why: finding.why,
    };
}

/**
 * Runs the shared checks on every rule. A finding that only exists because a port override changed
 * a scenario rule is placed on the override: that is the line the user wrote.
 */
function securityFindings(rules: readonly NormalizedRule[], scene: RuleScene, configFile: string | undefined): Finding[] {
    return rules.flatMap((rule) => {
        const findings = checkRule(rule, undefined, scene);
        const source = rule.portSource;
        if (!source?.overridePath) return findings.map((finding) => locateRuleFinding(rule, finding, false, configFile));
        const before = new Set(checkRule({ ...rule, ports: singlePort(source.scenarioPort) }, undefined, scene).map((finding) => finding.code));
        return findings.map((finding) => locateRuleFinding(rule, finding, !before.has(finding.code), configFile));
    });
}

/** How many of the rules a combined exposure adds up its message names; `related` holds every one. */
const LISTED_RULES = 4;

/** A rule's peer field: where a finding about whom the rule lets in belongs. */
function peerField(rule: NormalizedRule): FindingPlace {
    const field = rule.origin.fields?.peer;
    return { file: rule.origin.file, path: field ? `${rule.origin.path}.${field}` : rule.origin.path };
}

/** Rules of one tier whose blocks add up to the internet; placed on the first rule, naming the others, and related to every one. */
function combinedFindings(rules: readonly NormalizedRule[]): Finding[] {
    return checkCombinedExposure(rules).map((combined) => {
        const related = combined.rules.map(peerField);
        return {
            code: combined.code,
            severity: combined.severity,
            ...related[0],
            message: `${combined.message} (rules at ${listSome(
                combined.rules.map((rule) => rule.origin.path),
                LISTED_RULES,
            )})`,
            fix: combined.fix,
            why: combined.why,
            related,
        };
    });
}

/** Why a config may not set a tag key, or undefined when it may. */
function reservedTagProblem(key: string): string | undefined {
    if (RESERVED_TAG_KEYS.includes(key)) return `tag key "${key}" is set by sg-provisioner itself`;
    const lower = key.toLowerCase();
    if (lower.startsWith("aws:")) return `tag key "${key}" uses the aws: prefix, which AWS reserves`;
    // In any case: EC2 tag keys are case-sensitive, IAM condition key names are not, so a config's
    // SG-Provisioner:Set could stand in for the set tag that create-policy's conditions turn on.
    if (lower.startsWith(COMPONENT_TAG_PREFIX)) return `tag key "${key}" uses the ${COMPONENT_TAG_PREFIX} prefix, which sg-provisioner reserves for its own tags, in any case`;
    return undefined;
}

function tagFindings(config: ConfigSpec, file: string | undefined): Finding[] {
    return Object.keys(config.tags ?? {}).flatMap((key) => {
        const problem = reservedTagProblem(key);
        if (!problem) return [];
        return [
            error(
                file,
                ["tags", key],
                CODES.reservedTag,
                problem,
                `rename or remove the tag; the component sets ${RESERVED_TAG_KEYS.join(", ")} on every resource (${SET_TAG}: the set the resource belongs to, which create-policy's IAM policy turns on)`,
                key,
            ),
        ];
    });
}

function vpcSource(config: ConfigSpec, file: string | undefined): { vpc?: VpcSource; findings: Finding[] } {
    const { name, id } = config.vpc;
    if (name !== undefined && id !== undefined) {
        return { findings: [error(file, ["vpc"], CODES.vpcSource, "vpc has both name and id", "keep one: name (looked up in SSM /vpc/{name}/VPCId) or id")] };
    }
    if (id !== undefined) return { vpc: { kind: "id", id }, findings: [] };
    if (name !== undefined) return { vpc: { kind: "ssm", name, parameter: vpcParameterName(name) }, findings: [] };
    return { findings: [error(file, ["vpc"], CODES.vpcSource, "vpc has neither name nor id", "add name: (the VPC provisioner's VPC name) or id: vpc-...")] };
}

/**
 * Combines a schema-valid config with its schema-valid scenario into the set to build. Collects every
 * problem rather than stopping at the first; `set` is present even when some findings are errors,
 * so reports can show what was understood. With an isolation suffix the set is named
 * `{set}-test-{suffix}`, and every name derived from it follows.
 */
export function resolveSet(config: ConfigSpec, scenario: ScenarioSpec, files: SourceFiles = {}, isolation?: string): { set?: SecurityGroupSet; findings: Finding[] } {
    const tiers = Object.keys(scenario.tiers);
    const ports = portTable(config.overrides, scenario, files);
    const findings: Finding[] = [...ports.findings];
    for (const tier of Object.keys(config.overrides?.tiers ?? {})) {
        if (!tiers.includes(tier)) {
            findings.push(
                error(
                    files.config,
                    ["overrides", "tiers", tier],
                    CODES.unknownTierOverride,
                    `overrides for tier "${tier}", which scenario ${scenario.name} does not have`,
                    suggestion(tier, tiers, tiersNoun(scenario.name)),
                    tier,
                ),
            );
        }
    }
    const realName = securityGroupSetName(config);
    const setName = isolation === undefined ? realName : isolatedSetName(realName, isolation);
    findings.push(...testDeploymentNameFindings(config, files.config));
    if (isolation !== undefined) findings.push(...isolationTierFindings(tiers, realName, isolation, files.scenario));
    const planned: PlannedTier[] = tiers.map((tier) => {
        const { rules, findings: ruleFindings } = rulesOfTier(config.overrides, scenario, tier, ports.table, files);
        findings.push(...ruleFindings, ...duplicateFindings(rules), ...securityFindings(rules, ruleScene(scenario, tier), files.config), ...combinedFindings(rules));
        return {
            name: tier,
            description: scenario.tiers[tier].description,
            servicePort: ports.table.effective[tier],
            ...(own(ports.table.overridePath, tier) ? { servicePortOverride: { path: ports.table.overridePath[tier], replacedPort: ports.table.scenario[tier] } } : {}),
            rules: [...rules].sort(compareRules),
            parameterName: tierParameterName(setName, tier),
        };
    });
    findings.push(...tagFindings(config, files.config), ...tagCharacterFindings(config.tags, files.config));
    const vpc = vpcSource(config, files.config);
    findings.push(...vpc.findings);
    if (!vpc.vpc) return { findings };
    return {
        set: {
            setName,
            ...(isolation === undefined ? {} : { isolation: { of: realName, suffix: isolation } }),
            region: config.region,
            vpc: vpc.vpc,
            scenario: { name: scenario.name, description: scenario.description },
            tags: { ...(config.tags ?? {}) },
            tiers: planned,
        },
        findings,
    };
}

/** One tier of a scenario as written, before any config: for the catalog commands. */
export interface ScenarioTier {
    readonly name: string;
    readonly description: string;
    readonly servicePort: number;
    readonly rules: readonly NormalizedRule[];
}

/** A scenario's tiers and rules with no overrides, in the stable rule order, and any problem in its rules. */
export function scenarioTiers(scenario: ScenarioSpec, file?: string): { tiers: ScenarioTier[]; findings: Finding[] } {
    const ports = portTable(undefined, scenario, { scenario: file });
    const findings: Finding[] = [];
    const tiers = Object.keys(scenario.tiers).map((tier) => {
        const { rules, findings: ruleFindings } = rulesOfTier(undefined, scenario, tier, ports.table, { scenario: file });
        findings.push(...ruleFindings);
        return { name: tier, description: scenario.tiers[tier].description, servicePort: scenario.tiers[tier].service_port, rules: [...rules].sort(compareRules) };
    });
    return { tiers, findings };
}
