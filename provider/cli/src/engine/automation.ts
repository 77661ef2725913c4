/**
 * The lifecycle actions' only door to Pulumi: the Automation API over the project's own program
 * (a LocalWorkspace on the directory holding Pulumi.yaml), driving whatever `pulumi` CLI is on PATH
 * against whatever backend it is logged into.
 */
import { CommandError, EngineEvent, LocalWorkspace, Stack, StackAlreadyExistsError, StackNotFoundError } from "@pulumi/pulumi/automation";
import type { LifecycleEvent } from "../operations/events";
import { PulumiFailure, pulumiErrorText } from "../operations/failure";
import type { StateResource } from "../operations/state";

/** The stack a lifecycle action works on, and the settings the program reads from it. */
export interface StackTarget {
    /** The directory with the project's Pulumi.yaml. */
    readonly projectDir: string;
    readonly stackName: string;
    /** Stack settings written before a preview or an update (`aws:region`, `sg-provisioner:configFile`, ...). */
    readonly config: Readonly<Record<string, string>>;
}

/** How a stack is opened: one that exists, one made anew (never an existing one), or either. */
export type OpenMode = "existing" | "new" | "either";

interface CommandOutcome {
    readonly stderr?: string;
    readonly err?: { readonly code?: string };
}

function outcomeOf(error: CommandError): CommandOutcome {
    return (error as unknown as { commandResult?: CommandOutcome }).commandResult ?? {};
}

function noCli(doing: string): PulumiFailure {
    return new PulumiFailure(`${doing}: the Pulumi CLI is not installed (no 'pulumi' on PATH)`, "no-cli");
}

/** Turns whatever the Automation API threw into a {@link PulumiFailure}. */
export function pulumiFailure(error: unknown, doing: string): PulumiFailure {
    if (error instanceof PulumiFailure) return error;
    if (error instanceof CommandError) {
        const outcome = outcomeOf(error);
        // The Automation API runs `pulumi version` first; with no CLI, execa's ENOENT ends up here.
        if (outcome.err?.code === "ENOENT") return noCli(doing);
        const text = pulumiErrorText(outcome.stderr ?? error.message);
        const kind =
            error instanceof StackNotFoundError ? "no-stack" : error instanceof StackAlreadyExistsError ? "exists" : error.name === "ConcurrentUpdateError" ? "busy" : "failed";
        return new PulumiFailure(`${doing}: ${text}`, kind);
    }
    if ((error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return noCli(doing);
    return new PulumiFailure(`${doing}: ${error instanceof Error ? error.message : String(error)}`, "failed");
}

async function guarded<T>(doing: string, run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (error) {
        throw pulumiFailure(error, doing);
    }
}

type OnEvent = (event: LifecycleEvent) => void;

/** What a long operation takes: where its events go, and what stops it (Pulumi is sent SIGINT). */
export interface Watch {
    readonly onEvent: OnEvent;
    readonly signal?: AbortSignal;
}

function watched(watch: Watch): { onEvent: (event: EngineEvent) => void; signal?: AbortSignal } {
    return { onEvent: (event) => watch.onEvent(event as LifecycleEvent), ...(watch.signal ? { signal: watch.signal } : {}) };
}

async function openStack(target: StackTarget, mode: OpenMode): Promise<Stack> {
    const args = { stackName: target.stackName, workDir: target.projectDir };
    const doing = `${mode === "new" ? "creating" : "opening"} stack ${target.stackName}`;
    return guarded(doing, () =>
        mode === "new" ? LocalWorkspace.createStack(args) : mode === "existing" ? LocalWorkspace.selectStack(args) : LocalWorkspace.createOrSelectStack(args),
    );
}

/** One stack of the project, opened for the lifecycle actions. */
export class LifecycleStack {
    private constructor(
        private readonly stack: Stack,
        readonly name: string,
    ) {}

    /** Opens the stack; a stack that must exist and does not is a `no-stack` failure, one that must be new and is not, `exists`. */
    static async open(target: StackTarget, mode: OpenMode): Promise<LifecycleStack> {
        return new LifecycleStack(await openStack(target, mode), target.stackName);
    }

    /** The stack's settings, plain (a secret one as its value: the program refuses secrets in them anyway). */
    async settings(): Promise<Record<string, string>> {
        const config = await guarded(`reading the settings of stack ${this.name}`, () => this.stack.getAllConfig());
        return Object.fromEntries(Object.entries(config).map(([key, entry]) => [key, entry.value]));
    }

    /** Writes the settings that differ from the stack's: none, when the stack already has them. */
    async configure(config: Readonly<Record<string, string>>): Promise<string[]> {
        const current = await this.settings();
        const changed = Object.entries(config).filter(([key, value]) => current[key] !== value);
        if (changed.length === 0) return [];
        await guarded(`writing the settings of stack ${this.name}`, () =>
            this.stack.setAllConfig(Object.fromEntries(changed.map(([key, value]) => [key, { value, secret: false }]))),
        );
        return changed.map(([key]) => key);
    }

    /** The stack's outputs, plain: `{}` for a stack never deployed. */
    async outputs(): Promise<Record<string, unknown>> {
        const outputs = await guarded(`reading the outputs of stack ${this.name}`, () => this.stack.outputs());
        return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
    }

    /** The resources of the stack's state (`pulumi stack export`). */
    async resources(): Promise<StateResource[]> {
        const exported = await guarded(`reading the state of stack ${this.name}`, () => this.stack.exportStack());
        const resources = (exported.deployment as { resources?: unknown } | undefined)?.resources;
        return Array.isArray(resources) ? (resources as StateResource[]) : [];
    }

    /** `pulumi preview --diff`, with the policy pack when one is given: nothing changes. */
    async preview(policyPack: string | undefined, watch: Watch): Promise<void> {
        await guarded(`previewing stack ${this.name}`, () => this.stack.preview({ diff: true, ...(policyPack ? { policyPacks: [policyPack] } : {}), ...watched(watch) }));
    }

    /** `pulumi up` with the policy pack enforced. */
    async up(policyPack: string, watch: Watch): Promise<Record<string, unknown>> {
        await guarded(`deploying stack ${this.name}`, () => this.stack.up({ policyPacks: [policyPack], ...watched(watch) }));
        return this.outputs();
    }

    /** `pulumi refresh --preview-only`: reads every resource from AWS, writes no state. */
    async previewRefresh(watch: Watch): Promise<void> {
        await guarded(`reading stack ${this.name}'s resources from AWS`, () => this.stack.previewRefresh(watched(watch)));
    }

    /** `pulumi destroy`. */
    async destroy(watch: Watch): Promise<void> {
        await guarded(`destroying stack ${this.name}`, () => this.stack.destroy(watched(watch)));
    }

    /** `pulumi stack rm`: the stack's history and settings go too. */
    async remove(): Promise<void> {
        await guarded(`removing stack ${this.name}`, () => this.stack.workspace.removeStack(this.name));
    }
}
