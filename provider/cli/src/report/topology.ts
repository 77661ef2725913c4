import { compareRuleMatch, compareText, isIcmp, NormalizedRule, overrideOf, Peer, peerPlace, peerReachesInternet, portsLabel, Protocol } from "sg-provisioner-core";

/**
 * The topology of a set: who may talk to whom, on what. Built from tiers and their normalized
 * rules only, so it serves a scenario without a config as well as a reviewed config. Plain data,
 * so that the text form, the layout and the drawing each read it without knowing of the others.
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
    /** What the findings make of the edge's rules: `blocking` or `warning` flows get edges of their own; absent for the rest. */
    readonly status?: EdgeStatus;
}

/** What a rule's findings make of it in a review: `blocking` (an error) or `warning`; the topology reads it without knowing of reviews. */
export type EdgeStatus = "blocking" | "warning";

/** ` (blocking)`, ` (warning)`, or nothing: how a flow's status is written after its label. */
export function statusNote(status: EdgeStatus | undefined): string {
    return status ? ` (${status})` : "";
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
    const place = peerPlace(peer, tier);
    if ("tier" in place) return { id: tierId(place.tier), kind: "tier", label: place.tier };
    if (peerReachesInternet(peer)) return { id: INTERNET, kind: "internet", label: INTERNET, cidr: place.name };
    return { id: `${place.kind}:${place.name}`, kind: place.kind, label: place.name, detail: place.detail };
}

type Flow = Pick<NormalizedRule, "protocol" | "ports" | "icmp">;

/**
 * `tcp 80,443,8000-8100; udp 53; icmp type 3 code 4,type 8 (all codes)`: flows grouped by
 * protocol, ports and ICMP types ascending, each worded by `portsLabel`, duplicates merged; a
 * protocol with a flow of every type (ICMP) is the protocol alone.
 */
function flowLabel(flows: readonly Flow[]): string {
    const byProtocol = new Map<Protocol, Set<string>>();
    const sorted = [...flows].sort(compareRuleMatch);
    for (const flow of sorted) {
        const labels = byProtocol.get(flow.protocol) ?? new Set<string>();
        labels.add(portsLabel(flow));
        byProtocol.set(flow.protocol, labels);
    }
    return [...byProtocol]
        .map(([protocol, labels]) => (protocol === "all" ? "all traffic" : labels.has("all") ? protocol : `${protocol} ${[...labels].join(isIcmp(protocol) ? ", " : ",")}`))
        .join("; ");
}

const STATUS_ORDER = { blocking: 0, warning: 1, none: 2 };

/**
 * The graph of allowed flows. An ingress rule on tier T from peer P is the edge P→T; an egress rule
 * on T to P is T→P. Parallel rules (IPv4 and IPv6, ingress on one tier and egress on the other) merge
 * into one edge whose label lists every flow, unless `statusOf` tells them apart: blocking flows,
 * flows with warnings and the rest each get their own edge between the same two nodes, so that a
 * dangerous port never hides in a label of safe ones.
 */
export function topologyOf(tiers: readonly TopologyTier[], statusOf: (rule: NormalizedRule) => EdgeStatus | undefined = () => undefined): Topology {
    const tierNodes: TopologyNode[] = tiers.map((tier) => ({
        id: tierId(tier.name),
        kind: "tier",
        label: tier.name,
        detail: tier.servicePort !== undefined ? `port ${tier.servicePort}` : undefined,
    }));
    const others = new Map<string, TopologyNode>();
    const internetCidrs = new Set<string>();
    const edges = new Map<string, { from: string; to: string; status?: EdgeStatus; flows: Flow[]; overrides: Set<string> }>();
    for (const tier of tiers) {
        for (const rule of tier.rules) {
            const peer = peerNode(rule.peer, tier.name);
            // A tier the list does not hold (data that skipped validation) still gets its node.
            if (peer.kind !== "tier" || !tierNodes.some((node) => node.id === peer.id))
                others.set(peer.id, { id: peer.id, kind: peer.kind, label: peer.label, detail: peer.detail });
            if (peer.cidr) internetCidrs.add(peer.cidr);
            const [from, to] = rule.direction === "ingress" ? [peer.id, tierId(tier.name)] : [tierId(tier.name), peer.id];
            const status = statusOf(rule);
            const key = `${from}\n${to}\n${status ?? ""}`;
            const edge = edges.get(key) ?? { from, to, ...(status ? { status } : {}), flows: [], overrides: new Set<string>() };
            edge.flows.push(rule);
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
    const ordered = [...edges.values()].sort(
        (a, b) =>
            (position.get(a.from) ?? 0) - (position.get(b.from) ?? 0) ||
            (position.get(a.to) ?? 0) - (position.get(b.to) ?? 0) ||
            STATUS_ORDER[a.status ?? "none"] - STATUS_ORDER[b.status ?? "none"],
    );
    return {
        nodes,
        edges: ordered.map((edge) => ({
            from: edge.from,
            to: edge.to,
            label: flowLabel(edge.flows),
            overrides: [...edge.overrides].sort(compareText),
            ...(edge.status ? { status: edge.status } : {}),
        })),
    };
}

/** Each node's label by its id: edges name their ends by id, readers show the label. */
export function nodeLabels(topology: Topology): ReadonlyMap<string, string> {
    return new Map(topology.nodes.map((node) => [node.id, node.label]));
}
