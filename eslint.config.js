// ESLint (flat config): typescript-eslint's recommended rules over the TypeScript and JavaScript the
// project writes. Layout is Prettier's (.prettierrc.json, `npm run lint` checks both), so no stylistic
// rules here.
"use strict";
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const globals = require("globals");

module.exports = tseslint.config(
    { ignores: ["node_modules/", "bin/", "lib/", "**/*.d.ts"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node, ...globals.mocha } },
        rules: {
            // Objects of the Kubernetes API, of the engine's state and of Helm values are untyped JSON here;
            // the code narrows what it reads where it reads it, so `any` at those edges stays allowed.
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            // Prettier wraps code at 150; what it cannot wrap (messages, templates, regexes) may run longer.
            "max-len": ["error", { code: 150, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
        },
    },
    {
        // Plain Node scripts (launcher, reporter, pack script, this file) are CommonJS.
        files: ["**/*.js"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
