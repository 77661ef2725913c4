import { SecurityGroupSet, printableJson, terminalSafeLines } from "sg-provisioner-core";
import type { LifecycleStack, OpenMode, StackTarget, Watch } from "../../engine/automation";
import { LifecycleEvent } from "../../operations/events";
import { PulumiFailure } from "../../operations/failure";
import { DeployedGroup, groupIdsByTier, groupsInState } from "../../operations/state";
import type { ChangeSet } from "../../report/changes";
import { CommonOptions, audited, subjectOf } from "../action";
import { AuditLog } from "../audit";
import { EXIT, Io } from "../io";
import { awsPreflight } from "./aws";
import { StackFacts, bindingProblems } from "./binding";
import { confirmChange } from "./gate";
import { LifecycleOptions, Prepared, Stop, isPrepared, prepare } from "./prepare";
import { CONFIG_FILE_KEY, findPolicyPack } from "./project";

type Extra = Parameters<typeof prepare>[4];

/** A stack as it stands before the action: absent (`stack` undefined), or with its facts. */
export interface Inspected extends StackFacts {
    readonly stack?: LifecycleStack;
}

async function engine() {
    return import("../../engine/automation");
}

/** Prints why an action stopped, as text on standard error or as JSON on standard output. */
function printStop(io: Io, options: CommonOptions, name: string, stack: string, code: number, message: string, fix: string): void {
    if (options.json) io.out(printableJson({ name, stack, ok: false, exitCode: code, problems: [message], fix }));
    else io.err(`sg-provisioner: ${terminalSafeLines(message)}\nfix: ${terminalSafeLines(fix)}`);
}

/**
 * One run of a lifecycle action: the validated config and its stack, the audit log, and the
 * steps every action is made of, so that each command reads as its sequence of steps.
 */
export class LifecycleRun {
    constructor(
        readonly prepared: Prepared,
        readonly audit: AuditLog,
        readonly io: Io,
        readonly options: LifecycleOptions,
        /** Aborted on SIGINT or SIGTERM: the running Pulumi operation is sent SIGINT. */
        readonly signal: AbortSignal,
    ) {}

    get set(): SecurityGroupSet {
        return this.prepared.set;
    }

    get target(): StackTarget {
        return this.prepared.target;
    }

    /**
     * The stack as it is (settings, outputs, the groups its state holds), refused when it is not
     * this set's stack; an absent stack has no facts.
     */
    async inspect(): Promise<Inspected> {
        const { LifecycleStack } = await engine();
        const { target, audit } = this;
        let stack: LifecycleStack;
        try {
            stack = await audit.step(`pulumi stack select ${target.stackName}`, () => LifecycleStack.open(target, "existing"));
        } catch (error) {
            if (!(error instanceof PulumiFailure) || error.kind !== "no-stack") throw error;
            audit.read(`stack ${target.stackName} does not exist yet`);
            return { stackName: target.stackName, projectDir: target.projectDir, settings: {}, outputs: {}, groups: [] };
        }
        const settings = await audit.step(`pulumi config ${target.stackName}`, () => stack.settings());
        const outputs = await audit.step(`pulumi stack output ${target.stackName}`, () => stack.outputs());
        const groups = groupsInState(await audit.step(`pulumi stack export ${target.stackName}`, () => stack.resources()));
        audit.read(`stack ${target.stackName}: ${groups.length} security groups in its state${groups.length > 0 ? ` (${groups.map((group) => group.id).join(", ")})` : ""}`);
        const facts = { stackName: target.stackName, projectDir: target.projectDir, settings, outputs, groups };
        const problems = bindingProblems(this.set, this.prepared.file, target.config[CONFIG_FILE_KEY], facts);
        if (problems.length > 0) {
            throw new Stop(EXIT.refused, problems.map((problem) => problem.message).join("; "), problems.map((problem) => problem.fix).join("; "));
        }
        return { ...facts, stack };
    }

    /** Like {@link inspect}, for actions on a deployed set: a stack that does not exist stops them. */
    async inspectDeployed(): Promise<Inspected & { stack: LifecycleStack }> {
        const facts = await this.inspect();
        if (!facts.stack) {
            throw new Stop(
                EXIT.failed,
                `stack ${this.target.stackName} does not exist: nothing of ${this.set.setName} has been deployed from this project`,
                "deploy it first (create-security-groups), or pass --stack <name> for the stack it was deployed to",
            );
        }
        return facts as Inspected & { stack: LifecycleStack };
    }

    /**
     * The preflight every lifecycle action runs before Pulumi: the VPC parameter, and the set's own
     * parameters (absent, or naming the groups this stack holds). `vpcRequired: false` (delete)
     * reports a VPC problem without stopping, since a VPC already gone must not keep a set from
     * being deleted.
     */
    async preflight(groups: readonly DeployedGroup[], vpcRequired = true): Promise<readonly string[]> {
        const outcome = await awsPreflight(this.set, groupIdsByTier(groups), this.audit);
        const blocking = outcome.problems.filter((problem) => vpcRequired || problem.check !== "vpc");
        for (const problem of outcome.problems.filter((problem) => !blocking.includes(problem))) {
            this.audit.decided(`warning: ${problem.message} (not needed to delete)`);
            this.io.err(`warning: ${problem.message}`);
        }
        if (blocking.length === 0) return outcome.checked;
        const failed = blocking.some((problem) => problem.kind === "aws");
        throw new Stop(
            failed ? EXIT.failed : EXIT.refused,
            `preflight failed in ${this.set.region}: ${blocking.map((problem) => problem.message).join("; ")}`,
            blocking.map((problem) => problem.fix).join("; "),
        );
    }

    /** The policy pack that preview and up enforce. */
    policyPack(): string {
        const pack = findPolicyPack(this.io.cwd, this.options.policyPack);
        if (!pack.ok) throw new Stop(EXIT.usage, pack.message, pack.fix);
        this.audit.read(`policy pack ${pack.dir}`);
        return pack.dir;
    }

    /** Opens the stack to preview or change it, writing the settings it lacks (each one logged). */
    async open(mode: OpenMode): Promise<LifecycleStack> {
        const { LifecycleStack } = await engine();
        const { target, audit } = this;
        const verb = mode === "new" ? "pulumi stack init" : "pulumi stack select --create";
        const stack = await audit.step(`${verb} ${target.stackName}`, () => LifecycleStack.open(target, mode));
        const written = await audit.step(`pulumi config set-all ${target.stackName}`, () => stack.configure(target.config));
        for (const key of written) audit.decided(`stack setting ${key} = ${target.config[key]}`);
        return stack;
    }

    /**
     * Runs a Pulumi operation with its events kept for the reports and its progress printed,
     * resource by resource, on standard error (standard output stays for the result). An
     * interrupted action starts no new operation.
     */
    async watch<T>(
        label: string,
        operation: (watch: Watch) => Promise<T>,
        { refresh = false, events = [], cleanup = false }: { refresh?: boolean; events?: LifecycleEvent[]; cleanup?: boolean } = {},
    ): Promise<{ result: T; events: LifecycleEvent[] }> {
        // A cleanup runs even after an interrupt, and is not itself interrupted: it is what the interrupt waits for.
        const signal = cleanup ? undefined : this.signal;
        if (signal?.aborted) throw new Stop(EXIT.interrupted, `interrupted before ${label}`, "run the action again");
        const { progressLine } = await import("../../report/changes");
        const onEvent = (event: LifecycleEvent) => {
            events.push(event);
            const line = progressLine(event, refresh);
            if (line !== undefined) this.io.err(line);
        };
        try {
            const result = await this.audit.step(label, () => operation({ onEvent, ...(signal ? { signal } : {}) }));
            return { result, events };
        } catch (error) {
            if (signal?.aborted)
                throw new Stop(EXIT.interrupted, `interrupted during ${label}: Pulumi was asked to stop`, "check the stack (pulumi stack --show-urns) and run the action again");
            throw error;
        }
    }

    /**
     * `pulumi preview` with the policy pack: what the change will do, before anything changes. A
     * mandatory policy violation stops the action, as does any failure of the preview.
     */
    async previewChanges(stack: LifecycleStack, policyPack: string | undefined): Promise<ChangeSet> {
        const { changesOf } = await import("../../report/changes");
        const events: LifecycleEvent[] = [];
        try {
            await this.watch(`pulumi preview ${stack.name}${policyPack ? ` with policy pack ${policyPack}` : ""}`, (watch) => stack.preview(policyPack, watch), { events });
        } catch (error) {
            const violations = mandatoryViolations(events);
            if (violations.length > 0)
                throw new Stop(EXIT.refused, `the policy pack refuses the change: ${violations.join("; ")}`, "fix the config so that it passes the policy pack, then run again");
            throw error;
        }
        const changes = changesOf(events);
        const { create, update, replace, delete: deleted } = changes.counts;
        this.audit.decided(`preview: ${create} to create, ${update} to update, ${replace} to replace, ${deleted} to delete`);
        for (const change of changes.changes) this.audit.decided(`${change.kind} ${change.type} ${change.name}${change.disruption ? ` (${change.disruption})` : ""}`);
        return changes;
    }

    /** Confirmation, or --force; stops the action when refused. */
    confirm(what: string): Promise<void> {
        return confirmChange(this.io, this.audit, this.options.force, what, this.target.stackName);
    }
}

/** The mandatory policy violations among engine events, one line each. */
function mandatoryViolations(events: readonly LifecycleEvent[]): string[] {
    return events.flatMap((event) =>
        event.policyEvent && event.policyEvent.enforcementLevel === "mandatory" ? [`${event.policyEvent.policyName}: ${event.policyEvent.message.trim()}`] : [],
    );
}

/**
 * Runs one lifecycle action: audited (and entitlement-checked), config validated, project found;
 * then `body`. Its {@link Stop}s and Pulumi failures become one clear message and their exit code;
 * SIGINT and SIGTERM abort the running Pulumi operation and end the action, logged.
 */
export function lifecycleAction(
    action: string,
    file: string,
    options: LifecycleOptions,
    io: Io,
    body: (run: LifecycleRun) => Promise<number>,
    extra?: () => Extra,
): Promise<number> {
    return audited(
        action,
        io,
        options,
        async (audit) => {
            const prepared = prepare(file, options, io, audit, extra?.());
            if (!isPrepared(prepared)) return prepared;
            const controller = new AbortController();
            const stopListening = io.onInterrupt((signal) => {
                audit.decided(`interrupted by ${signal}: stopping the running Pulumi operation`);
                controller.abort();
            });
            const name = prepared.set.setName;
            try {
                return { code: await body(new LifecycleRun(prepared, audit, io, options, controller.signal)), subject: prepared.subject };
            } catch (error) {
                const stop = error instanceof Stop ? error : error instanceof PulumiFailure ? new Stop(EXIT.failed, error.message, error.fix) : undefined;
                if (!stop) throw error;
                audit.decided(`stopped (exit ${stop.code}): ${stop.message}`);
                printStop(io, options, name, prepared.target.stackName, stop.code, stop.message, stop.fix);
                return { code: stop.code, subject: prepared.subject };
            } finally {
                stopListening();
            }
        },
        subjectOf({}, file),
    );
}
