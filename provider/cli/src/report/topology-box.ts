import { EdgeStatus, TopologyEdge, TopologyNode, statusNote } from "./topology";

// Sizes in SVG user units. Labels are set in a monospace font so that widths can be estimated
// without measuring text, which a pure function cannot do; the layout sizes its boxes by these
// numbers and the drawing sets its text by them, so both must read them from here.
export const FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
const TITLE_CHAR = 8.6;
const SMALL_CHAR = 7;
export const LINE = 16;
export const PAD = 12;

/** The lines of text a node or edge label shows, and the box they need. */
export interface Box {
    /** `status`: a self flow's, which the drawing shows in its colour. */
    readonly lines: readonly { readonly text: string; readonly title: boolean; readonly status?: EdgeStatus }[];
    readonly width: number;
    readonly height: number;
}

function box(lines: Box["lines"], minWidth: number, padding: number): Box {
    const width = Math.max(minWidth, ...lines.map((line) => Math.ceil(line.text.length * (line.title ? TITLE_CHAR : SMALL_CHAR)))) + 2 * padding;
    return { lines, width, height: lines.length * LINE + padding };
}

/** A tier's self flows (its edges to itself) are written inside its box rather than drawn as loops. */
export function nodeBox(node: TopologyNode, selfFlows: readonly Pick<TopologyEdge, "label" | "status">[]): Box {
    const lines: Box["lines"][number][] = [{ text: node.label, title: true }];
    if (node.detail) lines.push({ text: node.detail, title: false });
    for (const flow of selfFlows) lines.push({ text: `self: ${flow.label}${statusNote(flow.status)}`, title: false, ...(flow.status ? { status: flow.status } : {}) });
    return box(lines, 96, PAD);
}

export function edgeBox(label: string): Box {
    return box([{ text: label, title: false }], 0, 6);
}
