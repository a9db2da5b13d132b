// Adds up the vitest JSON reports of every package and app into one closing line.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

let passed = 0
let failed = 0
let skipped = 0
const rows = []
for (const group of ['packages', 'apps', 'tests', 'bench', 'docs']) {
  if (!existsSync(group)) continue
  const dirs = group === 'bench' || group === 'docs' ? ['.'] : readdirSync(group)
  for (const dir of dirs) {
    const report = join(group, dir, 'test-results', 'vitest.json')
    if (!existsSync(report)) continue
    const data = JSON.parse(readFileSync(report, 'utf8'))
    passed += data.numPassedTests
    failed += data.numFailedTests
    skipped += data.numPendingTests + (data.numTodoTests ?? 0)
    rows.push(
      `${join(group, dir).padEnd(28)} ${data.numPassedTests} passed, ${data.numFailedTests} failed`,
    )
  }
}
console.log(rows.join('\n'))
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
if (passed === 0) {
  console.error('no test reports found: the test run executed nothing')
  process.exitCode = 1
}
