import { describe, expect, it } from 'vitest'
import { CONTENDER_LABELS } from '../src/contender.js'
import { CHARTED_CONTENDERS, compactCount, escapeXml, renderChart } from '../src/svg-chart.js'
import { fixedReport } from './fixtures.js'

describe('renderChart', () => {
  const svg = renderChart(fixedReport())

  it('is one SVG document with a white background and a title', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expect(svg.match(/<svg /g)).toHaveLength(1)
    expect(svg).toContain('<rect width="1000"')
    expect(svg).toMatch(/<title>Token-endpoint requests, 401s and failed calls/)
  })

  it('draws a bar per charted contender, scenario and panel, and none for the baseline', () => {
    // 4 charted measurements in the fixture (the baseline is not charted) × 3 panels.
    expect(
      svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#/g),
    ).toHaveLength(12)
    expect(svg).not.toContain(`${CONTENDER_LABELS['plain-fetch']}:`)
    expect(svg).toContain(
      '<title>Fleet of eight processes · @mediroutes/auth-core + redis-store: 12345</title>',
    )
  })

  it('names every charted contender in the legend and the panels', () => {
    for (const id of CHARTED_CONTENDERS)
      expect(svg).toContain(`>${escapeXml(CONTENDER_LABELS[id])}</text>`)
    for (const panel of ['Token-endpoint requests', '401s seen by the emulator', 'Failed calls']) {
      expect(svg).toContain(`>${panel}</text>`)
    }
  })

  it('escapes labels and wraps long ones onto two lines', () => {
    expect(svg).toContain('>Cold &amp; hot</text>')
    expect(svg).toContain('>Fleet of eight</text>')
    expect(svg).toContain('>processes</text>')
    expect(svg).not.toMatch(/>[^<]*&(?!amp;|lt;|gt;|quot;)[^<]*</)
  })

  it('puts the log axis up to the next power of ten above the largest value', () => {
    // 12,345 401s in the fixture: that panel's axis tops out at 100k.
    expect(svg).toContain('>100k</text>')
    expect(svg).toContain('>10k</text>')
  })

  it('balances every element it opens', () => {
    for (const tag of ['text', 'title']) {
      expect(svg.match(new RegExp(`<${tag}[ >]`, 'g'))?.length).toBe(
        svg.match(new RegExp(`</${tag}>`, 'g'))?.length,
      )
    }
  })
})

describe('compactCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1k'],
    [1500, '1.5k'],
    [34_685, '35k'],
  ])('%d → %s', (value, expected) => {
    expect(compactCount(value)).toBe(expected)
  })
})
