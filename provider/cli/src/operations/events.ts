/**
 * The engine events the lifecycle actions read, as Pulumi's JSON events (apitype) shape them: read
 * structurally, so that the reports need no Pulumi import.
 */

/** The state of a resource before or after a step, as the engine reports it. */
export interface StepState {
    readonly type?: string;
    readonly urn?: string;
    readonly id?: string;
    readonly inputs?: Readonly<Record<string, unknown>>;
    readonly outputs?: Readonly<Record<string, unknown>>;
}

export interface StepMetadata {
    readonly op: string;
    readonly urn: string;
    readonly type: string;
    readonly old?: StepState | null;
    readonly new?: StepState | null;
    /** Keys that force a replacement. */
    readonly keys?: readonly string[];
    /** Keys that changed. */
    readonly diffs?: readonly string[];
    readonly detailedDiff?: Readonly<Record<string, { readonly diffKind: string; readonly inputDiff?: boolean }>> | null;
}

/** The engine events the lifecycle actions read; every other kind is ignored. */
export interface LifecycleEvent {
    readonly resourcePreEvent?: { readonly metadata: StepMetadata; readonly planning?: boolean };
    readonly resOutputsEvent?: { readonly metadata: StepMetadata; readonly planning?: boolean };
    readonly resOpFailedEvent?: { readonly metadata: StepMetadata; readonly status?: number };
    readonly diagnosticEvent?: { readonly urn?: string; readonly message: string; readonly severity: string; readonly ephemeral?: boolean };
    readonly policyEvent?: {
        readonly resourceUrn?: string;
        readonly message: string;
        readonly policyName: string;
        readonly policyPackName: string;
        readonly enforcementLevel: string;
    };
    readonly summaryEvent?: { readonly resourceChanges?: Readonly<Record<string, number>>; readonly durationSeconds?: number };
}
