import { graphlib, layout } from "@dagrejs/dagre";
import { Peer } from "sg-provisioner-core";
import { PortRange, portKey } from "sg-provisioner-core";
import { Protocol } from "sg-provisioner-core";
import { NormalizedRule, overrideOf } from "sg-provisioner-core";
import { isInternet } from "sg-provisioner-core";
import { compareText } from "sg-provisioner-core";
import { SafeHtml, html } from "./html";

/**
 * The topology of a set: who may talk to whom, on what. Built from tiers and their normalized
 * rules only, so it serves a scenario without a config as well as a reviewed config.
 */

export type TopologyNodeKind = "internet" | "tier" | "prefix-list" | "cidr" | "security-group";

export interface TopologyNode {
    /** Unique within the graph: `internet`, `tier:web`, `prefix-list:pl-...`, `cidr:10.0.0.0/16`, `security-group:sg-...`. */
    readonly id: string;
    readonly kind: TopologyNodeKind;
    readonly label: string;
    /** A second line: the tier's service port, the CIDR blocks that make up "internet", the peer kind. */
    readonly detail?: string;
}

export interface TopologyEdge {
    readonly from: string;
    readonly to: string;
    /** Every flow of the edge, merged: `tcp 80,443`, `tcp 5432; udp 53`, `all traffic`. */
    readonly label: string;
    /** Field paths of the overrides behind any of its flows, sorted; empty for scenario flows only. */
    readonly overrides: readonly string[];
}

/** Nodes in a stable order (internet, tiers as given, then other peers sorted); edges sorted by their ends. */
export interface Topology {
    readonly nodes: readonly TopologyNode[];
    /** An edge from a tier to itself is a flow between members of the same group (`self`). */
    readonly edges: readonly TopologyEdge[];
}

/** What {@link topologyOf} needs of a tier: a `PlannedTier` fits, so does a scenario's tier. */
export interface TopologyTier {
    readonly name: string;
    readonly servicePort?: number;
    readonly rules: readonly NormalizedRule[];
}

const INTERNET = "internet";
const PEER_ORDER: Record<TopologyNodeKind, number> = { internet: 0, tier: 1, "prefix-list": 2, cidr: 3, "security-group": 4 };

function tierId(tier: string): string {
    return `tier:${tier}`;
}

/** The node a peer stands for; internet-sized CIDR blocks of both families share one node. */
function peerNode(peer: Peer, tier: string): TopologyNode & { cidr?: string } {
    switch (peer.kind) {
        case "cidr":
            return isInternet(peer.family, [peer.cidr])
                ? { id: INTERNET, kind: "internet", label: INTERNET, cidr: peer.cidr }
                : { id: `cidr:${peer.cidr}`, kind: "cidr", label: peer.cidr, detail: peer.family === "ipv4" ? "IPv4 CIDR" : "IPv6 CIDR" };
        case "tier":
            return { id: tierId(peer.tier), kind: "tier", label: peer.tier };
        case "self":
            return { id: tierId(tier), kind: "tier", label: tier };
        case "prefix-list":
            return { id: `prefix-list:${peer.id}`, kind: "prefix-list", label: peer.id, detail: "prefix list" };
        case "security-group":
            return { id: `security-group:${peer.id}`, kind: "security-group", label: peer.id, detail: "security group" };
    }
}

interface Flow {
    readonly protocol: Protocol;
    readonly ports?: PortRange;
}

/** `tcp 80,443,8000-8100; udp 53`: flows grouped by protocol, ports ascending, duplicates merged. */
function flowLabel(flows: readonly Flow[]): string {
    const byProtocol = new Map<Protocol, Set<string>>();
    const sorted = [...flows].sort((a, b) => compareText(a.protocol, b.protocol) || (a.ports?.from ?? -1) - (b.ports?.from ?? -1) || (a.ports?.to ?? -1) - (b.ports?.to ?? -1));
    for (const flow of sorted) {
        const ports = byProtocol.get(flow.protocol) ?? new Set<string>();
        if (flow.ports) ports.add(portKey(flow.ports));
        byProtocol.set(flow.protocol, ports);
    }
    return [...byProtocol].map(([protocol, ports]) => (protocol === "all" ? "all traffic" : ports.size > 0 ? `${protocol} ${[...ports].join(",")}` : protocol)).join("; ");
}

/**
 * The graph of allowed flows. An ingress rule on tier T from peer P is the edge P→T; an egress rule
 * on T to P is T→P. Parallel rules (IPv4 and IPv6, ingress on one tier and egress on the other) merge
 * into one edge whose label lists every flow.
 */
export function topologyOf(tiers: readonly TopologyTier[]): Topology {
    const tierNodes: TopologyNode[] = tiers.map((tier) => ({
        id: tierId(tier.name),
        kind: "tier",
        label: tier.name,
        detail: tier.servicePort !== undefined ? `port ${tier.servicePort}` : undefined,
    }));
    const others = new Map<string, TopologyNode>();
    const internetCidrs = new Set<string>();
    const edges = new Map<string, { from: string; to: string; flows: Flow[]; overrides: Set<string> }>();
    for (const tier of tiers) {
        for (const rule of tier.rules) {
            const peer = peerNode(rule.peer, tier.name);
            // A tier the list does not hold (data that skipped validation) still gets its node.
            if (peer.kind !== "tier" || !tierNodes.some((node) => node.id === peer.id))
                others.set(peer.id, { id: peer.id, kind: peer.kind, label: peer.label, detail: peer.detail });
            if (peer.cidr) internetCidrs.add(peer.cidr);
            const [from, to] = rule.direction === "ingress" ? [peer.id, tierId(tier.name)] : [tierId(tier.name), peer.id];
            const key = `${from}\n${to}`;
            const edge = edges.get(key) ?? { from, to, flows: [], overrides: new Set<string>() };
            edge.flows.push({ protocol: rule.protocol, ports: rule.ports });
            const override = overrideOf(rule);
            if (override) edge.overrides.add(override.path);
            edges.set(key, edge);
        }
    }
    const internet = others.get(INTERNET);
    if (internet) others.set(INTERNET, { ...internet, detail: [...internetCidrs].sort(compareText).join(", ") });
    const peers = [...others.values()].sort((a, b) => PEER_ORDER[a.kind] - PEER_ORDER[b.kind] || compareText(a.id, b.id));
    const nodes = [...peers.filter((node) => node.kind === "internet"), ...tierNodes, ...peers.filter((node) => node.kind !== "internet")];
    const position = new Map(nodes.map((node, index) => [node.id, index]));
    const ordered = [...edges.values()].sort((a, b) => (position.get(a.from) ?? 0) - (position.get(b.from) ?? 0) || (position.get(a.to) ?? 0) - (position.get(b.to) ?? 0));
    return {
        nodes,
        edges: ordered.map((edge) => ({ from: edge.from, to: edge.to, label: flowLabel(edge.flows), overrides: [...edge.overrides].sort(compareText) })),
    };
}

/**
 * The graph as lines of text, one per edge: `internet --tcp 80,443--> web`, with the overrides behind
 * an edge in brackets, and a line for each node with no flow at all.
 */
export function renderTopologyText(topology: Topology): string[] {
    const label = new Map(topology.nodes.map((node) => [node.id, node.label]));
    const connected = new Set(topology.edges.flatMap((edge) => [edge.from, edge.to]));
    const lines = topology.edges.map((edge) => {
        const overrides = edge.overrides.length > 0 ? `  [${edge.overrides.join(", ")}]` : "";
        const self = edge.from === edge.to ? " (self)" : "";
        return `${label.get(edge.from)} --${edge.label}--> ${label.get(edge.to)}${self}${overrides}`;
    });
    const isolated = topology.nodes.filter((node) => !connected.has(node.id)).map((node) => `${node.label}: no allowed flows`);
    return [...lines, ...isolated];
}

// Sizes in SVG user units. Labels are set in a monospace font so that widths can be estimated
// without measuring text, which a pure function cannot do.
const FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
const TITLE_CHAR = 8.6;
const SMALL_CHAR = 7;
const LINE = 16;
const PAD = 12;
const COLORS = {
    ink: "#1d2330",
    muted: "#5b6475",
    edge: "#5b6475",
    override: "#b07800",
    overrideFill: "#fff4cc",
    fill: { internet: "#fde8e6", tier: "#e8f0fc", "prefix-list": "#eef7ee", cidr: "#f3f0fa", "security-group": "#f3f0fa" } as Record<TopologyNodeKind, string>,
    stroke: { internet: "#b3261e", tier: "#1f5fbf", "prefix-list": "#2e7d32", cidr: "#6a4fb3", "security-group": "#6a4fb3" } as Record<TopologyNodeKind, string>,
};

interface Box {
    readonly lines: readonly { readonly text: string; readonly title: boolean }[];
    readonly width: number;
    readonly height: number;
}

function box(lines: Box["lines"], minWidth: number, padding: number): Box {
    const width = Math.max(minWidth, ...lines.map((line) => Math.ceil(line.text.length * (line.title ? TITLE_CHAR : SMALL_CHAR)))) + 2 * padding;
    return { lines, width, height: lines.length * LINE + padding };
}

function nodeBox(node: TopologyNode, selfFlows: readonly string[]): Box {
    const lines = [{ text: node.label, title: true }];
    if (node.detail) lines.push({ text: node.detail, title: false });
    for (const flow of selfFlows) lines.push({ text: `self: ${flow}`, title: false });
    return box(lines, 96, PAD);
}

function edgeBox(label: string): Box {
    return box([{ text: label, title: false }], 0, 6);
}

interface Point {
    readonly x: number;
    readonly y: number;
}

interface PlacedNode {
    readonly node: TopologyNode;
    readonly box: Box;
    readonly x: number;
    readonly y: number;
}

interface PlacedEdge {
    readonly edge: TopologyEdge;
    readonly points: readonly Point[];
    readonly labelBox: Box;
    readonly x: number;
    readonly y: number;
}

interface DiagramLayout {
    readonly width: number;
    readonly height: number;
    readonly nodes: readonly PlacedNode[];
    readonly edges: readonly PlacedEdge[];
}

/**
 * Where a node belongs from top to bottom: peers that open connections first, then the tiers in the
 * scenario's order (front to back), then peers that only receive connections.
 */
function rankOrder(topology: Topology): Map<string, number> {
    const sources = new Set(topology.edges.map((edge) => edge.from));
    const tiers = topology.nodes.filter((node) => node.kind === "tier");
    const order = new Map(tiers.map((node, index) => [node.id, index + 1]));
    for (const node of topology.nodes) if (node.kind !== "tier") order.set(node.id, node.kind === "internet" || sources.has(node.id) ? 0 : tiers.length + 1);
    return order;
}

/**
 * Lays the graph out with dagre, top to bottom. Nodes and edges go in in the topology's stable order
 * and coordinates are rounded, so the same graph always yields the same drawing. An edge that runs
 * against the front-to-back order (egress to the internet) is laid out reversed and drawn back the
 * right way, so that dagre never breaks a cycle by turning the tiers upside down. Self flows are
 * written inside their tier's box rather than drawn as loops.
 */
function layoutTopology(topology: Topology): DiagramLayout {
    const graph = new graphlib.Graph<Record<string, unknown>, { width: number; height: number; box: Box }, { width: number; height: number; labelpos: "c"; box: Box }>({
        multigraph: true,
    });
    graph.setGraph({ rankdir: "TB", nodesep: 48, ranksep: 56, edgesep: 24, marginx: 16, marginy: 16 });
    const selfFlows = new Map<string, string[]>();
    for (const edge of topology.edges) if (edge.from === edge.to) selfFlows.set(edge.from, [...(selfFlows.get(edge.from) ?? []), edge.label]);
    for (const node of topology.nodes) {
        const nodeLayout = nodeBox(node, selfFlows.get(node.id) ?? []);
        graph.setNode(node.id, { width: nodeLayout.width, height: nodeLayout.height, box: nodeLayout });
    }
    const order = rankOrder(topology);
    const drawn = topology.edges
        .filter((edge) => edge.from !== edge.to)
        .map((edge, index) => ({ edge, name: `e${index}`, reversed: (order.get(edge.from) ?? 0) > (order.get(edge.to) ?? 0) }));
    for (const { edge, name, reversed } of drawn) {
        const labelBox = edgeBox(edge.label);
        const [v, w] = reversed ? [edge.to, edge.from] : [edge.from, edge.to];
        graph.setEdge(v, w, { width: labelBox.width, height: labelBox.height, labelpos: "c", box: labelBox }, name);
    }
    layout(graph);
    const round = (point: { x?: number; y?: number }): Point => ({ x: Math.round(point.x ?? 0), y: Math.round(point.y ?? 0) });
    const size = graph.graph() as { width?: number; height?: number };
    return {
        width: Math.ceil(size.width ?? 0),
        height: Math.ceil(size.height ?? 0),
        nodes: topology.nodes.map((node) => {
            const placed = graph.node(node.id) as unknown as { x: number; y: number; box: Box };
            return { node, box: placed.box, ...round(placed) };
        }),
        edges: drawn.map(({ edge, name, reversed }) => {
            const [v, w] = reversed ? [edge.to, edge.from] : [edge.from, edge.to];
            const placed = graph.edge(v, w, name) as unknown as { x: number; y: number; points: Point[]; box: Box };
            const points = placed.points.map(round);
            return { edge, points: reversed ? points.reverse() : points, labelBox: placed.box, ...round(placed) };
        }),
    };
}

function pathOf(points: readonly Point[]): string {
    return points.map((point, index) => `${index === 0 ? "M" : "L"}${point.x},${point.y}`).join(" ");
}

function nodeSvg(placed: PlacedNode): SafeHtml {
    const { node, box: size } = placed;
    const left = Math.round(placed.x - size.width / 2);
    const top = Math.round(placed.y - size.height / 2);
    // Peers outside the set are dotted; the internet and the tiers are solid.
    const dashed = node.kind === "tier" || node.kind === "internet" ? false : "2 3";
    const lines = size.lines.map(
        (line, index) =>
            html`<text x="${placed.x}" y="${top + PAD / 2 + LINE * index + 12}" text-anchor="middle" font-size="${line.title ? 14 : 11}"${line.title ? new SafeHtml(' font-weight="700"') : ""} fill="${line.title ? COLORS.ink : COLORS.muted}">${line.text}</text>`,
    );
    return html`<g class="node ${node.kind}" data-node="${node.id}"><rect x="${left}" y="${top}" width="${size.width}" height="${size.height}" rx="8" fill="${COLORS.fill[node.kind]}" stroke="${COLORS.stroke[node.kind]}" stroke-width="1.5"${dashed ? html` stroke-dasharray="${dashed}"` : ""}/>${lines}</g>
`;
}

function edgeSvg(placed: PlacedEdge, nodeLabels: ReadonlyMap<string, string>): SafeHtml {
    const { edge, labelBox } = placed;
    const override = edge.overrides.length > 0;
    const stroke = override ? COLORS.override : COLORS.edge;
    const title = `${nodeLabels.get(edge.from)} → ${nodeLabels.get(edge.to)}: ${edge.label}${override ? ` (override: ${edge.overrides.join(", ")})` : ""}`;
    return html`<g class="edge${override ? " override" : ""}" data-from="${edge.from}" data-to="${edge.to}"><title>${title}</title><path d="${pathOf(placed.points)}" fill="none" stroke="${stroke}" stroke-width="${override ? 2 : 1.5}"${override ? new SafeHtml(' stroke-dasharray="6 4"') : ""} marker-end="url(#${override ? "arrow-override" : "arrow"})"/><rect x="${Math.round(placed.x - labelBox.width / 2)}" y="${Math.round(placed.y - labelBox.height / 2)}" width="${labelBox.width}" height="${labelBox.height}" rx="4" fill="${override ? COLORS.overrideFill : "#ffffff"}" stroke="${override ? COLORS.override : "none"}"/><text x="${placed.x}" y="${placed.y + 4}" text-anchor="middle" font-size="11" fill="${override ? "#6b4a00" : COLORS.ink}">${edge.label}</text></g>
`;
}

function marker(id: string, color: string): SafeHtml {
    return html`<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
}

/**
 * The topology as an inline SVG element: every label goes through {@link html}, so a name or CIDR
 * from a config can never become markup. Edges that come from an override are dashed and amber.
 */
export function renderTopologySvg(topology: Topology, title = "Allowed flows"): SafeHtml {
    const placed = layoutTopology(topology);
    const nodeLabels = new Map(topology.nodes.map((node) => [node.id, node.label]));
    return html`<svg xmlns="http://www.w3.org/2000/svg" width="${placed.width}" height="${placed.height}" viewBox="0 0 ${placed.width} ${placed.height}" role="img" aria-label="${title}" font-family="${FONT}">
<title>${title}</title>
<defs>${marker("arrow", COLORS.edge)}${marker("arrow-override", COLORS.override)}</defs>
<g class="edges">
${placed.edges.map((edge) => edgeSvg(edge, nodeLabels))}</g>
<g class="nodes">
${placed.nodes.map(nodeSvg)}</g>
</svg>`;
}
