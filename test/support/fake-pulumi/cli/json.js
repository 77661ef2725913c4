"use strict";
// JSON as the CLI prints it (pkg/cmd/pulumi/ui/json.go FprintJSON): two-space indent, no HTML
// escaping, a trailing newline. Go writes a map's keys sorted and a struct's fields in declaration
// order, so maps are sorted where they are built (sortKeysDeep) and structs built in field order.

function sortKeysDeep(value) {
    if (Array.isArray(value)) return value.map(sortKeysDeep);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((key) => [key, sortKeysDeep(value[key])]),
        );
    }
    return value;
}

/** @param {unknown} value @param {number} [indent] 2 as FprintJSON; `stack export` indents by 4. */
function printJson(value, indent = 2) {
    return `${JSON.stringify(value, null, indent)}\n`;
}

module.exports = { sortKeysDeep, printJson };
