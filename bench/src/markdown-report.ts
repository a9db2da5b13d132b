import { CONTENDER_LABELS } from './contender.js'
import { count, ms, signedMs } from './format.js'
import type { Measurement, Report, ScenarioResult } from './report.js'

const HEADER = [
  '| contender | token requests | refused | 429s | 401s | failed / calls | calls/s | p50 / p99 ms | added p50 / p99 ms |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
]

function latency(m: Measurement): string {
  return m.p50Ms === null || m.p99Ms === null ? '—' : `${ms(m.p50Ms)} / ${ms(m.p99Ms)}`
}

/** Latency over the baseline's, same percentile, same scenario and run. */
function added(m: Measurement, baseline: Measurement | undefined): string {
  if (baseline === undefined || m === baseline) return '—'
  if (m.p50Ms === null || m.p99Ms === null || baseline.p50Ms === null || baseline.p99Ms === null) {
    return '—'
  }
  return `${signedMs(m.p50Ms - baseline.p50Ms)} / ${signedMs(m.p99Ms - baseline.p99Ms)}`
}

function row(m: Measurement, baseline: Measurement | undefined): string {
  const cells = [
    CONTENDER_LABELS[m.contender],
    count(m.tokenRequests),
    count(m.refusedTokenRequests),
    count(m.tooManyRequests),
    count(m.unauthorized),
    `${count(m.failed)} / ${count(m.calls)}`,
    count(m.callsPerSecond),
    latency(m),
    added(m, baseline),
  ]
  return `| ${cells.join(' | ')} |`
}

/** One scenario: a heading, what happens, and a row per contender. */
export function renderScenario(scenario: ScenarioResult): string {
  const baseline = scenario.measurements.find((m) => m.contender === 'plain-fetch')
  return [
    `#### ${scenario.title}`,
    '',
    scenario.summary,
    '',
    ...HEADER,
    ...scenario.measurements.map((m) => row(m, baseline)),
  ].join('\n')
}

/**
 * The results as Markdown: when and where they were measured, the chart, and a table per
 * scenario. `chartPath` is relative to the README.
 */
export function renderMarkdown(report: Report, chartPath = 'results/chart.svg'): string {
  const versions = Object.entries(report.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')
  const sdk = report.commit === undefined ? '' : `the SDK at commit ${report.commit}, `
  const parts = [
    `_Measured ${report.date} with Node ${report.node} on ${report.machine} (load average ${report.loadAverage.toFixed(1)} at the start); ${sdk}${versions}. The whole run took ${Math.round(report.durationSeconds)} s._`,
    `![Token-endpoint requests, 401s and failed calls per scenario and contender](${chartPath})`,
    ...report.scenarios.map(renderScenario),
  ]
  if (report.notes.length > 0) parts.push(report.notes.map((note) => `- ${note}`).join('\n'))
  return `${parts.join('\n\n')}\n`
}
