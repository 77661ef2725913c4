import { UnknownValueError } from "@pulumi/policy";

/**
 * Marks a value Pulumi cannot know during preview (an ID a resource gets when it is created).
 * The policy SDK throws on reading such a value; a policy that let it throw would report "can't
 * run during preview" for every rule that references a group. Reading props through
 * {@link snapshot} turns each unknown into this marker instead, so adapters decide what an
 * unknown means for the rule.
 */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

function read(source: Record<string | number, unknown>, key: string | number): unknown {
    try {
        return snapshot(source[key]);
    } catch (error) {
        if (error instanceof UnknownValueError) return UNKNOWN;
        throw error;
    }
}

/** A plain, deep copy of resource props (proxied by the SDK or not), with unknown values as {@link UNKNOWN}. */
export function snapshot(value: unknown): unknown {
    if (Array.isArray(value)) {
        return Array.from({ length: value.length }, (_, index) => read(value as unknown as Record<number, unknown>, index));
    }
    if (value !== null && typeof value === "object") {
        const source = value as Record<string, unknown>;
        return Object.fromEntries(Object.keys(source).map((key) => [key, read(source, key)]));
    }
    return value;
}

const copies = new WeakMap<object, Record<string, unknown>>();

/**
 * A resource's props as a plain snapshot, made once per props object: stack policies read the same
 * resource many times (to find its group, its ID, its rules).
 */
export function propsOf(props: object): Record<string, unknown> {
    let copy = copies.get(props);
    if (!copy) {
        copy = snapshot(props) as Record<string, unknown>;
        copies.set(props, copy);
    }
    return copy;
}
