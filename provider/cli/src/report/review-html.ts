import { locationOf, RuleOverride } from "sg-provisioner-core";
import { renderTopologySvg } from "./topology-svg";
import { SafeHtml, html, page } from "./html";
import { Review, ReviewFinding, ReviewRule, ReviewTier, countsText } from "./review";

/**
 * The review as one self-contained HTML page. Every value from the config goes through {@link html},
 * which escapes it; the page's CSP forbids scripts and fetches on top of that.
 */

const STYLE = new SafeHtml(`<style>
.verdict { margin: 0 0 8px; }
.badge.valid { background: #2e7d32; color: #fff; }
.badge.internet { background: #fde8e6; color: var(--error); font-weight: 600; }
table.names th { width: 240px; text-transform: none; letter-spacing: 0; font-size: 13px; }
table.rules { table-layout: fixed; }
table.rules th:nth-child(1) { width: 9%; }
table.rules th:nth-child(2) { width: 19%; }
table.rules th:nth-child(3) { width: 9%; }
table.rules th:nth-child(4) { width: 8%; }
table.rules th:nth-child(6) { width: 28%; }
table.rules td { overflow-wrap: anywhere; }
.tier h3 .muted { font-weight: 400; }
.tier > p { margin: 0 0 4px; }
.finding p { margin: 2px 0; }
figure.diagram figcaption { margin-top: 8px; font-size: 12px; }
footer { margin-top: 32px; font-size: 12px; }
</style>`);

function overrideNote(override: RuleOverride, port?: string): SafeHtml {
    const replaced = override.replacedPort !== undefined ? html` <span class="muted">port ${override.replacedPort} → ${port ?? "?"}</span>` : "";
    return html`<span class="badge override">${override.path}</span>${replaced}`;
}

function ruleRow(rule: ReviewRule): SafeHtml {
    const internet = rule.internet ? html` <span class="badge internet">internet</span>` : "";
    const description = rule.description ?? html`<span class="muted">(none)</span>`;
    const cells = html`<td>${rule.direction}</td><td><code>${rule.peer}</code>${internet}</td><td>${rule.protocol}</td><td class="ports">${rule.ports}</td><td>${description}</td>`;
    if (rule.override) {
        return html`<tr class="override" data-testid="override-row" data-override="${rule.override.path}">${cells}<td class="source">${overrideNote(rule.override, rule.ports)}</td></tr>
`;
    }
    return html`<tr>${cells}<td class="source muted">${rule.origin.kind} <code>${rule.origin.path}</code></td></tr>
`;
}

function tierSection(tier: ReviewTier): SafeHtml {
    const port = tier.servicePortOverride ? html` ${overrideNote(tier.servicePortOverride, String(tier.servicePort))}` : "";
    const rows = tier.rules.length > 0 ? tier.rules.map(ruleRow) : html`<tr><td colspan="6" class="muted">No rules: the group allows no traffic in either direction.</td></tr>`;
    return html`<section class="tier" id="tier-${tier.name}" data-testid="tier">
<h3>${tier.name} tier <span class="muted">service port ${tier.servicePort}</span>${port}</h3>
<p class="muted">${tier.description}</p>
<table class="rules">
<thead><tr><th>Direction</th><th>Peer</th><th>Protocol</th><th>Ports</th><th>Description</th><th>From</th></tr></thead>
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

function findingBlock(finding: ReviewFinding): SafeHtml {
    const path = finding.path !== undefined ? html` <code>${finding.path}</code>` : "";
    const why = finding.why !== undefined ? html`<p><strong>Why it matters:</strong> ${finding.why}</p>` : "";
    return html`<div class="finding ${finding.severity}" data-testid="finding">
<p><span class="badge ${finding.severity}">${finding.severity}</span> <code>${finding.code}</code> <span class="muted">${locationOf(finding)}</span>${path}</p>
<p>${finding.message}</p>
${why}<p><strong>Fix:</strong> ${finding.fix}</p>
</div>
`;
}

function findingsSection(review: Review): SafeHtml {
    if (review.findings.length === 0)
        return html`<p class="muted">No findings: every check passed.</p>
`;
    return html`${review.findings.map(findingBlock)}`;
}

export function renderReviewHtml(review: Review): string {
    const verdict = review.valid
        ? html`<span class="badge valid">valid</span>`
        : html`<span class="badge error">not valid</span> <strong>Errors must be fixed before this set can be deployed.</strong>`;
    const body = html`${STYLE}
<header>
<h1>Security group review: ${review.setName}</h1>
<p class="subtitle">Scenario <code>${review.scenario.name}</code>: ${review.scenario.description}</p>
<p class="verdict">${verdict} <span class="muted">${countsText(review.counts)}</span></p>
</header>
<h2>Derived names</h2>
${namesTable(review)}<h2>Topology</h2>
<figure class="diagram" data-testid="topology-diagram">
${renderTopologySvg(review.topology, `Allowed flows of ${review.setName}`)}
<figcaption class="muted">Arrows point from the side that opens the connection to the side that accepts it. Dashed amber edges include a rule from an override or a port changed by one. Flows within one group are listed in its box as "self".</figcaption>
</figure>
<h2>Rules</h2>
<p class="muted">Per tier, in a stable order: direction, peer, protocol, ports, description. Highlighted rows come from an override, or had their port changed by one; the label names the override.</p>
${review.tiers.map(tierSection)}<h2>Findings</h2>
${findingsSection(review)}<footer class="muted">Written by sg-provisioner create-review-report. The same config always gives the same report; regenerate it rather than editing it.</footer>`;
    return page(`Security group review: ${review.setName}`, body);
}
