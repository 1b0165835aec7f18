// Sums Vitest JSON reports into the one closing line CI reads: "N passed, N failed, N skipped".
// A missing or unreadable report counts as a failure, so a run that crashed early cannot pass.
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.numTotalTestSuites === 0 || report.numTotalTests === 0) failed += 1;
  } catch {
    console.error(`missing or unreadable test report: ${file}`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
