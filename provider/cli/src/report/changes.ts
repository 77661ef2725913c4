/**
 * What Pulumi's engine events say a preview, an update, a refresh or a destroy did to each resource.
 */
import { terminalSafe } from "sg-provisioner-core";
import { LifecycleEvent, StepMetadata } from "../operations/events";
import { SECURITY_GROUP_TYPE } from "../operations/state";

export { LifecycleEvent, StepMetadata };

/** The kinds of change people read, whatever steps the engine took for them. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "same";

/** The engine's step operations, folded into {@link ChangeKind}: a replacement is several steps. */
const OPS: Readonly<Record<string, ChangeKind>> = {
    create: "create",
    update: "update",
    replace: "replace",
    "create-replacement": "replace",
    "delete-replaced": "replace",
    "import-replacement": "replace",
    delete: "delete",
    "discard-replaced": "replace",
    same: "same",
    import: "create",
};

/** The resource types a change list leaves out: the stack itself and providers are Pulumi's bookkeeping. */
export function isBookkeeping(type: string): boolean {
    return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");
}

/** The last part of a URN: the resource's logical name. */
export function urnName(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

export interface ResourceChange {
    readonly kind: Exclude<ChangeKind, "same">;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** The properties that change, sorted. */
    readonly properties: readonly string[];
    /** For a replacement: the properties that force it. */
    readonly replacedBy: readonly string[];
    /** Why this change hurts running workloads, when it does. */
    readonly disruption?: string;
}

export interface ChangeSet {
    readonly changes: readonly ResourceChange[];
    readonly counts: Readonly<Record<ChangeKind, number>>;
}

function disruptionOf(kind: ResourceChange["kind"], type: string): string | undefined {
    if (type !== SECURITY_GROUP_TYPE) {
        return kind === "replace" ? "the rule is deleted and created again: connections it allows may fail for a moment" : undefined;
    }
    if (kind === "replace") {
        return "DISRUPTIVE: the group gets a new ID; instances, databases, functions and load balancers using the old one lose its rules, and the new ID must reach them (its SSM parameter changes)";
    }
    if (kind === "delete") return "DISRUPTIVE: everything using this group loses its rules; deletion fails while a network interface still uses it";
    return undefined;
}

/**
 * The change of every resource a preview or an update reports, one per URN (a replacement's
 * create-replacement, replace and delete-replaced steps are one change), in the engine's order.
 */
export function changesOf(events: readonly LifecycleEvent[]): ChangeSet {
    const byUrn = new Map<string, { kind: ChangeKind; metadata: StepMetadata; properties: Set<string>; replacedBy: Set<string> }>();
    for (const event of events) {
        const metadata = event.resourcePreEvent?.metadata;
        if (!metadata || isBookkeeping(metadata.type)) continue;
        const kind = OPS[metadata.op];
        if (!kind) continue;
        const entry = byUrn.get(metadata.urn) ?? { kind, metadata, properties: new Set<string>(), replacedBy: new Set<string>() };
        if (kind === "replace" || entry.kind === "same") entry.kind = kind;
        for (const key of metadata.diffs ?? []) entry.properties.add(key);
        for (const key of Object.keys(metadata.detailedDiff ?? {})) entry.properties.add(key);
        if (kind === "replace") for (const key of metadata.keys ?? []) entry.replacedBy.add(key);
        byUrn.set(metadata.urn, entry);
    }
    const counts: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
    const changes: ResourceChange[] = [];
    for (const [urn, entry] of byUrn) {
        counts[entry.kind]++;
        if (entry.kind === "same") continue;
        const disruption = disruptionOf(entry.kind, entry.metadata.type);
        changes.push({
            kind: entry.kind,
            urn,
            type: entry.metadata.type,
            name: urnName(urn),
            properties: [...entry.properties].sort(),
            replacedBy: [...entry.replacedBy].sort(),
            ...(disruption ? { disruption } : {}),
        });
    }
    return { changes, counts };
}

const SIGNS: Readonly<Record<ResourceChange["kind"], string>> = { create: "+", update: "~", replace: "+-", delete: "-" };

/** The change list as text: one line per resource, then the counts. */
export function renderChanges(set: string, stack: string, changes: ChangeSet): string {
    const lines = [`Changes to ${set} (stack ${stack}):`];
    if (changes.changes.length === 0) lines.push("  none: the stack matches the config");
    for (const change of changes.changes) {
        const properties = change.kind === "replace" && change.replacedBy.length > 0 ? change.replacedBy : change.properties;
        const detail = properties.length > 0 && change.kind !== "create" && change.kind !== "delete" ? `  [${properties.join(", ")}]` : "";
        lines.push(`  ${SIGNS[change.kind].padEnd(2)} ${change.kind.padEnd(7)} ${change.type}  ${change.name}${detail}`);
        if (change.disruption) lines.push(`             ${change.disruption}`);
    }
    const { create, update, replace, delete: deleted, same } = changes.counts;
    lines.push("", `${create} to create, ${update} to update, ${replace} to replace, ${deleted} to delete, ${same} unchanged`);
    // Names and properties come from the stack and AWS: each line terminal-safe.
    return lines.map(terminalSafe).join("\n");
}

/** A resource that differs in AWS from the stack's state. */
export interface Drift {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly id?: string;
    /** `changed`: its properties differ; `deleted`: it is gone from AWS. */
    readonly kind: "changed" | "deleted";
    readonly properties: readonly DriftedProperty[];
}

export interface DriftedProperty {
    readonly name: string;
    /** add, delete or update, as the provider's diff says. */
    readonly change: string;
    /** What the stack recorded, and what AWS has now (absent when there is none). */
    readonly recorded?: unknown;
    readonly actual?: unknown;
}

function topLevel(key: string): string {
    return key.split(/[.[]/, 1)[0];
}

/**
 * The outputs that differ between the state and AWS: what a refresh with the legacy diff (or a
 * provider that reports no diff) leaves to compare.
 */
function differingOutputs(metadata: StepMetadata): string[] {
    const recorded = metadata.old?.outputs ?? {};
    const actual = metadata.new?.outputs ?? {};
    return [...new Set([...Object.keys(recorded), ...Object.keys(actual)])].filter((key) => JSON.stringify(recorded[key]) !== JSON.stringify(actual[key]));
}

function driftedProperties(metadata: StepMetadata): DriftedProperty[] {
    const detailed = metadata.detailedDiff ?? {};
    const keys = Object.keys(detailed).length > 0 ? Object.keys(detailed) : metadata.diffs && metadata.diffs.length > 0 ? [...metadata.diffs] : differingOutputs(metadata);
    return keys.sort().map((key) => {
        const root = topLevel(key);
        const recorded = metadata.old?.outputs?.[root] ?? metadata.old?.inputs?.[root];
        const actual = metadata.new?.outputs?.[root] ?? metadata.new?.inputs?.[root];
        return {
            name: key,
            change: (detailed[key]?.diffKind ?? "update").replace("-replace", ""),
            ...(recorded !== undefined ? { recorded } : {}),
            ...(actual !== undefined ? { actual } : {}),
        };
    });
}

/**
 * The drift a `refresh --preview-only` found: the engine reports each refreshed resource's result as
 * `update` (it differs from the state) or `delete` (it is gone), in its outputs event.
 */
export function driftOf(events: readonly LifecycleEvent[]): Drift[] {
    const drift: Drift[] = [];
    for (const event of events) {
        const metadata = event.resOutputsEvent?.metadata;
        if (!metadata || isBookkeeping(metadata.type) || (metadata.op !== "update" && metadata.op !== "delete")) continue;
        const id = metadata.old?.id ?? metadata.new?.id;
        drift.push({
            urn: metadata.urn,
            type: metadata.type,
            name: urnName(metadata.urn),
            ...(id ? { id } : {}),
            kind: metadata.op === "delete" ? "deleted" : "changed",
            properties: metadata.op === "delete" ? [] : driftedProperties(metadata),
        });
    }
    return drift.sort((a, b) => a.urn.localeCompare(b.urn));
}

/** A value of a drifted property, short enough for one line. */
export function showValue(value: unknown): string {
    if (value === undefined) return "(none)";
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The drift as text, one block per resource. */
export function renderDrift(set: string, stack: string, drift: readonly Drift[]): string {
    if (drift.length === 0) return `No drift: every resource of ${set} (stack ${stack}) matches the stack's state.`;
    const lines = [`Drift in ${set} (stack ${stack}): ${drift.length} ${drift.length === 1 ? "resource" : "resources"} changed outside Pulumi`];
    for (const item of drift) {
        lines.push(`  ${item.kind === "deleted" ? "deleted" : "changed"}  ${item.type}  ${item.name}${item.id ? ` (${item.id})` : ""}`);
        for (const property of item.properties) {
            lines.push(`      ${property.name} (${property.change}): ${showValue(property.recorded)} -> ${showValue(property.actual)}`);
        }
    }
    // What AWS holds now is anyone's text (a tag edited in the console): each line terminal-safe.
    return lines.map(terminalSafe).join("\n");
}

/**
 * An engine message as plain text: without Pulumi's colour markup (`<{%fg 1%}>`), ANSI escapes
 * or other control characters, so a provider's message cannot rewrite the terminal; what else
 * could act on it (C1 controls, bidirectional overrides, zero-width characters) is shown escaped,
 * line by line.
 */
export function plainMessage(message: string): string {
    return (
        message
            .replace(/<\{%[^%]*%\}>/g, "")
            // eslint-disable-next-line no-control-regex
            .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "")
            // eslint-disable-next-line no-control-regex
            .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
            .trim()
            .split("\n")
            .map(terminalSafe)
            .join("\n")
    );
}

/** What a refresh found, as a progress line says it. */
const REFRESHED: Readonly<Record<string, string>> = { update: "changed outside Pulumi", delete: "gone from AWS" };

/**
 * One progress line for an engine event, as Pulumi reports it resource by resource; undefined for
 * events people need not see as they happen. In a refresh, a resource's result says what was found
 * in AWS, not what was done.
 */
export function progressLine(event: LifecycleEvent, refresh = false): string | undefined {
    const pre = event.resourcePreEvent?.metadata;
    if (pre && !isBookkeeping(pre.type) && pre.op !== "same" && pre.op !== "refresh") return `  ${pre.op} ${pre.type} ${urnName(pre.urn)}...`;
    const done = event.resOutputsEvent?.metadata;
    if (done && !isBookkeeping(done.type) && done.op !== "same") {
        return refresh ? `  ${done.type} ${urnName(done.urn)}: ${REFRESHED[done.op] ?? done.op}` : `  ${done.op} ${done.type} ${urnName(done.urn)}: done`;
    }
    const failed = event.resOpFailedEvent?.metadata;
    if (failed) return `  ${failed.op} ${failed.type} ${urnName(failed.urn)}: FAILED`;
    const diagnostic = event.diagnosticEvent;
    if (diagnostic && !diagnostic.ephemeral && (diagnostic.severity === "error" || diagnostic.severity === "warning")) {
        return `  ${diagnostic.severity}: ${plainMessage(diagnostic.message)}`;
    }
    const policy = event.policyEvent;
    if (policy) return `  policy ${policy.enforcementLevel} ${policy.policyPackName}/${policy.policyName}: ${plainMessage(policy.message)}`;
    return undefined;
}
