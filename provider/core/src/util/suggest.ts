import { closest, distance } from "fastest-levenshtein";

/** The candidate a typo most likely meant, if any is close enough to be a plausible typo. */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
    if (candidates.length === 0) return undefined;
    const best = closest(value, [...candidates]);
    return distance(value, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** "did you mean X?" or a list of what is allowed. */
export function suggestion(value: string, candidates: readonly string[], noun: string): string {
    const best = didYouMean(value, candidates);
    const list = candidates.join(", ");
    return best ? `did you mean ${best}? (${noun}: ${list})` : `use one of the ${noun}: ${list}`;
}
