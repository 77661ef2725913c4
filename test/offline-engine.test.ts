import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_MONITOR_INTERNAL, asMockMonitor, observeRegistrations } from "../provider/cli/src/engine/offline";

const THING = "test:index:Thing";
const GROUP = "test:index:Group";
const urn = (type: string, name: string) => `urn:pulumi:stack::project::${type}::${name}`;

/** The smallest resources the SDK will register: a custom resource and a component. */
class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(THING, name, props, opts);
    }
}

class Group extends pulumi.ComponentResource {
    constructor(name: string) {
        super(GROUP, name, {});
        this.registerOutputs({});
    }
}

/** Echoes inputs as state, with an ID for custom resources: only the public mock API. */
const mocks: pulumi.runtime.Mocks = {
    newResource: (resource) => ({ id: resource.custom === false ? undefined : `${resource.name}-id`, state: resource.inputs }),
    call: (call) => call.inputs,
};

/** What the offline engine reads from a registration request, with the URN the mock monitor answered. */
interface Seen {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly parent: string;
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
}

/** Starts a fresh mock engine and observes every registration through engine/offline.ts's one SDK internal. */
async function observed(): Promise<{ seen: Seen[]; monitor: ReturnType<typeof observeRegistrations> }> {
    await pulumi.runtime.setMocks(mocks, "project", "stack", true);
    const seen: Seen[] = [];
    const monitor = observeRegistrations((request, answered) => {
        const propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => (propertyDependencies[key] = value.getUrnsList()));
        seen.push({
            type: request.getType(),
            name: request.getName(),
            urn: answered,
            parent: request.getParent(),
            dependencies: [...request.getDependenciesList()].sort(),
            propertyDependencies,
        });
    });
    return { seen, monitor };
}

const byName = (seen: readonly Seen[]) => [...seen].sort((a, b) => a.name.localeCompare(b.name));

/** Every failure here says which SDK internal broke, so an SDK upgrade that breaks it fails loudly. */
const broken = (what: string) => `SDK internal used by engine/offline.ts broke (${what}): ${MOCK_MONITOR_INTERNAL}`;

describe("the offline engine's one SDK internal: the mock monitor's registerResource", () => {
    it("after setMocks, getMonitor() is a mock monitor with registerResource and getRegisteredResources", async () => {
        await pulumi.runtime.setMocks(mocks, "project", "stack", true);
        const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, unknown>;
        assert.equal(typeof monitor?.registerResource, "function", broken("no registerResource"));
        assert.equal(typeof monitor?.getRegisteredResources, "function", broken("no getRegisteredResources"));
        assert.doesNotThrow(() => asMockMonitor(monitor), broken("asMockMonitor refuses the SDK's own mock monitor"));
    });

    it("sees every registration with its parent, dependencies, property dependencies and answered URN", async () => {
        const { seen, monitor } = await observed();
        const group = new Group("group");
        const first = new Thing("first", { size: 1 }, { parent: group });
        const other = new Thing("other", {});
        new Thing("second", { ref: first.id, size: 2 }, { parent: group, dependsOn: [other] });
        await pulumi.runtime.disconnect();
        const parented = `${GROUP}$${THING}`;
        assert.deepEqual(
            byName(seen),
            [
                { type: THING, name: "first", urn: urn(parented, "first"), parent: urn(GROUP, "group"), dependencies: [], propertyDependencies: { size: [] } },
                { type: GROUP, name: "group", urn: urn(GROUP, "group"), parent: "", dependencies: [], propertyDependencies: {} },
                { type: THING, name: "other", urn: urn(THING, "other"), parent: "", dependencies: [], propertyDependencies: {} },
                {
                    type: THING,
                    name: "second",
                    urn: urn(parented, "second"),
                    parent: urn(GROUP, "group"),
                    dependencies: [urn(parented, "first"), urn(THING, "other")].sort(),
                    propertyDependencies: { ref: [urn(parented, "first")], size: [] },
                },
            ],
            broken("the registration requests no longer carry what the offline engine records"),
        );
        assert.deepEqual(
            [...monitor.getRegisteredResources().keys()].sort(),
            seen.map((each) => each.urn).sort(),
            broken("getRegisteredResources no longer holds the URNs registerResource answered"),
        );
    });

    it("refuses, naming the internal, a monitor that lacks it", () => {
        assert.throws(
            () => asMockMonitor(undefined),
            (error: Error) => error.message.includes(MOCK_MONITOR_INTERNAL) && /registerResource or getRegisteredResources/.test(error.message),
        );
        assert.throws(
            () => asMockMonitor({ registerResource: () => undefined }),
            (error: Error) => error.message.includes("engine/offline.ts") && /has no getRegisteredResources$/.test(error.message),
        );
    });
});

describe("the offline engine's completion: the public pulumi.runtime.disconnect()", () => {
    it("returns only once a registration whose inputs resolve late has been answered", async () => {
        const { seen } = await observed();
        const late = new Promise<string>((resolve) => setTimeout(() => resolve("late"), 200));
        new Thing("late", { value: late });
        new Thing("early", { value: "early" });
        await pulumi.runtime.disconnect();
        assert.deepEqual(
            seen.map((each) => each.name),
            ["early", "late"],
            "pulumi.runtime.disconnect() no longer waits for pending registrations; engine/offline.ts would return too early",
        );
    });
});

describe("the offline engine's stack traces", () => {
    const ARGS = { client: "acme", environment: "dev", deployment: "c001", region: "us-east-1", vpc: { id: "vpc-0123456789abcdef0" }, scenario: "two-tier-web-app" };

    /**
     * Error.stackTraceLimit at each resource registration of an offline run (where the SDK formats a
     * stack for its promises), and after the run; the limit is 7 before it.
     */
    /** What the SDK's stack and promise settings are at each registration of an offline run, and after it. */
    interface Settings {
        readonly limit: number;
        readonly formatsStacks: boolean;
        readonly wrapsPromises: boolean;
    }

    async function settings(leakDebugging: boolean): Promise<{ during: Settings[]; after: Settings }> {
        const { runOffline } = await import("../provider/cli/src/engine/offline");
        // The SDK calls its registration and its promise wrapper through their modules' exports, so a wrapper sees each call.
        const sdk = (await import("@pulumi/pulumi/runtime/resource")) as unknown as { registerResource: (...args: unknown[]) => unknown };
        const debuggable = (await import("@pulumi/pulumi/runtime/debuggable")) as unknown as { debuggablePromise: unknown };
        const wrapper = debuggable.debuggablePromise;
        const register = sdk.registerResource;
        const saved = { limit: Error.stackTraceLimit, leaks: process.env.PULUMI_DEBUG_PROMISE_LEAKS };
        const now = (): Settings => ({ limit: Error.stackTraceLimit, formatsStacks: new Error("probe").stack !== "", wrapsPromises: debuggable.debuggablePromise === wrapper });
        const during: Settings[] = [];
        sdk.registerResource = (...args) => {
            during.push(now());
            return register(...args);
        };
        if (leakDebugging) process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
        else delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        Error.stackTraceLimit = 7;
        try {
            const resources = await runOffline("acme-dev-c001-sg", ARGS);
            assert.equal(during.length, resources.length);
            return { during: [...new Map(during.map((each) => [JSON.stringify(each), each])).values()], after: now() };
        } finally {
            sdk.registerResource = register;
            Error.stackTraceLimit = saved.limit;
            if (saved.leaks === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
            else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved.leaks;
        }
    }

    it("are off while the SDK registers resources (stacks formatted for every promise were most of a large plan's CPU), and back after", async () => {
        assert.deepEqual(await settings(false), {
            during: [{ limit: 0, formatsStacks: false, wrapsPromises: false }],
            after: { limit: 7, formatsStacks: true, wrapsPromises: true },
        });
    });

    it("the SDK wraps its promises through the debuggable module's exports (the internal the offline engine replaces)", async () => {
        const debuggable = (await import("@pulumi/pulumi/runtime/debuggable")) as unknown as { debuggablePromise: (...args: unknown[]) => unknown };
        const wrapper = debuggable.debuggablePromise;
        let calls = 0;
        debuggable.debuggablePromise = (...args) => {
            calls += 1;
            return wrapper(...args);
        };
        try {
            await observed();
            new Thing("wrapped", { value: "x" });
            await pulumi.runtime.disconnect();
        } finally {
            debuggable.debuggablePromise = wrapper;
        }
        assert.ok(calls > 0, "the SDK no longer calls debuggablePromise through its module's exports: engine/offline.ts's replacement has no effect (plans are slower, not wrong)");
    });

    it("one run at a time: a second while one is under way is refused, and the limit is restored once", async () => {
        const { runOffline } = await import("../provider/cli/src/engine/offline");
        const saved = Error.stackTraceLimit;
        Error.stackTraceLimit = 7;
        try {
            const first = runOffline("acme-dev-c001-sg", ARGS);
            await assert.rejects(runOffline("acme-dev-c001-sg", ARGS), {
                message: "an offline run is already under way: the SDK's mocks are global, so runs must follow one another",
            });
            assert.equal((await first).length > 0, true);
            assert.equal(Error.stackTraceLimit, 7);
        } finally {
            Error.stackTraceLimit = saved;
        }
    });

    it("stay on with PULUMI_DEBUG_PROMISE_LEAKS, the one setting that prints them", async () => {
        assert.deepEqual(await settings(true), {
            during: [{ limit: 7, formatsStacks: true, wrapsPromises: true }],
            after: { limit: 7, formatsStacks: true, wrapsPromises: true },
        });
    });
});
