// Lint for correctness, not looks (Prettier owns layout): typescript-eslint's recommended rules on
// every TypeScript file of the workspace.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["**/node_modules/**", "provider/dist/**", "test-output/**", "reports/**", "templates/**", "**/*.js", "**/*.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            // Unused names are an error, except `_`-prefixed ones kept to document a signature.
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
            eqeqeq: ["error", "always"],
        },
    },
);
