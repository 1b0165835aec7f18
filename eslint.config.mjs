// ESLint flat config: Next's core-web-vitals and TypeScript rules, plus the layering rule from
// STYLE.md (framework-free lib/<domain> code never imports Next, React or next-auth).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const frameworkImports = {
  patterns: [
    {
      group: ["next", "next/*", "next-auth", "next-auth/*", "react", "react-dom"],
      message: "lib/<domain> stays framework-free (STYLE.md §1).",
    },
    { group: ["@/app/*", "../app/*", "../../app/*"], message: "lib/ never imports app/." },
  ],
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", "next-env.d.ts", "test-results/**"],
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/auth/**", "lib/http/**"],
    rules: { "no-restricted-imports": ["error", frameworkImports] },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
