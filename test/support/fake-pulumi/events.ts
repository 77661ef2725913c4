// Builders for engine events as the Pulumi CLI 3.248.0 streams them to the Automation API: the JSON
// shapes of sdk/go/common/apitype/events.go, with what the engine fills in for a step (the parent
// stack, the default provider, `logical`) and what a non-terminal CLI does to diagnostics (colour
// tags stripped, "color": "never", pkg/backend/display/display.go logJSONEvent). A scripted event
// has no sequence or timestamp: the fake stamps them.
import type { DiagnosticEvent, EngineEvent, OpType, PolicyEvent, PropertyDiff, StepEventMetadata, StepEventStateMetadata, SummaryEvent } from "@pulumi/pulumi/automation";

/** The summary as 3.248.0 sends it: its policy packs under "PolicyPacks" (the SDK's type says policyPacks), and two fields the SDK's type lacks. */
export interface FakeSummaryEvent extends Omit<SummaryEvent, "policyPacks"> {
    PolicyPacks: Record<string, string>;
    isPreview: boolean;
    result: "succeeded" | "failed" | "canceled";
}

/** A step's metadata as the engine encodes it: a missing old or new state and an absent detailed diff are `null`. */
export interface FakeStepEventMetadata extends Omit<StepEventMetadata, "old" | "new" | "detailedDiff"> {
    old: StepEventStateMetadata | null;
    new: StepEventStateMetadata | null;
    detailedDiff: Record<string, PropertyDiff> | null;
}

type StepEvents = "resourcePreEvent" | "resOutputsEvent" | "resOpFailedEvent" | "summaryEvent";

/** An engine event for the script: `EngineEvent` without the stamp, with the shapes 3.248.0 really sends. */
export type ScriptedEvent = Omit<EngineEvent, "sequence" | "timestamp" | StepEvents> & {
    resourcePreEvent?: { metadata: FakeStepEventMetadata; planning?: boolean };
    resOutputsEvent?: { metadata: FakeStepEventMetadata; planning?: boolean };
    resOpFailedEvent?: { metadata: FakeStepEventMetadata; status: number; steps: number };
    summaryEvent?: FakeSummaryEvent;
    policyLoadEvent?: Record<string, never>;
};

/** A scripted event as the Automation API's onEvent receives it. */
export type StampedEvent = ScriptedEvent & { sequence: number; timestamp: number };

/** `urn:pulumi:<stack>::<project>::<type>::<name>`; a child's type is qualified by its parents' (`parent$child`). */
export function urn(stack: string, project: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** The root stack resource's URN for the stack and project a URN names. */
export function stackUrn(resourceUrn: string): string {
    const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resourceUrn) ?? [];
    if (!stack || !project) throw new Error(`not a URN: ${resourceUrn}`);
    return urn(stack, project, "pulumi:pulumi:Stack", `${project}-${stack}`);
}

export interface StepOptions {
    /** The state before the step; `null` for a create. Defaults from `id`, `inputs`, `outputs`. */
    old?: Partial<StepEventStateMetadata> | null;
    /** The state after the step; `null` for a delete. */
    new?: Partial<StepEventStateMetadata> | null;
    /** The cloud id on both states; "" (the default) is a resource not created yet, as in a preview. */
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    /** Keys causing a replacement. */
    keys?: string[];
    /** Keys that changed. */
    diffs?: string[];
    detailedDiff?: Record<string, PropertyDiff> | null;
    /** Default: every op but the hidden halves of a replacement (create-replacement, delete-replaced, ...). */
    logical?: boolean;
    /** A component resource: no provider, not `custom`. Default false. */
    component?: boolean;
    /** The provider reference; default the package's default provider in the same stack. */
    provider?: string;
    /** Set on preview events. */
    planning?: boolean;
}

const NOT_LOGICAL = new Set<OpType>(["create-replacement", "delete-replaced", "discard-replaced", "remove-pending-replace", "import-replacement", "read-replacement"]);
const NO_OLD = new Set<OpType>(["create", "import", "read"]);
const NO_NEW = new Set<OpType>(["delete", "delete-replaced", "discard", "discard-replaced"]);

function defaultProvider(resourceUrn: string, type: string): string {
    const root = stackUrn(resourceUrn).split("::pulumi:pulumi:Stack::")[0];
    return `${root}::pulumi:providers:${type.split(":")[0]}::default::04da6b54-80e4-46f7-96ec-b56ff0331ba9`;
}

function state(resourceUrn: string, type: string, options: StepOptions, provider: string, given: Partial<StepEventStateMetadata> | undefined): StepEventStateMetadata {
    const isStack = type === "pulumi:pulumi:Stack";
    return {
        type,
        urn: resourceUrn,
        ...(options.component || isStack ? {} : { custom: true }),
        id: options.id ?? "",
        parent: isStack ? "" : stackUrn(resourceUrn),
        inputs: options.inputs ?? {},
        outputs: options.outputs ?? {},
        provider,
        ...given,
    };
}

function metadata(op: OpType, resourceUrn: string, type: string, options: StepOptions): FakeStepEventMetadata {
    const provider = options.provider ?? (options.component || type === "pulumi:pulumi:Stack" ? "" : defaultProvider(resourceUrn, type));
    const old = options.old === null || (options.old === undefined && NO_OLD.has(op)) ? null : state(resourceUrn, type, options, provider, options.old);
    const next = options.new === null || (options.new === undefined && NO_NEW.has(op)) ? null : state(resourceUrn, type, options, provider, options.new);
    return {
        op,
        urn: resourceUrn,
        type,
        old,
        new: next,
        ...(options.keys ? { keys: options.keys } : {}),
        ...(options.diffs ? { diffs: options.diffs } : {}),
        detailedDiff: options.detailedDiff ?? null,
        ...((options.logical ?? !NOT_LOGICAL.has(op)) ? { logical: true } : {}),
        provider,
    };
}

function planning(options: StepOptions): { planning?: boolean } {
    return options.planning ? { planning: true } : {};
}

/** The engine is about to perform a step. */
export function resourcePre(op: OpType, resourceUrn: string, type: string, options: StepOptions = {}): ScriptedEvent {
    return { resourcePreEvent: { metadata: metadata(op, resourceUrn, type, options), ...planning(options) } };
}

/** A step finished; for a refresh, `op` is what it found (same, update, delete). */
export function resOutputs(op: OpType, resourceUrn: string, type: string, options: StepOptions = {}): ScriptedEvent {
    return { resOutputsEvent: { metadata: metadata(op, resourceUrn, type, options), ...planning(options) } };
}

/** A step failed; the engine reports the cause first as an error diagnostic on the same URN. */
export function resOpFailed(op: OpType, resourceUrn: string, type: string, options: StepOptions & { status?: number; steps?: number } = {}): ScriptedEvent {
    return { resOpFailedEvent: { metadata: metadata(op, resourceUrn, type, options), status: options.status ?? 0, steps: options.steps ?? 0 } };
}

/** A diagnostic as diag.Sink words it: "error: " / "warning: " prefixes, none for info; the message ends in a newline. */
export function diagnostic(severity: DiagnosticEvent["severity"], message: string, resourceUrn?: string): ScriptedEvent {
    const prefix = severity === "error" || severity === "warning" ? `${severity}: ` : undefined;
    return {
        diagnosticEvent: {
            ...(resourceUrn ? { urn: resourceUrn } : {}),
            ...(prefix ? { prefix } : {}),
            message: message.endsWith("\n") ? message : `${message}\n`,
            color: "never",
            severity,
        },
    };
}

export interface Violation {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    message: string;
    /** Default "mandatory". */
    enforcementLevel?: PolicyEvent["enforcementLevel"];
    resourceUrn?: string;
    /** low, medium, high or critical; left out when not given, as the engine does. */
    severity?: "low" | "medium" | "high" | "critical";
}

/** A policy violation; the engine sends the version as both version and version tag. */
export function policyViolation(violation: Violation): ScriptedEvent {
    const policyEvent: PolicyEvent & { severity?: string } = {
        ...(violation.resourceUrn ? { resourceUrn: violation.resourceUrn } : {}),
        message: violation.message,
        color: "never",
        policyName: violation.policyName,
        policyPackName: violation.policyPackName,
        policyPackVersion: violation.policyPackVersion,
        policyPackVersionTag: violation.policyPackVersion,
        enforcementLevel: violation.enforcementLevel ?? "mandatory",
        ...(violation.severity ? { severity: violation.severity } : {}),
    };
    return { policyEvent };
}

/** A message the CLI itself printed. */
export function stdoutEvent(message: string): ScriptedEvent {
    return { stdoutEvent: { message, color: "never" } };
}

/** The prelude; the fake sends one with the stack's config unless the script has its own. */
export function prelude(config: Record<string, string>): ScriptedEvent {
    return { preludeEvent: { config } };
}

/** A summary; the fake sends one counted from the steps unless the script has its own. */
export function summary(resourceChanges: FakeSummaryEvent["resourceChanges"], fields: Partial<FakeSummaryEvent> = {}): ScriptedEvent {
    return { summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges, PolicyPacks: {}, isPreview: false, result: "succeeded", ...fields } };
}

/** The event every operation ends with. */
export function cancel(): ScriptedEvent {
    return { cancelEvent: {} };
}
