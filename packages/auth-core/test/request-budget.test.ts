import { describe, expect, it } from 'vitest'
import {
  createRequestBudget,
  DEFAULT_API_RATE_LIMIT,
  DEFAULT_TOKEN_RATE_LIMIT,
  type MediRoutesAuthError,
} from '../src/index.js'
import { rateLimitDelay, resolveRateLimit } from '../src/request-budget.js'

/** Takes slots until one would have to wait; returns how many went at once. */
async function immediateSlots(take: () => Promise<void>, max: number): Promise<number> {
  let granted = 0
  for (let i = 0; i < max; i++) {
    let done = false
    const pending = take().then(() => {
      done = true
    })
    await Promise.resolve()
    await Promise.resolve()
    if (!done) {
      void pending.catch(() => {})
      break
    }
    granted++
  }
  return granted
}

describe('createRequestBudget', () => {
  it('lets exactly `requests` through at once, then holds the next one back', async () => {
    const budget = createRequestBudget({ requests: 5, windowMs: 60_000 })
    const controller = new AbortController()
    expect(await immediateSlots(() => budget.take('https://x.test', controller.signal), 10)).toBe(5)
    controller.abort(new Error('stop'))
  })

  it('pause holds back every caller, even with slots left', async () => {
    const budget = createRequestBudget({ requests: 100, windowMs: 1000 })
    budget.pause?.(60_000)
    const controller = new AbortController()
    expect(await immediateSlots(() => budget.take('https://x.test', controller.signal), 3)).toBe(0)
    controller.abort(new Error('stop'))
  })

  it('rejects a waiting take with the signal reason', async () => {
    const budget = createRequestBudget({ requests: 1, windowMs: 60_000 })
    await budget.take('https://x.test')
    const controller = new AbortController()
    const waiting = budget.take('https://x.test', controller.signal)
    const reason = new Error('caller gave up')
    controller.abort(reason)
    await expect(waiting).rejects.toBe(reason)
  })

  it('refuses rates that are not whole numbers of at least 1, naming the field', () => {
    for (const rate of [
      { requests: 0, windowMs: 1000 },
      { requests: 1.5, windowMs: 1000 },
      { requests: 10, windowMs: 0 },
    ]) {
      let error: MediRoutesAuthError | undefined
      try {
        createRequestBudget(rate)
      } catch (e) {
        error = e as MediRoutesAuthError
      }
      expect(error?.code).toBe('invalid_config')
      expect(error?.message).toMatch(/requests|windowMs/)
    }
  })

  it('documents the defaults: 10 /token per 61 s and 300 API requests per 1.1 s', () => {
    expect(DEFAULT_TOKEN_RATE_LIMIT).toEqual({ requests: 10, windowMs: 61_000 })
    expect(DEFAULT_API_RATE_LIMIT).toEqual({ requests: 300, windowMs: 1_100 })
  })
})

describe('rate limit options', () => {
  it('false means no budget at all, so the hot path has nothing to pay', () => {
    expect(
      resolveRateLimit('apiRateLimit', false, DEFAULT_API_RATE_LIMIT, 'a.test'),
    ).toBeUndefined()
  })

  it('shares one process-wide budget per host and rate', () => {
    const a = resolveRateLimit('apiRateLimit', undefined, DEFAULT_API_RATE_LIMIT, 'shared.test')
    const b = resolveRateLimit('apiRateLimit', undefined, DEFAULT_API_RATE_LIMIT, 'shared.test')
    const other = resolveRateLimit('apiRateLimit', undefined, DEFAULT_API_RATE_LIMIT, 'other.test')
    const token = resolveRateLimit(
      'tokenRateLimit',
      undefined,
      DEFAULT_TOKEN_RATE_LIMIT,
      'shared.test',
    )
    expect(a).toBe(b)
    expect(other).not.toBe(a)
    expect(token).not.toBe(a)
  })

  it('uses a given budget as it is', () => {
    const budget = { take: async () => {} }
    expect(resolveRateLimit('apiRateLimit', budget, DEFAULT_API_RATE_LIMIT, 'a.test')).toBe(budget)
  })

  it('refuses anything else with invalid_config', () => {
    expect(() => resolveRateLimit('apiRateLimit', 300, DEFAULT_API_RATE_LIMIT, 'a.test')).toThrow(
      /apiRateLimit must be false/,
    )
  })
})

describe('rateLimitDelay', () => {
  it('waits at least Retry-After, with at most a second of jitter', () => {
    expect(rateLimitDelay(5000, 0, () => 0)).toBe(5000)
    expect(rateLimitDelay(5000, 0, () => 0.999)).toBeLessThanOrEqual(5550)
    expect(rateLimitDelay(60_000, 3, () => 0.999)).toBeLessThan(61_000)
  })

  it('backs off exponentially without Retry-After, never to zero, capped at 30 s', () => {
    expect(rateLimitDelay(undefined, 0, () => 0)).toBe(250)
    expect(rateLimitDelay(undefined, 3, () => 0)).toBe(2000)
    expect(rateLimitDelay(undefined, 20, () => 0.999)).toBeLessThanOrEqual(30_000)
  })
})
