import { graphlib, layout } from "@dagrejs/dagre";
import { Topology, TopologyEdge, TopologyNode } from "./topology";
import { Box, edgeBox, nodeBox } from "./topology-box";

/** Where the topology is drawn, as plain data: centres of nodes and edge labels, edge paths, all rounded. */

export interface Point {
    readonly x: number;
    readonly y: number;
}

export interface PlacedNode {
    readonly node: TopologyNode;
    readonly box: Box;
    readonly x: number;
    readonly y: number;
}

export interface PlacedEdge {
    readonly edge: TopologyEdge;
    /** From the edge's source to its target, whichever way dagre laid it out. */
    readonly points: readonly Point[];
    readonly labelBox: Box;
    readonly x: number;
    readonly y: number;
}

export interface TopologyLayout {
    readonly width: number;
    readonly height: number;
    readonly nodes: readonly PlacedNode[];
    /** Self flows have no entry: they are written inside their tier's box. */
    readonly edges: readonly PlacedEdge[];
}

type Graph = graphlib.Graph<Record<string, unknown>, { width: number; height: number; box: Box }, { width: number; height: number; labelpos: "c"; box: Box }>;

/** An edge as it goes into dagre: `v` to `w`, which is the edge reversed when it runs against the rank order. */
interface GraphEdge {
    readonly edge: TopologyEdge;
    readonly name: string;
    readonly reversed: boolean;
    readonly v: string;
    readonly w: string;
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

function addNodes(graph: Graph, topology: Topology): void {
    const selfFlows = new Map<string, TopologyEdge[]>();
    for (const edge of topology.edges) {
        if (edge.from === edge.to) selfFlows.set(edge.from, [...(selfFlows.get(edge.from) ?? []), edge]);
    }
    for (const node of topology.nodes) {
        const box = nodeBox(node, selfFlows.get(node.id) ?? []);
        graph.setNode(node.id, { width: box.width, height: box.height, box });
    }
}

/** Reversing an edge that runs against the rank order keeps dagre from breaking a cycle by turning the tiers upside down. */
function addEdges(graph: Graph, topology: Topology): GraphEdge[] {
    const order = rankOrder(topology);
    const drawn = topology.edges
        .filter((edge) => edge.from !== edge.to)
        .map((edge, index) => {
            const reversed = (order.get(edge.from) ?? 0) > (order.get(edge.to) ?? 0);
            const [v, w] = reversed ? [edge.to, edge.from] : [edge.from, edge.to];
            return { edge, name: `e${index}`, reversed, v, w };
        });
    for (const { edge, name, v, w } of drawn) {
        const labelBox = edgeBox(edge.label);
        graph.setEdge(v, w, { width: labelBox.width, height: labelBox.height, labelpos: "c", box: labelBox }, name);
    }
    return drawn;
}

function round(point: { x?: number; y?: number }): Point {
    return { x: Math.round(point.x ?? 0), y: Math.round(point.y ?? 0) };
}

/** Reads the positions dagre wrote into the graph back out, in the topology's order. */
function readLayout(graph: Graph, topology: Topology, drawn: readonly GraphEdge[]): TopologyLayout {
    const size = graph.graph() as { width?: number; height?: number };
    return {
        width: Math.ceil(size.width ?? 0),
        height: Math.ceil(size.height ?? 0),
        nodes: topology.nodes.map((node) => {
            const placed = graph.node(node.id) as unknown as { x: number; y: number; box: Box };
            return { node, box: placed.box, ...round(placed) };
        }),
        edges: drawn.map(({ edge, name, reversed, v, w }) => {
            const placed = graph.edge(v, w, name) as unknown as { x: number; y: number; points: Point[]; box: Box };
            const points = placed.points.map(round);
            return { edge, points: reversed ? points.reverse() : points, labelBox: placed.box, ...round(placed) };
        }),
    };
}

/**
 * Lays the graph out with dagre, top to bottom. Nodes and edges go in in the topology's stable order
 * and coordinates are rounded, so the same graph always yields the same drawing.
 */
export function layoutTopology(topology: Topology): TopologyLayout {
    const graph: Graph = new graphlib.Graph({ multigraph: true });
    graph.setGraph({ rankdir: "TB", nodesep: 48, ranksep: 56, edgesep: 24, marginx: 16, marginy: 16 });
    addNodes(graph, topology);
    const drawn = addEdges(graph, topology);
    layout(graph);
    return readLayout(graph, topology, drawn);
}
