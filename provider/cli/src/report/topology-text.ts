import { terminalSafe } from "sg-provisioner-core";
import { Topology, nodeLabels, statusNote } from "./topology";

/**
 * The graph as lines of text, one per edge: `internet --tcp 80,443--> web`, with the edge's status
 * (`(blocking)`, `(warning)`) when findings gave it one, the overrides behind it in brackets, and a line for each node with no flow at all, so that a tier nothing reaches
 * is not silently missing from the list. Every line is terminal-safe.
 */
export function renderTopologyText(topology: Topology): string[] {
    const label = nodeLabels(topology);
    const connected = new Set(topology.edges.flatMap((edge) => [edge.from, edge.to]));
    const lines = topology.edges.map((edge) => {
        const overrides = edge.overrides.length > 0 ? `  [${edge.overrides.join(", ")}]` : "";
        const self = edge.from === edge.to ? " (self)" : "";
        return `${label.get(edge.from)} --${edge.label}--> ${label.get(edge.to)}${self}${statusNote(edge.status)}${overrides}`;
    });
    const isolated = topology.nodes.filter((node) => !connected.has(node.id)).map((node) => `${node.label}: no allowed flows`);
    // Tier names and labels come from a scenario: each line terminal-safe.
    return [...lines, ...isolated].map(terminalSafe);
}
