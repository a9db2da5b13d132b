import { describe, expect, it } from 'vitest'
import { CONTENDER_LABELS } from '../src/contender.js'
import { renderMarkdown } from '../src/markdown-report.js'
import { fixedReport } from './fixtures.js'

function rowOf(markdown: string, label: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${label} |`))
  if (line === undefined) throw new Error(`no row for ${label}`)
  return line.slice(2, -2).split(' | ')
}

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(fixedReport())

  it('opens with when, where and with which versions it was measured, then the chart', () => {
    const [first, second] = markdown.split('\n\n')
    expect(first).toBe(
      '_Measured 2026-01-02 with Node v20.20.0 on 2 × Test CPU (load average 0.5 at the start); openid-client 6.9.0, axios 1.21.1. The whole run took 93 s._',
    )
    expect(second).toMatch(/^!\[[^\]]+\]\(results\/chart\.svg\)$/)
  })

  it('names the SDK commit when it is known', () => {
    const withCommit = renderMarkdown({ ...fixedReport(), commit: 'abc1234' })
    expect(withCommit).toContain(
      '(load average 0.5 at the start); the SDK at commit abc1234, openid-client 6.9.0',
    )
  })

  it('has a heading, the summary and a table per scenario', () => {
    expect(markdown.match(/^#### /gm)).toHaveLength(2)
    expect(markdown).toContain('#### Cold <stampede>\n\n1,000 calls at once.\n\n| contender |')
    expect(markdown.match(/^\| --- \|/gm)).toHaveLength(2)
  })

  it('gives each contender a row with its figures and its latency over the baseline', () => {
    expect(rowOf(markdown, CONTENDER_LABELS['sdk-memory'])).toEqual([
      CONTENDER_LABELS['sdk-memory'],
      '1',
      '0',
      '0',
      '0',
      '0 / 1,000',
      '2,500',
      '3.9 / 25',
      '+0.4 / +13',
    ])
    expect(rowOf(markdown, CONTENDER_LABELS['plain-fetch']).slice(-2)).toEqual(['3.5 / 12', '—'])
  })

  it('shows a dash for latency when no call succeeded, and no added latency without a baseline', () => {
    expect(rowOf(markdown, CONTENDER_LABELS['openid-client']).slice(-4)).toEqual([
      '1,000 / 1,000',
      '0',
      '—',
      '—',
    ])
    const redis = rowOf(markdown, CONTENDER_LABELS['sdk-redis'])
    expect(redis[4]).toBe('12,345')
    expect(redis[8]).toBe('—')
  })

  it('ends with the notes', () => {
    expect(markdown.endsWith('- Something was left out.\n')).toBe(true)
  })
})
