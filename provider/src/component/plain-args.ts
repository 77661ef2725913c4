import * as pulumi from "@pulumi/pulumi";
import { PathSegment, formatPath } from "../util/text";

/**
 * Field paths of component args that hold an Output or a promise. Through Construct (Pulumi YAML,
 * Python, ...) a value computed by another resource, or marked secret, arrives as an Output; the
 * set's resource names and rules are decided from the args before anything deploys, so they must
 * be plain values.
 */
export function pendingPaths(value: unknown, at: readonly PathSegment[] = []): string[] {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) return [formatPath(at)];
    if (Array.isArray(value)) return value.flatMap((item, index) => pendingPaths(item, [...at, index]));
    if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => pendingPaths(item, [...at, key]));
    return [];
}
