import { CONTENDER_LABELS, type ContenderId } from './contender.js'
import type { Measurement, Report } from './report.js'

/** The contenders drawn, each in a fixed slot and colour (Okabe–Ito, safe for colour blindness). */
const SERIES: ReadonlyArray<{ id: ContenderId; color: string }> = [
  { id: 'sdk-memory', color: '#0072B2' },
  { id: 'sdk-redis', color: '#56B4E9' },
  { id: 'openid-client', color: '#E69F00' },
  { id: 'simple-oauth2', color: '#CC79A7' },
  { id: 'axios-auth-refresh', color: '#009E73' },
]

/** The three figures charted, one panel each. */
const PANELS: ReadonlyArray<{ title: string; value: (m: Measurement) => number }> = [
  { title: 'Token-endpoint requests', value: (m) => m.tokenRequests },
  { title: '401s seen by the emulator', value: (m) => m.unauthorized },
  { title: 'Failed calls', value: (m) => m.failed },
]

const WIDTH = 1000
const LEFT = 64
const RIGHT = 16
const HEADER_HEIGHT = 104
const PLOT_HEIGHT = 150
const PANEL_HEIGHT = 232
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif'

/** Escapes text for SVG content and attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** `999` → `999`, `1000` → `1k`, `1500` → `1.5k`, `34685` → `35k`: short enough to sit on a bar. */
export function compactCount(value: number): string {
  if (value < 1000) return String(Math.round(value))
  if (value < 10_000) return `${(value / 1000).toFixed(1).replace(/\.0$/, '')}k`
  return `${Math.round(value / 1000)}k`
}

/** Splits a label into at most two lines of about `max` characters, at spaces. */
function wrap(text: string, max: number): string[] {
  if (text.length <= max) return [text]
  const words = text.split(' ')
  let first = ''
  while (words.length > 0 && `${first} ${words[0]}`.trim().length <= max) {
    first = `${first} ${words.shift()}`.trim()
  }
  return first === '' ? [text] : [first, words.join(' ')]
}

/** Log scale that keeps zero: position of `value` between 0 and 1 for an axis topping at `top`. */
function scale(value: number, top: number): number {
  return Math.log10(1 + value) / Math.log10(1 + top)
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attributes === '' ? '' : ` ${attributes}`}>${escapeXml(content)}</text>`
}

function legend(): string[] {
  const out = [
    text(
      LEFT,
      28,
      'Same scenarios, same emulator: token clients side by side',
      'font-size="16" font-weight="600"',
    ),
  ]
  SERIES.forEach((series, index) => {
    const x = LEFT + (index % 3) * 300
    const y = 50 + Math.floor(index / 3) * 20
    out.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" rx="2" fill="${series.color}"/>`)
    out.push(text(x + 18, y, CONTENDER_LABELS[series.id], 'font-size="12"'))
  })
  out.push(
    text(
      LEFT,
      96,
      'Lower is better in every panel. Log scale; a zero is a thin stub. The Redis-store variant runs in the multi-process scenarios only.',
      'font-size="11" fill="#555"',
    ),
  )
  return out
}

function panel(report: Report, index: number): string[] {
  const { title, value } = PANELS[index]!
  const top0 = HEADER_HEIGHT + index * PANEL_HEIGHT
  const plotTop = top0 + 26
  const plotBottom = plotTop + PLOT_HEIGHT
  const plotWidth = WIDTH - LEFT - RIGHT
  const max = Math.max(10, ...report.scenarios.flatMap((s) => s.measurements.map(value)))
  const top = 10 ** Math.ceil(Math.log10(max))
  const y = (v: number) => plotBottom - scale(v, top) * PLOT_HEIGHT
  const out = [text(LEFT, top0 + 14, title, 'font-size="13" font-weight="600"')]
  for (let tick = 0; tick <= top; tick = tick === 0 ? 1 : tick * 10) {
    const ty = y(tick)
    out.push(
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}" stroke="${tick === 0 ? '#888' : '#e3e3e3'}"/>`,
    )
    out.push(
      text(LEFT - 6, ty + 3.5, compactCount(tick), 'font-size="10" text-anchor="end" fill="#555"'),
    )
  }
  const groupWidth = plotWidth / Math.max(1, report.scenarios.length)
  const slot = (groupWidth - 20) / SERIES.length
  report.scenarios.forEach((scenario, group) => {
    const groupLeft = LEFT + group * groupWidth + 10
    SERIES.forEach((series, position) => {
      const measurement = scenario.measurements.find((m) => m.contender === series.id)
      if (measurement === undefined) return
      const v = value(measurement)
      const x = groupLeft + position * slot + 1.5
      const barTop = Math.min(y(v), plotBottom - 2)
      out.push(
        `<rect x="${x.toFixed(1)}" y="${barTop.toFixed(1)}" width="${(slot - 3).toFixed(1)}" height="${(plotBottom - barTop).toFixed(1)}" fill="${series.color}"><title>${escapeXml(`${scenario.label} · ${CONTENDER_LABELS[series.id]}: ${v}`)}</title></rect>`,
      )
      out.push(
        text(
          x + (slot - 3) / 2,
          barTop - 3,
          compactCount(v),
          'font-size="9" text-anchor="middle" fill="#333"',
        ),
      )
    })
    wrap(scenario.label, 16).forEach((line, row) => {
      out.push(
        text(
          LEFT + (group + 0.5) * groupWidth,
          plotBottom + 16 + row * 13,
          line,
          'font-size="11" text-anchor="middle"',
        ),
      )
    })
  })
  return out
}

/**
 * A grouped bar chart of the report: per scenario, one bar per contender (the baseline is left
 * out: it sends no token requests), in three panels: token requests, 401s and failed calls.
 */
export function renderChart(report: Report): string {
  const height = HEADER_HEIGHT + PANELS.length * PANEL_HEIGHT
  const body = [...legend(), ...PANELS.flatMap((_, index) => panel(report, index))]
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}" role="img">`,
    `<title>${escapeXml('Token-endpoint requests, 401s and failed calls per scenario and contender')}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n')
}

/** The contenders the chart draws, in slot order (for tests and the README). */
export const CHARTED_CONTENDERS: readonly ContenderId[] = SERIES.map((series) => series.id)
