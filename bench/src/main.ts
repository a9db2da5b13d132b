// Runs every scenario for every contender and writes the results into the README, the chart
// and a JSON file. Usage: pnpm --filter @mediroutes/bench bench [-- --only fleet,expiry]
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { renderMarkdown } from './markdown-report.js'
import { replaceSection } from './readme-section.js'
import { type RedisProcess, startRedis } from './redis-process.js'
import type { Report, ScenarioResult } from './report.js'
import { runScenario } from './runner.js'
import { SCENARIOS } from './scenarios.js'
import { renderChart } from './svg-chart.js'
import { warmUp } from './warm-up.js'

const USAGE = `Usage: pnpm --filter @mediroutes/bench bench [-- --only <scenario,...> | --render-only]

Runs the peer comparison against the emulator and writes README.md (between the bench
markers), results/chart.svg and results/results.json. With --only, runs those scenarios
and prints the Markdown without writing anything. With --render-only, runs nothing and
rewrites the README section and the chart from results/results.json.

Scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`

const PEERS = ['openid-client', 'simple-oauth2', 'axios', 'axios-auth-refresh'] as const
const packageRoot = new URL('../', import.meta.url)
const RESULTS_JSON = new URL('results/results.json', packageRoot)

function peerVersions(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')) as {
    dependencies: Record<string, string>
  }
  return Object.fromEntries(PEERS.map((name) => [name, manifest.dependencies[name] ?? '?']))
}

/** The short hash of HEAD, or undefined outside a git checkout. */
function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}

function machine(): string {
  const all = cpus()
  return `${all.length} × ${all[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'}`
}

async function main(): Promise<void> {
  // `pnpm … bench -- --only x` hands the script a literal `--` first.
  const argv = process.argv.slice(2)
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      only: { type: 'string' },
      'render-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const only = values.only?.split(',').map((id) => id.trim())
  const unknown = only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? []
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}\n\n${USAGE}`)
    process.exit(2)
  }
  const log = (line: string) => console.error(line)
  if (values['render-only']) {
    // Presentation changes need no new measurements: draw again from the last results.
    const report = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Report
    writeOutputs(report)
    log('rewrote README.md and results/chart.svg from results/results.json')
    return
  }
  const report = await measure(only, log)
  if (only !== undefined) {
    console.log(renderMarkdown(report))
    return
  }
  writeOutputs(report)
  writeFileSync(RESULTS_JSON, `${JSON.stringify(report, null, 2)}\n`)
  log(
    `wrote README.md, results/chart.svg and results/results.json in ${Math.round(report.durationSeconds)} s`,
  )
}

/** Runs the scenarios (all, or those in `only`) and gathers the report. */
async function measure(only: string[] | undefined, log: (line: string) => void): Promise<Report> {
  const started = performance.now()
  const loadAverage = loadavg()[0] ?? 0
  const head = commit()
  const notes: string[] = []
  let redis: RedisProcess | undefined
  try {
    redis = await startRedis()
  } catch (error) {
    notes.push(`The Redis-store variant was left out: ${(error as Error).message}.`)
    log(notes[0]!)
  }
  const scenarios: ScenarioResult[] = []
  try {
    await warmUp(log)
    for (const spec of SCENARIOS) {
      if (only !== undefined && !only.includes(spec.id)) continue
      scenarios.push(await runScenario(spec, { redis, log }))
    }
  } finally {
    await redis?.stop()
  }
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    machine: machine(),
    loadAverage,
    ...(head === undefined ? {} : { commit: head }),
    versions: peerVersions(),
    durationSeconds: (performance.now() - started) / 1000,
    scenarios,
    notes,
  }
}

/** Writes the README section and the chart for `report`. */
function writeOutputs(report: Report): void {
  const readme = new URL('README.md', packageRoot)
  writeFileSync(readme, replaceSection(readFileSync(readme, 'utf8'), renderMarkdown(report)))
  writeFileSync(new URL('results/chart.svg', packageRoot), renderChart(report))
}

await main()
