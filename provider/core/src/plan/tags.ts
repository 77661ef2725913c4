import { Finding, errorAt } from "../rules/finding";
import { CODES } from "../rules/codes";
import { describeCharacter, formatPath, listSome, quote } from "../util/text";

/**
 * The characters AWS allows in tag keys and values: letters and digits of any script, the space,
 * and `_ . : / = + - @`. EC2 is laxer, but the SSM parameters carry the same tags and refuse the
 * others at deploy. Of AWS's whitespace only the plain space is allowed here: a no-break space or a
 * line separator looks like a space, or like nothing, in every review.
 */
const TAG_CHARACTER = /[\p{L}\p{N} _.:/=+\-@]/u;
const TAG_TEXT = /^[\p{L}\p{N} _.:/=+\-@]*$/u;

/** How many refused characters a message names before it says how many more there are. */
const NAMED_CHARACTERS = 5;

const ALLOWED = "AWS allows letters, digits, spaces and _ . : / = + - @ in tag keys and values";

function refusedCharacters(text: string): string {
    const refused = [...new Set([...text].filter((character) => !TAG_CHARACTER.test(character)))];
    return listSome(refused.map(describeCharacter), NAMED_CHARACTERS);
}

/**
 * Tag keys and values with characters AWS refuses, each at its field: the key (found at the key)
 * or the value, naming every refused character with its code point. Lengths and the `aws:` prefix
 * are checked elsewhere (the schema, the reserved keys).
 */
export function tagCharacterFindings(tags: Readonly<Record<string, string>> | undefined, file: string | undefined): Finding[] {
    const findings: Finding[] = [];
    for (const [key, value] of Object.entries(tags ?? {})) {
        const path = formatPath(["tags", key]);
        if (!TAG_TEXT.test(key)) {
            const message = `tag key ${quote(key)} has characters AWS refuses: ${refusedCharacters(key)}`;
            findings.push(errorAt(file, path, CODES.badFormat, message, `${ALLOWED}; rename the key without the others`, key));
        }
        if (!TAG_TEXT.test(value)) {
            const message = `tag value ${quote(value)} has characters AWS refuses: ${refusedCharacters(value)}`;
            findings.push(errorAt(file, path, CODES.badFormat, message, `${ALLOWED}; rewrite the value without the others`, value));
        }
    }
    return findings;
}
