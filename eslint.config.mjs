// Lint for correctness, not looks (Prettier owns layout): typescript-eslint's recommended rules on
// every TypeScript file of the workspace, and the layers kept apart.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** What each layer must not import: the core stands on nothing of Pulumi or the CLI; nothing imports upward. */
const LAYERS = [
    {
        files: ["provider/core/**/*.ts"],
        forbidden: ["@pulumi/*", "sg-provisioner", "sg-provisioner-cli", "commander", "@dagrejs/dagre", "picocolors", "escape-html", "**/component/**", "**/cli/**"],
        message: "sg-provisioner-core is pure and Pulumi-free: the component, the CLI and the policy pack stand on it, never the reverse",
    },
    {
        files: ["provider/component/**/*.ts"],
        forbidden: ["sg-provisioner-cli", "commander", "@dagrejs/dagre", "**/cli/**", "**/core/src/**"],
        message: "the component stands on sg-provisioner-core, by name, and never on the CLI",
    },
    {
        // Pulumi is reached only through engine/ (the offline engine for plan, the Automation API for
        // the lifecycle actions), loaded on use with import() (test/cli.test.ts records the modules
        // validate-config loads). A static import of the engine, the component or Pulumi anywhere
        // else would load the SDK with every command; a type import loads nothing.
        files: ["provider/cli/src/**/*.ts"],
        ignores: ["provider/cli/src/engine/**"],
        forbidden: ["@pulumi/*", "sg-provisioner", "**/engine/**"],
        allowTypeImports: true,
        message: "Pulumi is loaded only through engine/, with import() when a command needs it; validate-config and the reports never load it",
    },
    {
        files: ["policypack/**/*.ts"],
        forbidden: ["sg-provisioner", "sg-provisioner-cli", "@pulumi/aws", "**/provider/**"],
        message: "the policy pack stands on sg-provisioner-core alone",
    },
];

export default tseslint.config(
    { ignores: ["**/node_modules/**", "provider/*/dist/**", "test-output/**", "reports/**", "templates/**", "**/*.js", "**/*.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            // Unused names are an error, except `_`-prefixed ones kept to document a signature.
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
            eqeqeq: ["error", "always"],
        },
    },
    ...LAYERS.map(({ files, ignores = [], forbidden, allowTypeImports = false, message }) => ({
        files,
        ignores,
        rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ group: forbidden, message, allowTypeImports }] }] },
    })),
);
