/**
 * A record's own value for a key, never one inherited from Object.prototype: a tier may be named
 * `constructor`, and `record["constructor"]` would otherwise be a function.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
    return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
