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

/**
 * Values the SDK's proxy has refused to read as unknown. The proxy decides by the value alone (it
 * compares it with its sentinels), so a value it refused once it refuses everywhere: reading it
 * again would only build and throw another error, which costs more than the rest of the read. The
 * value is taken from the target, beneath the proxy, with `Object.getOwnPropertyDescriptor`, which
 * the proxy does not intercept; a value never refused is still read through the proxy. Such a
 * value is one of the SDK's sentinels, so it reads as unknown in plain props too.
 */
const refused = new Set<unknown>();

function read(source: Record<string | number, unknown>, key: string | number): unknown {
    const beneath = Object.getOwnPropertyDescriptor(source, key)?.value;
    if (refused.has(beneath)) return UNKNOWN;
    try {
        return snapshot(source[key]);
    } catch (error) {
        if (!(error instanceof UnknownValueError)) throw error;
        // Remembered only when the refused value is the field's own (a sentinel), never one found deeper.
        if ((error as UnknownValueError & { unknownTypeSentinel?: unknown }).unknownTypeSentinel === beneath) refused.add(beneath);
        return UNKNOWN;
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

/**
 * A deep copy of plain data, made of arrays and plain objects alone, values taken as they are (no
 * proxy is read through, no unknown marked). A cache keeps such a copy of what it compares with, so
 * that nothing its caller changes afterwards changes what the cache holds.
 */
export function plainCopy(value: unknown): unknown {
    if (Array.isArray(value)) return Array.from(value, plainCopy);
    if (value !== null && typeof value === "object") {
        const source = value as Record<string, unknown>;
        return Object.fromEntries(Object.keys(source).map((key) => [key, plainCopy(source[key])]));
    }
    return value;
}

/**
 * Whether two values hold the same data: arrays of the same length, objects with the same keys in
 * the same order, and equal leaves (`Object.is`, so `NaN` equals itself and `0` differs from `-0`).
 * What reads plain data (a snapshot, a policy's settings) reads the same from either.
 */
export function sameValues(a: unknown, b: unknown): boolean {
    if (Object.is(a, b)) return true;
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
        for (let index = 0; index < a.length; index++) if (!sameValues(a[index], b[index])) return false;
        return true;
    }
    if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
    const keys = Object.keys(a);
    const others = Object.keys(b);
    return (
        keys.length === others.length && keys.every((key, index) => key === others[index] && sameValues((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
    );
}

/**
 * A props object's values as they lie beneath the SDK's proxy, key by key in order: the proxy does
 * not intercept `Object.getOwnPropertyDescriptor`, so they come unwrapped and unchecked, with no
 * proxy or error built. Undefined when a property is an accessor, which only a read can run.
 */
function beneath(props: object): [string, unknown][] | undefined {
    const values: [string, unknown][] = [];
    for (const key of Object.keys(props)) {
        const descriptor = Object.getOwnPropertyDescriptor(props, key);
        if (!descriptor || !("value" in descriptor)) return undefined;
        values.push([key, descriptor.value]);
    }
    return values;
}

/** The last snapshot taken of each resource, by URN, with a copy of the values it was taken from. */
const taken = new Map<string, { readonly values: unknown; readonly props: Record<string, unknown> }>();

/**
 * A resource's props as {@link propsOf} reads them, read once for every policy. The SDK hands each
 * policy its own copy of the props, behind its own proxy, so a snapshot per props object is taken
 * again by each policy. The snapshot is kept by URN instead, with a copy of the values beneath the
 * proxy it was taken from, and given again to a later copy whose values are the same: the proxy
 * decides what is unknown by the value alone, so the same values make the same snapshot. One entry
 * per resource the process has read: a pack process lives for one preview or update.
 */
export function resourceProps(resource: { readonly urn: string; readonly props: object }): Record<string, unknown> {
    const copy = copies.get(resource.props);
    if (copy) return copy;
    const values = beneath(resource.props);
    const last = taken.get(resource.urn);
    if (values && last && sameValues(values, last.values)) {
        copies.set(resource.props, last.props);
        return last.props;
    }
    const props = propsOf(resource.props);
    if (values) taken.set(resource.urn, { values: plainCopy(values), props });
    return props;
}
