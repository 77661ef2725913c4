import * as pulumi from "@pulumi/pulumi";
import * as sdkLog from "@pulumi/pulumi/log";
import * as sdkDebuggable from "@pulumi/pulumi/runtime/debuggable";
import { TieredSecurityGroups, TieredSecurityGroupsArgs } from "sg-provisioner";

/** One resource as `pulumi up` would register it: type token, logical name and inputs. */
export interface RegisteredResource {
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly inputs: Record<string, unknown>;
    /** URNs this resource depends on, as the SDK sent them to the engine. */
    readonly dependencies: readonly string[];
    /** The same, per input property: what the engine hands policy packs as `propertyDependencies`. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly urn: string;
    /** The parent's URN; empty for the stack's own children. */
    readonly parent: string;
}

export const OFFLINE_PROJECT = "sg-provisioner";
export const OFFLINE_STACK = "offline-plan";

/** Stand-ins for values only AWS can supply; they say what they stand for. */
export function placeholderId(name: string): string {
    return `(id of ${name})`;
}

export function placeholderParameter(parameter: string): string {
    return `(value of SSM parameter ${parameter})`;
}

/**
 * The SDK's promise wrapper, which its modules call through this module's exports: replaced for the
 * length of an offline run (see runOffline), pinned by test/offline-engine.test.ts. Should an SDK
 * release move it, the plan is only slower, not wrong.
 */
const debuggable = sdkDebuggable as { debuggablePromise: <T>(promise: Promise<T>, context: unknown) => Promise<T> };

/** A message the program logged through `pulumi.log` during an offline run, as `pulumi up` would show it among its diagnostics. */
export interface EngineMessage {
    readonly severity: "info" | "warning" | "error";
    readonly message: string;
    /** Logged on the component itself: its validation warnings, one per warning finding of the config. */
    readonly onComponent: boolean;
}

type Log = (message: string, resource?: unknown, ...rest: unknown[]) => Promise<void>;
/**
 * The SDK's log functions, which the SDK and the component call through this module's exports (as
 * `pulumi.log`): with no engine, as under mocks, they print straight to the console. Replaced for
 * the length of an offline run that asks for its messages (see runOffline), pinned by
 * test/plan-output.test.ts.
 */
const logger = sdkLog as unknown as Record<"info" | "warn" | "error", Log>;

type ResourceMonitor = NonNullable<ReturnType<typeof pulumi.runtime.getMonitor>>;
type RegisterArgs = Parameters<ResourceMonitor["registerResource"]>;
/** The resource-monitor protocol's registration request, typed by the SDK itself: parent, dependencies, property dependencies. */
export type RegisterResourceRequest = RegisterArgs[0];
type RegisterResourceResponse = Parameters<RegisterArgs[3]>[1];

/** What the offline engine needs of the SDK's mock monitor; both methods are declared on its `MockMonitor` class. */
export interface MockMonitor {
    registerResource(request: RegisterResourceRequest, callback: (error: unknown, response?: RegisterResourceResponse) => void): unknown;
    getRegisteredResources(): Map<string, unknown>;
}

/** The one SDK internal the offline engine relies on, as error messages and its test name it. */
export const MOCK_MONITOR_INTERNAL =
    "after pulumi.runtime.setMocks, pulumi.runtime.getMonitor() is the SDK's MockMonitor, and every resource registration goes through its registerResource(request, callback)";

/** `monitor` as the mock monitor the offline engine relies on; an SDK that changed it fails here, naming the internal. */
export function asMockMonitor(monitor: unknown): MockMonitor {
    const methods = monitor as Partial<Record<keyof MockMonitor, unknown>> | undefined;
    const missing = (["registerResource", "getRegisteredResources"] as const).filter((method) => typeof methods?.[method] !== "function");
    if (missing.length > 0) {
        throw new Error(
            `the @pulumi/pulumi SDK changed an internal the offline engine (engine/offline.ts) relies on: ${MOCK_MONITOR_INTERNAL}; the monitor has no ${missing.join(" or ")}`,
        );
    }
    return monitor as MockMonitor;
}

/**
 * The one SDK internal the offline engine uses, kept here alone and pinned by
 * test/offline-engine.test.ts. The public mock API (`Mocks.newResource`) is handed a resource's
 * type, name and inputs, never its URN, parent or dependencies; only the registration request the
 * SDK sends to the resource monitor carries them. So this wraps `registerResource` on the mock
 * monitor that `setMocks` just installed (the SDK takes the monitor from `getMonitor()` for each
 * registration) and hands `observe` every request with the URN the monitor answered. Returns that
 * monitor, whose `getRegisteredResources()` holds the URNs it answered.
 */
export function observeRegistrations(observe: (request: RegisterResourceRequest, urn: string) => void, failed: (error: Error) => void = () => undefined): MockMonitor {
    const monitor = asMockMonitor(pulumi.runtime.getMonitor());
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) =>
        register(request, (error, response) => {
            if (response) observe(request, response.getUrn());
            if (error) failed(error instanceof Error ? error : new Error(String(error)));
            callback(error, response);
        });
    return monitor;
}

type EngineView = Pick<RegisteredResource, "dependencies" | "propertyDependencies" | "parent" | "urn">;

function engineView(request: RegisterResourceRequest, urn: string): EngineView {
    const propertyDependencies: Record<string, string[]> = {};
    request.getPropertydependenciesMap().forEach((value, key) => (propertyDependencies[key] = value.getUrnsList()));
    return { dependencies: request.getDependenciesList(), propertyDependencies, parent: request.getParent(), urn };
}

const key = (type: string, name: string) => `${type}::${name}`;

/** The mock monitor of the latest offline run. */
let latestMonitor: MockMonitor | undefined;

/** The URNs the mock engine of the latest offline run holds, one per distinct resource. */
export function registeredUrns(): string[] {
    if (!latestMonitor) throw new Error("no offline run yet: registeredUrns() reads the mock engine of the latest runOffline");
    return [...latestMonitor.getRegisteredResources().keys()];
}

/**
 * Runs `construct` from a new turn of the event loop. The SDK records where each resource was
 * declared by formatting the whole call stack (it lifts the stack-trace limit for this) and parsing
 * every frame; called from deep inside the CLI, that stack is the command's whole chain of calls and
 * awaits, and formatting it was about 6% of a 100-set plan's CPU. From a fresh turn it holds only the
 * component's own frames. Nothing else runs meanwhile: the caller awaits it.
 */
function constructedOnAFreshStack<T>(construct: () => T): Promise<T> {
    return new Promise((resolve, reject) =>
        setImmediate(() => {
            try {
                resolve(construct());
            } catch (error) {
                reject(error);
            }
        }),
    );
}

/** Whether an offline run is under way: the SDK's mocks are one per process, so runs cannot overlap. */
let running = false;

/**
 * Runs the real component under Pulumi's in-process mock engine: no CLI, no credentials, no
 * network. Every registration is recorded with its inputs. Mocks silently overwrite a resource
 * whose URN repeats, so the URNs are counted here and a repeat is an error.
 * One run at a time (the mocks are global); a second while one is under way is refused.
 * With `log`, every message logged through `pulumi.log` (info, warning, error) during the run goes
 * to it instead of the console, where the SDK prints them when no engine runs.
 */
export async function runOffline(name: string, args: TieredSecurityGroupsArgs, options: { readonly log?: (message: EngineMessage) => void } = {}): Promise<RegisteredResource[]> {
    if (running) throw new Error("an offline run is already under way: the SDK's mocks are global, so runs must follow one another");
    running = true;
    const saved = {
        limit: Error.stackTraceLimit,
        prepare: Error.prepareStackTrace,
        debuggable: debuggable.debuggablePromise,
        log: { info: logger.info, warn: logger.warn, error: logger.error },
    };
    const log = options.log;
    if (log) {
        const routed =
            (severity: EngineMessage["severity"]): Log =>
            (message, resource) => {
                log({ severity, message, onComponent: resource instanceof TieredSecurityGroups });
                return Promise.resolve();
            };
        Object.assign(logger, { info: routed("info"), warn: routed("warning"), error: routed("error") });
    }
    // The SDK wraps every promise it makes (several per resource) with a formatted stack trace and
    // leak bookkeeping, kept only for PULUMI_DEBUG_PROMISE_LEAKS to print, and formats a whole stack
    // for each resource's source position, which the mock engine drops: together over half of a
    // large plan's CPU. While the component runs, promises are left as they are, no stack is
    // captured (the limit is 0; the SDK lifts it for source positions) and every trace formats as
    // empty, so resources carry no source position. Errors raised meanwhile lose their trace, which
    // no message shows. With PULUMI_DEBUG_PROMISE_LEAKS set, all of it stays as the SDK has it.
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
        Error.stackTraceLimit = 0;
        Error.prepareStackTrace = () => "";
        if (typeof saved.debuggable === "function") debuggable.debuggablePromise = (promise) => promise;
    }
    try {
        return await runMocked(name, args);
    } finally {
        Error.stackTraceLimit = saved.limit;
        Error.prepareStackTrace = saved.prepare;
        debuggable.debuggablePromise = saved.debuggable;
        Object.assign(logger, saved.log);
        running = false;
    }
}

async function runMocked(name: string, args: TieredSecurityGroupsArgs): Promise<RegisteredResource[]> {
    const recorded: Omit<RegisteredResource, keyof EngineView>[] = [];
    const engineViews = new Map<string, EngineView>();
    await pulumi.runtime.setMocks(
        {
            newResource: (resource) => {
                recorded.push({ type: resource.type, name: resource.name, custom: resource.custom ?? true, inputs: resource.inputs });
                const state = resource.type === "aws:ec2/securityGroup:SecurityGroup" ? { ...resource.inputs, name: `${resource.inputs.namePrefix}(generated)` } : resource.inputs;
                return { id: resource.custom === false ? undefined : placeholderId(resource.name), state };
            },
            call: (call) => {
                if (call.token === "aws:ssm/getParameter:getParameter") {
                    return { ...call.inputs, id: call.inputs.name, type: "String", value: placeholderParameter(String(call.inputs.name)) };
                }
                throw new Error(`the offline plan has no stand-in for ${call.token}`);
            },
        },
        OFFLINE_PROJECT,
        OFFLINE_STACK,
        true,
    );
    const failures: Error[] = [];
    const monitor = observeRegistrations(
        (request, urn) => engineViews.set(key(request.getType(), request.getName()), engineView(request, urn)),
        (error) => failures.push(error),
    );
    latestMonitor = monitor;
    await constructedOnAFreshStack(() => new TieredSecurityGroups(name, args));
    // Public API: resolves once the SDK's queue of pending registrations (and the component's
    // outputs) has drained. Under mocks it closes nothing that the next setMocks does not reset.
    await pulumi.runtime.disconnect();
    // A registration the mock engine refused says why, rather than showing up as one never answered.
    if (failures.length > 0) throw failures[0];
    const urns = [...monitor.getRegisteredResources().keys()];
    if (urns.length !== recorded.length) {
        const seen = new Set<string>();
        const repeated = recorded.map((resource) => key(resource.type, resource.name)).filter((each) => (seen.has(each) ? true : (seen.add(each), false)));
        throw new Error(`duplicate resource URNs: ${recorded.length} registrations but ${urns.length} distinct URNs (${repeated.join(", ")})`);
    }
    const unanswered = recorded.filter((resource) => !engineViews.has(key(resource.type, resource.name)));
    if (unanswered.length > 0) {
        throw new Error(`the SDK's pending registrations drained before the mock engine answered ${unanswered.map((resource) => key(resource.type, resource.name)).join(", ")}`);
    }
    return recorded.map((resource) => ({ ...resource, ...(engineViews.get(key(resource.type, resource.name)) as EngineView) }));
}
