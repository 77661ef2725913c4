// Types of schema-compiler.js, for the tests that compare its fresh compile with the generated validators.
import type Ajv2020 from "ajv/dist/2020";
import type { CodeOptions, Options } from "ajv";

export declare const AJV_OPTIONS: Readonly<Options>;
export declare const VALIDATOR_IDS: Readonly<{ config: string; scenario: string; stackOutputs: string }>;
export declare function createSchemaCompiler(code?: CodeOptions): Ajv2020;
export declare function standaloneValidatorsCode(): string;
