import type { EngineMessage } from "../engine/offline";
import { describeVpcSource } from "../report/vpc-source";
import {
    countFindings,
    Finding,
    findingsForJson,
    formatFindings,
    icmpFromPortFields,
    icmpLabel,
    isIcmp,
    overrideOf,
    ownershipTags,
    parseProtocol,
    portKey,
    ResourceSpec,
    RuleOverride,
    SecurityGroupSet,
    summarize,
    terminalSafe,
    terminalSafeLines,
} from "sg-provisioner-core";

/** The resource fields the offline plan needs: what the mock engine recorded. */
export interface PlannedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

/** Where a rule resource's rule comes from: the scenario as written, or the config's overrides (with the override's field path). */
export interface RuleSource {
    readonly source: "scenario" | "override";
    /** The override that added the rule or changed its port, as the review report names it. */
    readonly override?: RuleOverride;
}

export interface PlanJson {
    readonly name: string;
    /** Rule resources also say where their rule comes from. */
    readonly resources: ({ type: string; name: string; inputs: Record<string, unknown> } & Partial<RuleSource>)[];
    readonly findings: Finding[];
}

/** Each rule resource's source, by resource name: `override` for a rule an override added or whose port one changed. */
function ruleSources(specs: readonly ResourceSpec[]): Map<string, RuleSource> {
    const sources = new Map<string, RuleSource>();
    for (const spec of specs) {
        if (spec.kind !== "ingress" && spec.kind !== "egress") continue;
        const override = overrideOf(spec.rule);
        sources.set(spec.name, override ? { source: "override", override } : { source: "scenario" });
    }
    return sources;
}

/** Component first, then every resource in the plan's order: tier by tier, group, rules, parameter. */
export function orderResources(resources: readonly PlannedResource[], specs: readonly ResourceSpec[]): PlannedResource[] {
    const rank = new Map(specs.map((spec, index) => [spec.name, index]));
    return [...resources].sort((a, b) => (rank.get(a.name) ?? -1) - (rank.get(b.name) ?? -1));
}

export function planJson(setName: string, resources: readonly PlannedResource[], specs: readonly ResourceSpec[], findings: readonly Finding[]): PlanJson {
    const sources = ruleSources(specs);
    return { name: setName, resources: resources.map(({ type, name, inputs }) => ({ type, name, inputs, ...sources.get(name) })), findings: findingsForJson(findings) };
}

/** `(override: overrides.tiers.db.ingress[0])`, or `(override: overrides.ports.app, replaces port 8080)` for a port override. */
function overrideMark(override: RuleOverride): string {
    return `(override: ${terminalSafe(override.path)}${override.replacedPort !== undefined ? `, replaces port ${override.replacedPort}` : ""})`;
}

/**
 * The messages the component logged during the offline run that the plan does not already show.
 * The component logs each warning finding of the config on itself, which the plan prints among its
 * findings (or counts, past the cap): those are left out. Every other message is kept once, as
 * `severity: message`, terminal-safe.
 */
export function engineMessageLines(messages: readonly EngineMessage[], findings: readonly Finding[]): string[] {
    let duplicates = countFindings(findings).warning;
    return messages
        .filter((message) => !(message.severity === "warning" && message.onComponent && duplicates-- > 0))
        .map((message) => `${message.severity}: ${terminalSafeLines(message.message)}`);
}

/** `aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule` as `aws.vpc.SecurityGroupIngressRule`. */
export function shortType(type: string): string {
    const [pkg, module, name] = type.split(":");
    return name ? `${pkg}.${module.split("/")[0]}.${name}` : type;
}

/** An ICMP rule's fromPort and toPort are its type and code: ` type 8 (all codes)`, ` (all types)` for -1. */
function icmpSummary(inputs: Record<string, unknown>): string {
    const match = icmpFromPortFields(inputs.fromPort, inputs.toPort);
    return match ? ` ${icmpLabel(match)}` : " (all types)";
}

function ruleSummary(inputs: Record<string, unknown>): string {
    const protocol = inputs.ipProtocol === "-1" ? "all traffic" : String(inputs.ipProtocol);
    const icmp = isIcmp(parseProtocol(String(inputs.ipProtocol)));
    const ports = inputs.fromPort === undefined ? "" : icmp ? icmpSummary(inputs) : ` ${portKey({ from: Number(inputs.fromPort), to: Number(inputs.toPort) })}`;
    const peerKey = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"].find((key) => inputs[key] !== undefined);
    const peer = peerKey ? `${peerKey}: ${String(inputs[peerKey])}` : "no peer";
    return `${protocol}${ports}  ${peer}  "${String(inputs.description ?? "")}"`;
}

function details(resource: PlannedResource): string {
    const inputs = resource.inputs;
    switch (resource.type) {
        case "aws:ec2/securityGroup:SecurityGroup":
            return `namePrefix: ${String(inputs.namePrefix)}  vpcId: ${String(inputs.vpcId)}`;
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
        case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
            return ruleSummary(inputs);
        case "aws:ssm/parameter:Parameter":
            return `${String(inputs.name)} = ${String(inputs.insecureValue)}`;
        default:
            return "";
    }
}

function line(resource: PlannedResource, source?: RuleSource): string[] {
    const detail = details(resource);
    const mark = source?.override ? `  ${overrideMark(source.override)}` : "";
    return [`  + ${shortType(resource.type)}  ${terminalSafe(resource.name)}${mark}`, ...(detail ? [`      ${terminalSafe(detail)}`] : [])];
}

function counts(resources: readonly PlannedResource[]): string {
    const tally = new Map<string, number>();
    for (const resource of resources) tally.set(shortType(resource.type), (tally.get(shortType(resource.type)) ?? 0) + 1);
    return [...tally].map(([type, count]) => `${count} ${type}`).join(", ");
}

/**
 * The plan as people read it: header, resources grouped by tier (a rule from the config's overrides
 * marked with the override), findings, totals; every text from input terminal-safe.
 */
export function renderPlan(set: SecurityGroupSet, resources: readonly PlannedResource[], specs: readonly ResourceSpec[], findings: readonly Finding[]): string {
    const byName = new Map(resources.map((resource) => [resource.name, resource]));
    const tierOf = new Map(specs.map((spec) => [spec.name, spec.tier]));
    const sources = ruleSources(specs);
    const vpc = describeVpcSource(set.vpc);
    const tagText = (tags: Readonly<Record<string, string>>) =>
        Object.entries(tags)
            .map(([key, value]) => `${terminalSafe(key)}=${terminalSafe(value)}`)
            .join(", ");
    const tags = tagText(set.tags);
    const out = [
        `Offline plan for ${terminalSafe(set.setName)}: scenario ${terminalSafe(set.scenario.name)}, region ${terminalSafe(set.region)}`,
        `VPC: ${terminalSafe(vpc)}`,
        `Tags on every resource: ${tagText(ownershipTags(set))}, Tier=<tier>${tags ? `, ${tags}` : ""}`,
        "",
        ...resources.filter((resource) => !tierOf.has(resource.name)).flatMap((resource) => line(resource)),
    ];
    for (const tier of set.tiers) {
        out.push("", `${terminalSafe(tier.name)} tier (service port ${tier.servicePort})`);
        out.push(
            ...specs
                .filter((spec) => spec.tier === tier.name)
                .flatMap((spec) => {
                    const resource = byName.get(spec.name);
                    return resource ? line(resource, sources.get(spec.name)) : [];
                }),
        );
    }
    out.push("", findings.length > 0 ? `Findings (${summarize(findings)}):\n\n${formatFindings(findings)}` : "Findings: none");
    out.push("", `${resources.length} resources to create: ${counts(resources)}`);
    return out.join("\n");
}
