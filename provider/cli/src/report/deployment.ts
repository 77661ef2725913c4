import { countRules, groupNamePrefix, isTierGroupName, own, plural, RuleCount, SecurityGroupSet, stackOutputsErrors } from "sg-provisioner-core";
import { describeVpcSource } from "./vpc-source";
import { SafeHtml, html, page } from "./html";

/** What `pulumi stack output --json` gives for a stack of sg-provisioner's program. */
export interface StackOutputs {
    readonly setName: string;
    readonly vpcId: string;
    readonly securityGroupIds: Readonly<Record<string, string>>;
    readonly securityGroupNames: Readonly<Record<string, string>>;
    readonly parameterNames: Readonly<Record<string, string>>;
    /** Absent in stacks deployed before version 0.1.0 added it. */
    readonly ruleCounts?: Readonly<Record<string, Readonly<RuleCount>>>;
}

export type OutputsParse = { readonly ok: true; readonly outputs: StackOutputs } | { readonly ok: false; readonly problems: readonly string[] };

/** Parses and checks the outputs JSON, naming every problem at once. */
export function parseStackOutputs(text: string, source: string): OutputsParse {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (error) {
        return { ok: false, problems: [`${source} is not JSON (${error instanceof Error ? error.message : String(error)})`] };
    }
    const errors = stackOutputsErrors(data);
    if (errors.length === 0) return { ok: true, outputs: data as StackOutputs };
    const problems = errors.map((problem) => {
        const at = problem.instancePath ? problem.instancePath.slice(1).split("/").join(".") : "the top level";
        return problem.keyword === "required" ? `${source}: ${String(problem.params.missingProperty)} is missing` : `${source}: ${at} ${problem.message ?? "is not valid"}`;
    });
    return { ok: false, problems };
}

export interface DeployedTier {
    readonly name: string;
    readonly groupId?: string;
    readonly groupName?: string;
    readonly parameterName?: string;
    readonly deployed?: Readonly<RuleCount>;
    readonly planned: Readonly<RuleCount>;
}

/** What `deployment-report` can compare, as the JSON's `compared` and `notCompared` name it, in this order. */
export type Compared = "tiers" | "vpcId" | "groupNames" | "parameterNames" | "ruleCounts";

/** How each comparison reads in the verdict. */
const COMPARED_WORDS: Readonly<Record<Compared, string>> = {
    tiers: "tiers",
    vpcId: "VPC ID",
    groupNames: "group names",
    parameterNames: "SSM parameter names",
    ruleCounts: "rule counts",
};

export interface Deployment {
    readonly setName: string;
    readonly region: string;
    readonly vpcId: string;
    readonly vpcSource: string;
    readonly time: string;
    readonly tiers: readonly DeployedTier[];
    /** What the outputs were compared with the config in, in {@link Compared} order. */
    readonly compared: readonly Compared[];
    /** What the config predicts but could not be compared offline, each with why: `rule counts, which ...`. */
    readonly notCompared: readonly { readonly field: Compared; readonly why: string }[];
    /** Differences between the stack and the config: each one a reason to run `pulumi preview`. */
    readonly differences: readonly string[];
}

/**
 * The deployment as the stack reports it, next to what the config plans. A mismatch is not an
 * error (the config may be ahead of the stack) but every one is listed. Compared: the tiers; the
 * VPC ID when the config gives `vpc.id`; each deployed tier's group name (the prefix
 * `{set}-{tier}-`, which AWS completes) and SSM parameter name; the rule counts when the outputs
 * have them.
 */
export function buildDeployment(set: SecurityGroupSet, outputs: StackOutputs, time: Date): Deployment {
    const differences: string[] = [];
    if (set.vpc.kind === "id" && outputs.vpcId !== set.vpc.id) differences.push(`the stack's VPC is ${outputs.vpcId}, the config gives vpc.id ${set.vpc.id}`);
    const tiers = set.tiers.map((tier): DeployedTier => {
        const planned = countRules(tier.rules);
        const groupId = own(outputs.securityGroupIds, tier.name);
        const name = own(outputs.securityGroupNames, tier.name);
        const parameterName = own(outputs.parameterNames, tier.name);
        const deployed = own(outputs.ruleCounts, tier.name);
        if (!groupId) differences.push(`tier ${tier.name} is in the config but not in the stack`);
        if (groupId && name === undefined) differences.push(`tier ${tier.name}: the stack's securityGroupNames has no entry for it`);
        if (name !== undefined && !isTierGroupName(name, set.setName, tier.name)) {
            differences.push(
                `tier ${tier.name}: the stack's group name is ${name}, the config plans ${groupNamePrefix(set.setName, tier.name)} followed by the suffix AWS adds (no hyphens)`,
            );
        }
        if (groupId && parameterName === undefined) differences.push(`tier ${tier.name}: the stack's parameterNames has no entry for it`);
        if (parameterName !== undefined && parameterName !== tier.parameterName) {
            differences.push(`tier ${tier.name}: the stack's SSM parameter is ${parameterName}, the config plans ${tier.parameterName}`);
        }
        if (outputs.ruleCounts && !deployed) differences.push(`tier ${tier.name}: the stack's ruleCounts has no entry for it`);
        if (deployed && (deployed.ingress !== planned.ingress || deployed.egress !== planned.egress)) {
            differences.push(
                `tier ${tier.name}: the stack has ${deployed.ingress} inbound and ${deployed.egress} outbound rules, the config plans ${planned.ingress} and ${planned.egress}`,
            );
        }
        return { name: tier.name, groupId, groupName: name, parameterName, deployed, planned };
    });
    const known = new Set(set.tiers.map((tier) => tier.name));
    const reported = [outputs.securityGroupIds, outputs.securityGroupNames, outputs.parameterNames, outputs.ruleCounts ?? {}].flatMap((byTier) => Object.keys(byTier));
    for (const tier of [...new Set(reported)].sort()) {
        if (!known.has(tier)) differences.push(`tier ${tier} is in the stack but not in the config`);
    }
    const notCompared: { field: Compared; why: string }[] = [];
    // A VPC named in the config is resolved from SSM at deploy time: its ID is not known offline.
    if (set.vpc.kind === "ssm") notCompared.push({ field: "vpcId", why: `the VPC ID, which SSM parameter ${set.vpc.parameter} gives at deploy time` });
    if (!outputs.ruleCounts) notCompared.push({ field: "ruleCounts", why: "rule counts, which the outputs lack (a stack deployed before 0.1.0)" });
    const skipped = new Set(notCompared.map((item) => item.field));
    const compared = (Object.keys(COMPARED_WORDS) as Compared[]).filter((field) => !skipped.has(field));
    return {
        setName: set.setName,
        region: set.region,
        vpcId: outputs.vpcId,
        vpcSource: describeVpcSource(set.vpc),
        time: time.toISOString(),
        tiers,
        compared,
        notCompared,
        differences,
    };
}

/** The report's verdict, first in every form: whether the stack matches the config, in what was compared. */
export interface DeploymentVerdict {
    readonly matches: boolean;
    /** `matches the config` or `differs from the config`: the JSON's `verdict`. */
    readonly verdict: string;
    /** The verdict as the report's first sentence. */
    readonly summary: string;
    /** `Not compared: ...`, right after the differences; absent when everything was compared. */
    readonly notCompared?: string;
}

/** `a, b and c`. */
function listed(items: readonly string[]): string {
    return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function deploymentVerdict(deployment: Deployment): DeploymentVerdict {
    const count = deployment.differences.length;
    const notCompared = deployment.notCompared.length === 0 ? {} : { notCompared: `Not compared: ${deployment.notCompared.map((item) => item.why).join("; ")}.` };
    if (count === 0) {
        const compared = listed(deployment.compared.map((field) => COMPARED_WORDS[field]));
        return { matches: true, verdict: "matches the config", summary: `The stack matches the config in what was compared: ${compared}.`, ...notCompared };
    }
    return {
        matches: false,
        verdict: "differs from the config",
        summary: `The stack differs from the config (${plural(count, "difference")}); run pulumi preview to see what an update would change:`,
        ...notCompared,
    };
}

function rules(tier: DeployedTier, direction: "ingress" | "egress"): SafeHtml {
    const planned = tier.planned[direction];
    const deployed = tier.deployed?.[direction];
    if (deployed === undefined) return html`${planned} <span class="muted">(planned)</span>`;
    return deployed === planned ? html`${deployed}` : html`${deployed} <span class="badge warning">config plans ${planned}</span>`;
}

/** The verdict at the top of the page, with every difference right under it. */
function verdictBanner(deployment: Deployment): SafeHtml {
    const verdict = deploymentVerdict(deployment);
    const badge = verdict.matches ? html`<span class="badge valid">${verdict.verdict}</span>` : html`<span class="badge error">${verdict.verdict}</span>`;
    const differences = verdict.matches
        ? ""
        : html`<ul data-testid="differences">
${deployment.differences.map((difference) => html`<li>${difference}</li>\n`)}</ul>
`;
    const notCompared = verdict.notCompared ? html`<p class="muted" data-testid="not-compared">${verdict.notCompared}</p>\n` : "";
    return html`<section class="banner ${verdict.matches ? "clear" : "blocking"}" id="verdict" data-testid="verdict-banner" data-matches="${String(verdict.matches)}">
<p class="verdict">${badge} <strong>${verdict.summary}</strong></p>
${differences}${notCompared}</section>
`;
}

/** The report page: the verdict and differences first, then real IDs, parameter names, rule counts per tier, and when it was made. */
export function renderDeploymentHtml(deployment: Deployment): string {
    const body = html`<h1>Deployment report: ${deployment.setName}</h1>
${verdictBanner(deployment)}<p class="subtitle">Generated ${deployment.time} from the stack's outputs</p>
<h2>Set</h2>
<table>
<tr><th>Set name</th><td><code>${deployment.setName}</code></td></tr>
<tr><th>Region</th><td><code>${deployment.region}</code></td></tr>
<tr><th>VPC</th><td><code>${deployment.vpcId}</code> <span class="muted">(${deployment.vpcSource})</span></td></tr>
<tr><th>Report time</th><td>${deployment.time}</td></tr>
</table>
<h2>Tiers</h2>
<table data-testid="tiers">
<tr><th>Tier</th><th>Security group ID</th><th>Group name</th><th>SSM parameter</th><th>Inbound rules</th><th>Outbound rules</th></tr>
${deployment.tiers.map(
    (tier) =>
        html`<tr><td>${tier.name}</td><td><code>${tier.groupId ?? "(not deployed)"}</code></td><td><code>${tier.groupName ?? ""}</code></td><td><code>${tier.parameterName ?? ""}</code></td><td>${rules(tier, "ingress")}</td><td>${rules(tier, "egress")}</td></tr>\n`,
)}</table>`;
    return page(`Deployment report: ${deployment.setName}`, body);
}
