import { SafeHtml, html } from "./html";
import { EdgeStatus, Topology, TopologyNodeKind, nodeLabels, statusNote } from "./topology";
import { FONT, LINE, PAD } from "./topology-box";
import { PlacedEdge, PlacedNode, Point, layoutTopology } from "./topology-layout";

const COLORS = {
    ink: "#1d2330",
    muted: "#5b6475",
    /** Edges by status: blocking red, warning amber, the rest grey. Overrides are dashed, whatever their colour. */
    edge: {
        blocking: { stroke: "#b3261e", fill: "#fde8e6", text: "#8c1d18", width: 2.5 },
        warning: { stroke: "#b07800", fill: "#fff4cc", text: "#6b4a00", width: 2 },
        none: { stroke: "#5b6475", fill: "#ffffff", text: "#1d2330", width: 1.5 },
    } as Record<EdgeStatus | "none", { stroke: string; fill: string; text: string; width: number }>,
    fill: { internet: "#fde8e6", tier: "#e8f0fc", "prefix-list": "#eef7ee", cidr: "#f3f0fa", "security-group": "#f3f0fa" } as Record<TopologyNodeKind, string>,
    stroke: { internet: "#b3261e", tier: "#1f5fbf", "prefix-list": "#2e7d32", cidr: "#6a4fb3", "security-group": "#6a4fb3" } as Record<TopologyNodeKind, string>,
};

function pathOf(points: readonly Point[]): string {
    return points.map((point, index) => `${index === 0 ? "M" : "L"}${point.x},${point.y}`).join(" ");
}

function nodeSvg(placed: PlacedNode): SafeHtml {
    const { node, box: size } = placed;
    const left = Math.round(placed.x - size.width / 2);
    const top = Math.round(placed.y - size.height / 2);
    // Peers outside the set are dotted; the internet and the tiers are solid.
    const dashed = node.kind === "tier" || node.kind === "internet" ? false : "2 3";
    // A self flow with a finding is in its status's colour, as its edge would be; blocking is bold too.
    const lines = size.lines.map(
        (line, index) =>
            html`<text${line.status ? html` class="self ${line.status}"` : ""} x="${placed.x}" y="${top + PAD / 2 + LINE * index + 12}" text-anchor="middle" font-size="${line.title ? 14 : 11}"${line.title || line.status === "blocking" ? html` font-weight="700"` : ""} fill="${line.title ? COLORS.ink : line.status ? COLORS.edge[line.status].text : COLORS.muted}">${line.text}</text>`,
    );
    return html`<g class="node ${node.kind}" data-node="${node.id}"><rect x="${left}" y="${top}" width="${size.width}" height="${size.height}" rx="8" fill="${COLORS.fill[node.kind]}" stroke="${COLORS.stroke[node.kind]}" stroke-width="1.5"${dashed ? html` stroke-dasharray="${dashed}"` : ""}/>${lines}</g>
`;
}

function edgeSvg(placed: PlacedEdge, labels: ReadonlyMap<string, string>): SafeHtml {
    const { edge, labelBox } = placed;
    const override = edge.overrides.length > 0;
    const status = edge.status ?? "none";
    const colors = COLORS.edge[status];
    const classes = ["edge", ...(edge.status ? [edge.status] : []), ...(override ? ["override"] : [])].join(" ");
    const title = `${labels.get(edge.from)} → ${labels.get(edge.to)}: ${edge.label}${statusNote(edge.status)}${override ? ` (override: ${edge.overrides.join(", ")})` : ""}`;
    const dash = override ? html` stroke-dasharray="6 4"` : "";
    const labelStroke = edge.status || override ? html` stroke="${colors.stroke}"${override ? html` stroke-dasharray="3 2"` : ""}` : html` stroke="none"`;
    return html`<g class="${classes}" data-from="${edge.from}" data-to="${edge.to}"><title>${title}</title><path d="${pathOf(placed.points)}" fill="none" stroke="${colors.stroke}" stroke-width="${colors.width}"${dash} marker-end="url(#arrow-${status})"/><rect x="${Math.round(placed.x - labelBox.width / 2)}" y="${Math.round(placed.y - labelBox.height / 2)}" width="${labelBox.width}" height="${labelBox.height}" rx="4" fill="${colors.fill}"${labelStroke}/><text x="${placed.x}" y="${placed.y + 4}" text-anchor="middle" font-size="11"${edge.status === "blocking" ? html` font-weight="700"` : ""} fill="${colors.text}">${edge.label}</text></g>
`;
}

function marker(id: string, color: string): SafeHtml {
    return html`<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
}

/**
 * The topology as an inline SVG element: every label goes through {@link html}, so a name or CIDR
 * from a config can never become markup. Blocking flows are red, flows with warnings amber, the rest
 * grey; edges that come from an override are dashed, in their status's colour.
 */
export function renderTopologySvg(topology: Topology, title = "Allowed flows"): SafeHtml {
    const placed = layoutTopology(topology);
    const labels = nodeLabels(topology);
    return html`<svg xmlns="http://www.w3.org/2000/svg" width="${placed.width}" height="${placed.height}" viewBox="0 0 ${placed.width} ${placed.height}" role="img" aria-label="${title}" font-family="${FONT}">
<title>${title}</title>
<defs>${(["blocking", "warning", "none"] as const).map((status) => marker(`arrow-${status}`, COLORS.edge[status].stroke))}</defs>
<g class="edges">
${placed.edges.map((edge) => edgeSvg(edge, labels))}</g>
<g class="nodes">
${placed.nodes.map(nodeSvg)}</g>
</svg>`;
}
