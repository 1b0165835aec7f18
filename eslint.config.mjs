// ESLint flat config: Next's core-web-vitals and TypeScript rules, plus the layering of
// docs/architecture.md: pages compose components, both call transports, transports call domains,
// never the reverse. Domain code stays framework-free (no Next, React or next-auth).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const FRAMEWORK = {
  group: ["next", "next/*", "next-auth", "next-auth/*", "react", "react-dom"],
  message: "lib/<domain> stays framework-free (docs/architecture.md).",
};
const APP = { group: ["@/app/*", "**/app/*"], message: "Only Next imports app/; server actions live in lib/actions." };
const TRANSPORTS = {
  group: [
    ...["api", "oauth", "http", "auth", "actions"].flatMap((t) => [`@/lib/${t}/*`, `../${t}/*`, `../../${t}/*`]),
    "**/runtime/start-runtime",
    "**/runtime/boot",
  ],
  message: "Domains never import a transport or the composition root (docs/architecture.md).",
};
const TRANSPORT_FOLDERS = ["api", "oauth", "http", "auth", "actions", "runtime", "openapi", "sdk"];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", "next-env.d.ts", "test-results/**"],
  },
  {
    files: ["lib/**/*.ts"],
    ignores: TRANSPORT_FOLDERS.map((t) => `lib/${t}/**`),
    rules: { "no-restricted-imports": ["error", { patterns: [FRAMEWORK, APP, TRANSPORTS] }] },
  },
  {
    files: TRANSPORT_FOLDERS.map((t) => `lib/${t}/**`),
    rules: { "no-restricted-imports": ["error", { patterns: [APP] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [APP] }] },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
