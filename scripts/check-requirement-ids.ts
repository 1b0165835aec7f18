// `npm run check:requirements`: every requirement id the repository cites (`TE-07`, `SA-04`, …) must be
// defined in docs/requirements.md (a line `- **ID** — …`), and code must not point at documents
// outside the repository (other folders, an issue tracker). Prints `file:line: …` for each violation
// and exits 1; otherwise prints one summary line.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const REQUIREMENTS = "docs/requirements.md";
const SELF = "scripts/check-requirement-ids.ts";

/** What is scanned: the repository's own code and docs. */
const SCANNED_DIRS = ["lib/", "app/", "components/", "scripts/", "bench/", "tests/", "docs/"];
const SCANNED_FILES = new Set([
  "server.ts",
  "instrumentation.ts",
  "prisma/schema.prisma",
  "README.md",
  "CONTRIBUTING.md",
  "SECURITY.md",
  "eslint.config.mjs",
  "next.config.js",
]);
const EXCLUDED = [/(^|\/)node_modules\//, /^lib\/db\/generated\//, /(^|\/)package-lock\.json$/];
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|prisma|md|json|sh|css|sql|ya?ml)$/;
const CODE_FILE = /\.(ts|tsx|js|mjs|cjs|prisma)$/;

const ID = /\b([A-Z]{2,3})-(\d{2})\b/g;
/** `RV-01..RV-03` cites every id in between. */
const RANGE = /\b([A-Z]{2,3})-(\d{2})\s*(?:\.\.|–)\s*\1-(\d{2})\b/g;
/** Same shape, not requirement ids. */
const NOT_REQUIREMENTS = new Set(["CVE", "RFC", "SHA", "AES", "UTF", "ISO", "ES", "RS", "PS", "HS", "KC", "NA", "API"]);
const DEFINITION = /^- \*\*([A-Z]{2,3}-\d{2})\*\*/;

/** In code, these point at documents that are not in this repository. */
const OUTSIDE_REFERENCES: RegExp[] = [
  /\b(?:SPEC|STYLE|STACK|UX)\.md\b/g,
  /\.\.\/shared\b/g,
  /\bissues? #?\d+\b/gi,
  /\b(?:SPEC|STYLE|STACK|UX)\b(?!\.md)/g,
  /\bSECURITY\s+[A-Z]{2,3}-(?:\d{2}|\*)/g,
];

function repoFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = new Set(out.split("\0").filter(Boolean));
  return [...files]
    .filter((f) => SCANNED_FILES.has(f) || SCANNED_DIRS.some((d) => f.startsWith(d)))
    .filter((f) => f !== REQUIREMENTS && TEXT_FILE.test(f) && !EXCLUDED.some((re) => re.test(f)))
    .filter((f) => existsSync(path.join(ROOT, f)) && statSync(path.join(ROOT, f)).isFile())
    .sort();
}

function definedIds(): Set<string> {
  const file = path.join(ROOT, REQUIREMENTS);
  if (!existsSync(file)) {
    console.error(`${REQUIREMENTS} is missing`);
    process.exit(1);
  }
  const ids = new Set<string>();
  for (const [i, line] of readFileSync(file, "utf8").split("\n").entries()) {
    const id = DEFINITION.exec(line)?.[1];
    if (!id) continue;
    if (ids.has(id)) console.error(`${REQUIREMENTS}:${i + 1}: ${id} is defined twice`);
    ids.add(id);
  }
  return ids;
}

function citedIds(line: string): string[] {
  const ids: string[] = [];
  for (const [, prefix = "", number] of line.matchAll(ID)) {
    if (!NOT_REQUIREMENTS.has(prefix)) ids.push(`${prefix}-${number}`);
  }
  for (const [, prefix = "", first, last] of line.matchAll(RANGE)) {
    if (NOT_REQUIREMENTS.has(prefix)) continue;
    for (let n = Number(first) + 1; n < Number(last); n++) ids.push(`${prefix}-${String(n).padStart(2, "0")}`);
  }
  return ids;
}

const defined = definedIds();
const cited = new Set<string>();
const problems: string[] = [];

for (const file of repoFiles()) {
  const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
  const isCode = CODE_FILE.test(file) && file !== SELF;
  lines.forEach((line, i) => {
    for (const id of new Set(citedIds(line))) {
      cited.add(id);
      if (!defined.has(id)) problems.push(`${file}:${i + 1}: ${id}`);
    }
    if (!isCode) return;
    const outside = new Set(OUTSIDE_REFERENCES.flatMap((re) => [...line.matchAll(re)].map((m) => m[0])));
    for (const ref of outside) problems.push(`${file}:${i + 1}: "${ref}" refers to a document outside the repository`);
  });
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(
    `\n${problems.length} problem(s). Cite only ids defined in ${REQUIREMENTS} (define new ones there), ` +
      "and describe the requirement instead of pointing outside the repository.",
  );
  process.exit(1);
}
console.log(`${cited.size} ids cited, all defined (${defined.size} defined in ${REQUIREMENTS})`);
