import { describe, expect, it } from 'vitest'
import type { TokenSet } from '../src/index.js'
import {
  isFresh,
  lifetimeOf,
  mustRefresh,
  refreshDueAt,
  shouldRefresh,
} from '../src/token-freshness.js'

const HOUR = 3_600_000
const tokens: TokenSet = {
  accessToken: 'a',
  tokenType: 'Bearer',
  issuedAt: 0,
  expiresAt: 24 * HOUR,
}
const rules = { refreshWindowMs: 300_000, jitter: 0 }

describe('token freshness, as pure functions of the token set and the clock', () => {
  it('measures the lifetime from issue to expiry, never negative', () => {
    expect(lifetimeOf(tokens)).toBe(24 * HOUR)
    expect(lifetimeOf({ ...tokens, expiresAt: -1 })).toBe(0)
  })

  it('stops sending a token 10 s before it expires (5 % of a short life)', () => {
    expect(mustRefresh(tokens, tokens.expiresAt - 10_001)).toBe(false)
    expect(mustRefresh(tokens, tokens.expiresAt - 10_000)).toBe(true)
    const short = { ...tokens, expiresAt: 20_000 }
    expect(mustRefresh(short, 18_999)).toBe(false)
    expect(mustRefresh(short, 19_000)).toBe(true)
  })

  it('starts a refresh inside the window, widened by up to half by the jitter', () => {
    expect(refreshDueAt(tokens, rules)).toBe(tokens.expiresAt - 300_000)
    expect(refreshDueAt(tokens, { ...rules, jitter: 1 })).toBe(tokens.expiresAt - 450_000)
    expect(shouldRefresh(tokens, tokens.expiresAt - 300_001, rules)).toBe(false)
    expect(shouldRefresh(tokens, tokens.expiresAt - 300_000, rules)).toBe(true)
  })

  it('caps the window at half the lifetime', () => {
    const short = { ...tokens, expiresAt: 60_000 }
    expect(refreshDueAt(short, { ...rules, refreshWindowMs: HOUR })).toBe(30_000)
  })

  it('is fresh only when present, not refused, not expired and not due', () => {
    expect(isFresh(tokens, undefined, 1000, rules)).toBe(true)
    expect(isFresh(undefined, undefined, 1000, rules)).toBe(false)
    expect(isFresh(tokens, 'a', 1000, rules)).toBe(false)
    expect(isFresh(tokens, undefined, tokens.expiresAt - 300_000, rules)).toBe(false)
  })
})
