import { IamPolicyDocument, IamStatement } from "../../provider/cli/src/iam/policy";

/**
 * Just enough of IAM's policy evaluation to show which requests a create-policy document allows:
 * Allow statements (the document has no Deny), actions by exact name, Resource patterns with `*` and
 * `?`, and the condition operators the document uses. Anything else throws, so that a new operator
 * in the policy cannot be misjudged here in silence.
 *
 * As in IAM: condition key names compare without regard to case; every operator of a statement, and
 * every key of an operator, must hold; a single-valued key absent from the request fails a positive
 * operator; `ForAllValues:` holds when every value of a multivalued key (aws:TagKeys) matches, and
 * when the key is absent or empty; a negated operator (`StringNot…`) holds for a value that matches
 * none of the policy's values; `Null` holds for "true" when the key is absent, for "false" when present.
 */

/** What a request carries: the action, one resource's ARN, and the condition keys with their values. */
export interface IamRequest {
    readonly action: string;
    readonly resource: string;
    readonly context: Readonly<Record<string, string | readonly string[]>>;
}

/** Whether an IAM Resource pattern matches an ARN: `*` any run of characters (slashes too), `?` any one. */
export function arnMatches(pattern: string, arn: string): boolean {
    const regex = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${regex}$`).test(arn);
}

/** How one request value compares with one policy value, for each base operator the policy uses. */
const BASE_OPERATORS: Readonly<Record<string, (value: string, pattern: string) => boolean>> = {
    StringEquals: (value, pattern) => value === pattern,
    StringEqualsIgnoreCase: (value, pattern) => value.toLowerCase() === pattern.toLowerCase(),
    StringLike: (value, pattern) => arnMatches(pattern, value),
};

const NEGATED: Readonly<Record<string, string>> = { StringNotEquals: "StringEquals", StringNotEqualsIgnoreCase: "StringEqualsIgnoreCase", StringNotLike: "StringLike" };

function lookup(context: IamRequest["context"], key: string): readonly string[] | undefined {
    const found = Object.keys(context).find((name) => name.toLowerCase() === key.toLowerCase());
    if (found === undefined) return undefined;
    const value = context[found];
    return typeof value === "string" ? [value] : value;
}

function conditionHolds(operator: string, key: string, policyValues: readonly string[], context: IamRequest["context"]): boolean {
    // Null: "true" holds when the key is absent, "false" when it is present.
    if (operator === "Null") return policyValues.every((wanted) => (lookup(context, key) === undefined) === (wanted === "true"));
    const [qualifier, base] = operator.includes(":") ? operator.split(":") : [undefined, operator];
    const positive = BASE_OPERATORS[NEGATED[base] ?? base];
    if (!positive || (qualifier !== undefined && qualifier !== "ForAllValues")) throw new Error(`the evaluator does not know the condition operator ${operator}`);
    const matches = (value: string) => {
        const any = policyValues.some((pattern) => positive(value, pattern));
        return NEGATED[base] ? !any : any;
    };
    const values = lookup(context, key);
    if (qualifier === "ForAllValues") return (values ?? []).every(matches);
    if (values === undefined) return false;
    if (values.length !== 1) throw new Error(`${key} has ${values.length} values; only a ForAllValues: operator takes a multivalued key`);
    return matches(values[0]);
}

function statementAllows(statement: IamStatement, request: IamRequest): boolean {
    if (!statement.Action.includes(request.action)) return false;
    if (!statement.Resource.some((pattern) => arnMatches(pattern, request.resource))) return false;
    return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, value]) => conditionHolds(operator, key, typeof value === "string" ? [value] : value, request.context)),
    );
}

/** The Sids of the statements that allow the request; empty when the policy denies it. */
export function allowingStatements(policy: IamPolicyDocument, request: IamRequest): string[] {
    return policy.Statement.filter((statement) => statementAllows(statement, request)).map((statement) => statement.Sid);
}
