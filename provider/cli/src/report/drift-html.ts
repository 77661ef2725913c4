import { Drift, showValue } from "./changes";
import { html, page } from "./html";

/** What a drift report is about: the set, its stack and region, and when AWS was read. */
export interface DriftContext {
    readonly setName: string;
    readonly stack: string;
    readonly region: string;
    readonly time: string;
}

function driftBlock(item: Drift) {
    const heading = html`<h3><span class="badge ${item.kind === "deleted" ? "error" : "warning"}">${item.kind}</span> <code>${item.name}</code></h3>
<p class="muted"><code>${item.type}</code>${item.id ? html` &middot; <code>${item.id}</code>` : ""}</p>`;
    if (item.kind === "deleted") {
        return html`<section class="finding error">${heading}<p>It is gone from AWS. <code>pulumi up</code> (create-security-groups) creates it again.</p></section>`;
    }
    return html`<section class="finding warning">${heading}
<table>
<tr><th>Property</th><th>Change</th><th>In the stack</th><th>In AWS now</th></tr>
${item.properties.map(
    (property) =>
        html`<tr><td><code>${property.name}</code></td><td>${property.change}</td><td><code>${showValue(property.recorded)}</code></td><td><code>${showValue(property.actual)}</code></td></tr>\n`,
)}</table></section>`;
}

/**
 * The drift report page: every resource changed or deleted outside Pulumi and how, or a plain
 * statement that there is none.
 */
export function renderDriftHtml(context: DriftContext, drift: readonly Drift[]): string {
    const body = html`<h1>Drift report: ${context.setName}</h1>
<p class="subtitle">AWS read ${context.time} with <code>pulumi refresh --preview-only</code>; the stack's state was not changed</p>
<table>
<tr><th>Set name</th><td><code>${context.setName}</code></td></tr>
<tr><th>Stack</th><td><code>${context.stack}</code></td></tr>
<tr><th>Region</th><td><code>${context.region}</code></td></tr>
</table>
${
    drift.length === 0
        ? html`<p data-testid="verdict">No drift: every resource matches the stack's state.</p>`
        : html`<p data-testid="verdict"><strong>${drift.length} ${drift.length === 1 ? "resource" : "resources"} changed outside Pulumi.</strong>
Run <code>sg-provisioner show-changes</code> to see what deploying the config would put back, or update the config to keep the change.</p>
${drift.map(driftBlock)}`
}`;
    return page(`Drift report: ${context.setName}`, body);
}
