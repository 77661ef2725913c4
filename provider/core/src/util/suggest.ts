import { closest, distance } from "fastest-levenshtein";

/**
 * The candidate a typo most likely meant, if any is close enough to be a plausible typo: at most one
 * edit per three letters of the candidate (one at least), and no more edits than half the letters
 * typed. Short words are not matched to whatever else is short: "ap" is not a typo of "db".
 */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
    if (candidates.length === 0) return undefined;
    const best = closest(value, [...candidates]);
    const edits = distance(value, best);
    return edits <= Math.max(1, Math.floor(best.length / 3)) && edits * 2 <= value.length ? best : undefined;
}

/** "did you mean X?" or a list of what is allowed. */
export function suggestion(value: string, candidates: readonly string[], noun: string): string {
    const best = didYouMean(value, candidates);
    const list = candidates.join(", ");
    return best ? `did you mean ${best}? (${noun}: ${list})` : `use one of the ${noun}: ${list}`;
}
