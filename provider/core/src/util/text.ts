/**
 * Code-unit order, not `localeCompare`: sorted output must be identical on every machine.
 */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * `["overrides", "tiers", "app", "ingress", 1, "port"]` as `overrides.tiers.app.ingress[1].port`.
 * Keys that are not plain words (a tag key such as `app.kubernetes.io/name`) are quoted:
 * `tags["app.kubernetes.io/name"]`, so that {@link parsePath} can always reverse it.
 */
export function formatPath(segments: readonly PathSegment[]): string {
    return segments
        .map((segment, index) => {
            if (typeof segment === "number") return `[${segment}]`;
            if (!PLAIN_KEY.test(segment)) return `[${JSON.stringify(segment)}]`;
            return index === 0 ? segment : `.${segment}`;
        })
        .join("");
}

const TOKEN = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** The inverse of {@link formatPath}. */
export function parsePath(path: string): PathSegment[] {
    const segments: PathSegment[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < path.length) {
        const match = TOKEN.exec(path);
        if (!match) throw new Error(`not a field path: ${path}`);
        segments.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]) as string)));
    }
    return segments;
}

/** `1 rule`, `3 rules`: English plurals of the regular kind, which are all this tool prints. */
export function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
