import * as pulumi from "@pulumi/pulumi";
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

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(each: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

type RegisterCallback = (error: unknown, response?: { getUrn(): string }) => void;

type MockMonitor = {
    getRegisteredResources(): Map<string, unknown>;
    registerResource(request: RegisterRequest, callback: RegisterCallback): unknown;
};

type EngineView = Pick<RegisteredResource, "dependencies" | "propertyDependencies" | "parent"> & { urn?: string };

/** The URNs the mock engine holds, one per distinct resource. */
export function registeredUrns(): string[] {
    return [...(pulumi.runtime.getMonitor() as unknown as MockMonitor).getRegisteredResources().keys()];
}

/**
 * Runs the real component under Pulumi's in-process mock engine: no CLI, no credentials, no
 * network. Every registration is recorded with its inputs. Mocks silently overwrite a resource
 * whose URN repeats, so the URNs are counted here and a repeat is an error.
 */
export async function runOffline(name: string, args: TieredSecurityGroupsArgs): Promise<RegisteredResource[]> {
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
    // The mocks never see dependencies, parents or URNs; the monitor's requests and responses carry them.
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
        const propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => (propertyDependencies[key] = value.getUrnsList()));
        const view: EngineView = { dependencies: request.getDependenciesList(), propertyDependencies, parent: request.getParent() };
        engineViews.set(`${request.getType()}::${request.getName()}`, view);
        return register(request, (error, response) => {
            if (response) view.urn = response.getUrn();
            callback(error, response);
        });
    };
    const component = new TieredSecurityGroups(name, args);
    await component.urn;
    // Not in the SDK's typings, but what the language host itself awaits before it exits.
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    const urns = registeredUrns();
    if (urns.length !== recorded.length) {
        const seen = new Set<string>();
        const repeated = recorded.map((resource) => `${resource.type}::${resource.name}`).filter((key) => (seen.has(key) ? true : (seen.add(key), false)));
        throw new Error(`duplicate resource URNs: ${recorded.length} registrations but ${urns.length} distinct URNs (${repeated.join(", ")})`);
    }
    return recorded.map((resource) => {
        const view = engineViews.get(`${resource.type}::${resource.name}`);
        return { ...resource, dependencies: view?.dependencies ?? [], propertyDependencies: view?.propertyDependencies ?? {}, parent: view?.parent ?? "", urn: view?.urn ?? "" };
    });
}
