// ESLint for the whole repository: typescript-eslint's type-aware recommended rules, the
// imports every package declares (eslint-plugin-n), and no formatting rules (prettier owns
// layout: `npm run lint` runs both).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import n from "eslint-plugin-n";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: ["**/dist/**", "**/node_modules/**", "coverage/**", ".bench-tmp/**", ".ci/.cache/**"],
    },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            globals: { ...globals.node },
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { n },
        rules: {
            // Every import must be declared by the nearest package.json: a test importing a
            // package that only @pulumi/pulumi happens to pull in breaks on the next upgrade.
            "n/no-extraneous-import": "error",
            "n/no-extraneous-require": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
        },
    },
    {
        files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
        ...tseslint.configs.disableTypeChecked,
    },
    {
        // The .js and .cjs files are CommonJS scripts (the packages have no "type": "module"), and a
        // preload for `node --require`: `require` is how they import, not a TypeScript-era leftover.
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs" },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    prettier,
);
