// ErrorObject is a type, so the compiled code never loads "ajv" itself; the generated validators
// require only its small run-time helpers (ajv/dist/runtime/*), which is why ajv stays a dependency.
import { ErrorObject } from "ajv";

/** A validator of Ajv's standalone code: true when the data fits; otherwise `errors` holds why. */
export interface SchemaValidator {
    (data: unknown): boolean;
    errors?: ErrorObject[] | null;
}

/** The generated module's exports, named as in scripts/schema-compiler.js (VALIDATOR_IDS). */
export interface SchemaValidators {
    readonly config: SchemaValidator;
    readonly scenario: SchemaValidator;
    readonly stackOutputs: SchemaValidator;
}

let loaded: SchemaValidators | undefined;

/**
 * The schemas' validators, compiled at build time by scripts/generate-schema-validators.js into
 * dist/config, so no process loads Ajv's compiler or compiles a schema. Loaded on first use: importing
 * the core for its rules alone (the policy pack does) costs nothing. The path works from dist/config
 * and from src/config (the tests run the sources with ts-node): both are two levels below the package root.
 */
export function schemaValidators(): SchemaValidators {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated JavaScript, typed by SchemaValidators above
    return (loaded ??= require("../../dist/config/standalone-validators.js"));
}
