// Prints the suite's closing line, `summary: N passed, N failed[, N skipped]`, from vitest's JSON
// report plus the static checks, and exits non-zero when anything failed or nothing ran.
import { existsSync, readFileSync } from 'node:fs';

const [file, checksPassedArg, checksFailedArg, vitestStatusArg, failedChecks] = process.argv.slice(2);
let passed = Number(checksPassedArg);
let failed = Number(checksFailedArg);
let skipped = 0;
const skippedTests = [];
if (file && existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
        skippedTests.push(`${test.fullName}`);
      }
    }
    if (suite.status === 'failed' && suite.assertionResults.length === 0) failed += 1;
  }
} else {
  failed += 1;
  console.log('vitest: no report was written');
}
for (const name of skippedTests) console.log(`skipped: ${name}`);
if (failedChecks) console.log(`failed checks: ${failedChecks}`);
const ran = passed + failed;
console.log(`summary: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || Number(vitestStatusArg) !== 0 || ran === 0 ? 1 : 0);
