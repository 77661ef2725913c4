import * as pulumi from "@pulumi/pulumi";
import { CODES, errorAt, Finding, formatPath, PathSegment } from "sg-provisioner-core";

/** Field paths of component args that hold an Output, an unknown or a promise. */
function pendingPaths(value: unknown, at: readonly PathSegment[] = []): string[] {
    if (pulumi.Output.isInstance(value) || pulumi.isUnknown(value) || value instanceof Promise) return [formatPath(at)];
    if (Array.isArray(value)) return value.flatMap((item, index) => pendingPaths(item, [...at, index]));
    if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => pendingPaths(item, [...at, key]));
    return [];
}

/**
 * One finding per arg that is not a plain value. Through Construct (Pulumi YAML, Python, ...) a
 * value computed by another resource, or marked secret, arrives as an Output; the set's resource
 * names and rules are decided from the args before anything deploys, so they cannot wait for one.
 */
export function pendingValueFindings(args: unknown): Finding[] {
    return pendingPaths(args).map((at) =>
        errorAt(
            undefined,
            at,
            CODES.pendingValue,
            "an output of another resource, or a secret, where a plain value is needed: the set's resource names and rules are decided from its config before anything deploys, so they cannot wait for a value",
            "pass the value itself (a literal or plain stack config), not another resource's output, and do not mark it secret",
        ),
    );
}
