import { locationOf, plural, RuleOverride } from "sg-provisioner-core";
import { renderTopologySvg } from "./topology-svg";
import { SafeHtml, html, page } from "./html";
import { Review, ReviewFinding, ReviewRule, ReviewTier, countsText, severityStatus } from "./review";

/**
 * The review as one self-contained HTML page. Every value from the config goes through {@link html},
 * which escapes it; the page's CSP forbids scripts and fetches on top of that.
 */

const STYLE = new SafeHtml(`<style>
.badge.internet { background: var(--error-fill); color: var(--error); font-weight: 600; }
.banner li.error { border-color: var(--error); }
.banner li.warning { border-color: var(--warning-edge); }
.banner .list-title { margin: 8px 0 0; font-weight: 600; }
table.names th { width: 240px; text-transform: none; letter-spacing: 0; font-size: 13px; }
table.rules { table-layout: fixed; }
table.rules th:nth-child(1) { width: 14%; }
table.rules td.status .badge { white-space: nowrap; }
table.rules th:nth-child(2) { width: 8%; }
table.rules th:nth-child(3) { width: 16%; }
table.rules th:nth-child(4) { width: 8%; }
table.rules th:nth-child(5) { width: 8%; }
table.rules th:nth-child(7) { width: 24%; }
table.rules td { overflow-wrap: anywhere; }
.tier h3 .muted { font-weight: 400; }
.tier > p { margin: 0 0 4px; }
.finding p { margin: 2px 0; }
figure.diagram figcaption { margin-top: 8px; font-size: 12px; }
footer { margin-top: 32px; font-size: 12px; }
</style>`);

function overrideNote(override: RuleOverride, port?: string): SafeHtml {
    const replaced = override.replacedPort !== undefined ? html` <span class="muted">port ${override.replacedPort} → ${port ?? "?"}</span>` : "";
    return html`<span class="badge override">override</span> <code class="override-path">${override.path}</code>${replaced}`;
}

/** `blocking SG100`, `warning SG113`: the badges of a rule's findings, which say in words what the row's colour says. */
function statusCell(rule: ReviewRule): SafeHtml {
    if (rule.findings.length === 0) return html`<td class="status muted">ok</td>`;
    return html`<td class="status">${rule.findings.map(
        (finding, index) => html`${index > 0 ? " " : ""}<span class="badge ${severityStatus(finding.severity)}">${severityStatus(finding.severity)} ${finding.code}</span>`,
    )}</td>`;
}

function ruleRow(rule: ReviewRule): SafeHtml {
    const internet = rule.internet ? html` <span class="badge internet">internet</span>` : "";
    const description = rule.description ?? html`<span class="muted">(none)</span>`;
    const cells = html`${statusCell(rule)}<td>${rule.direction}</td><td><code>${rule.peer}</code>${internet}</td><td>${rule.protocol}</td><td class="ports">${rule.ports}</td><td>${description}</td>`;
    const classes = [...(rule.status ? [rule.status] : []), ...(rule.override ? ["override"] : [])];
    const attributes = html` id="${rule.id}"${classes.length > 0 ? html` class="${classes.join(" ")}"` : ""}${rule.status ? html` data-status="${rule.status}"` : ""}`;
    if (rule.override) {
        return html`<tr${attributes} data-testid="override-row" data-override="${rule.override.path}">${cells}<td class="source">${overrideNote(rule.override, rule.ports)}</td></tr>
`;
    }
    return html`<tr${attributes}>${cells}<td class="source muted">${rule.origin.kind} <code>${rule.origin.path}</code></td></tr>
`;
}

function tierSection(tier: ReviewTier): SafeHtml {
    const port = tier.servicePortOverride ? html` ${overrideNote(tier.servicePortOverride, String(tier.servicePort))}` : "";
    const rows = tier.rules.length > 0 ? tier.rules.map(ruleRow) : html`<tr><td colspan="7" class="muted">No rules: the group allows no traffic in either direction.</td></tr>`;
    return html`<section class="tier" id="tier-${tier.name}" data-testid="tier">
<h3>${tier.name} tier <span class="muted">service port ${tier.servicePort}</span>${port}</h3>
<p class="muted">${tier.description}</p>
<table class="rules">
<thead><tr><th>Checks</th><th>Direction</th><th>Peer</th><th>Protocol</th><th>Ports</th><th>Description</th><th>From</th></tr></thead>
<tbody>
${rows}</tbody>
</table>
</section>
`;
}

function namesTable(review: Review): SafeHtml {
    const vpc =
        review.vpc.kind === "id"
            ? html`VPC ID <code>${review.vpc.id}</code>`
            : html`SSM parameter <code>${review.vpc.parameter}</code> <span class="muted">(VPC ${review.vpc.name}, read at deploy time)</span>`;
    const tags = Object.entries(review.tags);
    const tagList = tags.length > 0 ? tags.map(([key, value]) => html`<code>${key}</code>: ${value}<br>`) : html`<span class="muted">none</span>`;
    const componentTags = Object.entries(review.componentTags).map(([key, value]) => html`<code>${key}</code>: ${value}<br>`);
    const parameters = review.tiers.map(
        (tier) => html`<tr><th scope="row">${tier.name} tier group ID</th><td>SSM parameter <code>${tier.ssmParameter}</code>; group name <code>${tier.groupName}</code></td></tr>
`,
    );
    return html`<table class="names">
<tbody>
<tr><th scope="row">Set name</th><td><code>${review.setName}</code></td></tr>
${
    review.configFile !== undefined
        ? html`<tr><th scope="row">Config</th><td><code>${review.configFile}</code></td></tr>
`
        : ""
}<tr><th scope="row">Scenario</th><td><code>${review.scenario.name}</code></td></tr>
<tr><th scope="row">Region</th><td><code>${review.region}</code></td></tr>
<tr><th scope="row">VPC</th><td>${vpc}</td></tr>
${parameters}<tr><th scope="row">Tags</th><td>${tagList}</td></tr>
<tr><th scope="row">Tags the component adds</th><td>${componentTags}</td></tr>
</tbody>
</table>
`;
}

/** `db tier: ingress tcp 3306 from 0.0.0.0/0`: the rule a banner link leads to, in words. */
function ruleTitle(tier: ReviewTier, rule: ReviewRule): string {
    return `${tier.name} tier: ${rule.direction} ${rule.protocol} ${rule.ports} ${rule.direction === "ingress" ? "from" : "to"} ${rule.peer}`;
}

function findingBlock(finding: ReviewFinding, rules: ReadonlyMap<string, string>): SafeHtml {
    const path = finding.path !== undefined ? html` <code>${finding.path}</code>` : "";
    const why = finding.why !== undefined ? html`<p><strong>Why it matters:</strong> ${finding.why}</p>` : "";
    const about =
        finding.rules.length > 0
            ? html`<p class="muted">${finding.rules.length === 1 ? "Rule" : "Rules"}: ${finding.rules.map((id, index) => html`${index > 0 ? "; " : ""}<a href="#${id}">${rules.get(id)}</a>`)}</p>\n`
            : "";
    return html`<div class="finding ${finding.severity}" id="${finding.id}" data-testid="finding">
<p><span class="badge ${finding.severity}">${finding.severity}</span> <code>${finding.code}</code> <span class="muted">${locationOf(finding)}</span>${path}</p>
<p>${finding.message}</p>
${about}${why}<p><strong>Fix:</strong> ${finding.fix}</p>
</div>
`;
}

function findingsSection(review: Review, rules: ReadonlyMap<string, string>): SafeHtml {
    if (review.findings.length === 0)
        return html`<p class="muted">No findings: every check passed.</p>
`;
    return html`${review.findings.map((finding) => findingBlock(finding, rules))}`;
}

/**
 * One line of the banner: the code, linked to the rule's row (to the finding's details when it is
 * about no rule), what is wrong, and where it was written.
 */
function bannerItem(finding: ReviewFinding, rules: ReadonlyMap<string, string>): SafeHtml {
    const [first, ...others] = finding.rules;
    const target = first ?? finding.id;
    const label = first !== undefined ? rules.get(first) : "details below";
    // A finding about many rules (SG102 can add up hundreds) keeps to one line: the rest are listed with its details.
    const more = others.length > 0 ? html` <a href="#${finding.id}">+${plural(others.length, "more rule")}</a>` : "";
    const path = finding.path !== undefined ? html` <code>${finding.path}</code>` : "";
    const kind = severityStatus(finding.severity);
    return html`<li class="${finding.severity}" data-testid="banner-finding"><span class="badge ${kind}">${kind}</span> <a href="#${target}"><code>${finding.code}</code> ${label}</a>${more}: ${finding.message} <span class="muted">${locationOf(finding)}</span>${path}</li>
`;
}

/**
 * The verdict first: red with every blocking finding, amber when only warnings remain, green when
 * there is nothing to fix. Every item links to the rule row it is about.
 */
function banner(review: Review, rules: ReadonlyMap<string, string>): SafeHtml {
    const errors = review.findings.filter((finding) => finding.severity === "error");
    const warnings = review.findings.filter((finding) => finding.severity === "warning");
    // The counts hold every finding; the lists only those shown, the last of which counts the rest (SG007).
    const { errors: errorCount, warnings: warningCount } = review.counts;
    const kind = errorCount > 0 ? "blocking" : warningCount > 0 ? "warning" : "clear";
    const verdict = review.valid
        ? html`<span class="badge valid">valid</span> <strong>No blocking findings${warningCount > 0 ? "." : ": every check passed."}</strong>`
        : html`<span class="badge error">not valid</span> <strong>${plural(errorCount, "blocking finding")}: fix ${errorCount === 1 ? "it" : "them"} before this set can be deployed.</strong>`;
    const list = (items: readonly ReviewFinding[], title: string) =>
        items.length > 0
            ? html`<p class="list-title">${title}</p>
<ul>
${items.map((finding) => bannerItem(finding, rules))}</ul>
`
            : "";
    return html`<section class="banner ${kind}" id="verdict" data-testid="verdict-banner">
<p class="verdict">${verdict} <span class="muted">${countsText(review.counts)}</span></p>
${list(errors, "Blocking (errors):")}${list(warnings, `${plural(warningCount, "warning")} to review:`)}</section>
`;
}

export function renderReviewHtml(review: Review): string {
    const rules = new Map(review.tiers.flatMap((tier) => tier.rules.map((rule) => [rule.id, ruleTitle(tier, rule)] as const)));
    const body = html`${STYLE}
<header>
<h1>Security group review: ${review.setName}</h1>
${banner(review, rules)}<p class="subtitle">Scenario <code>${review.scenario.name}</code>: ${review.scenario.description}</p>
</header>
<h2>Derived names</h2>
${namesTable(review)}<h2>Topology</h2>
<figure class="diagram" data-testid="topology-diagram">
${renderTopologySvg(review.topology, `Allowed flows of ${review.setName}`)}
<figcaption class="muted">Arrows point from the side that opens the connection to the side that accepts it. Red edges carry only flows with a blocking finding (an error), amber edges only flows with a warning, grey edges the rest: a blocking port is never merged into the label of safe ones. Dashed edges include a rule from an override or a port changed by one, whatever their colour. Flows within one group are listed in its box as "self", in the same colours.</figcaption>
</figure>
<h2>Rules</h2>
<p class="muted">Per tier, in a stable order: direction, peer, protocol, ports, description. Red rows have a blocking finding and amber rows a warning, named in the Checks column; rows from an override, or whose port an override changed, have a dashed blue right edge and an "override" tag naming it, whatever their colour.</p>
${review.tiers.map(tierSection)}<h2>Findings</h2>
${findingsSection(review, rules)}<footer class="muted">Written by sg-provisioner create-review-report. The same config always gives the same report; regenerate it rather than editing it.</footer>`;
    return page(`Security group review: ${review.setName}`, body);
}
