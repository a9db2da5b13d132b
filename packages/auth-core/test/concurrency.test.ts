import { describe, expect, it } from 'vitest'
import { isMediRoutesAuthError } from '../src/index.js'
import { clientFor, emulator } from './helpers.js'

describe('one grant in flight', () => {
  it('serves 1,000 concurrent calls on a cold client with exactly one token request', async () => {
    const server = await emulator({ rateLimit: false })
    const client = clientFor(server)
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => client.getAccessToken()))
    expect(new Set(tokens).size).toBe(1)
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('1,000 concurrent API calls cost one password grant and all succeed', async () => {
    const server = await emulator({ rateLimit: false })
    // A busy machine may take seconds to answer 1,000 requests at once; a timeout is not what is tested.
    const client = clientFor(server, { timeoutMs: 120_000 })
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, () => client.fetch('/api/v1/access').then((r) => r.status)),
    )
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('gives every concurrent caller the same error, from one token request', async () => {
    const server = await emulator()
    const client = clientFor(server, { password: 'wrong-password' })
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, () => client.getAccessToken()),
    )
    expect(
      results.every(
        (r) =>
          r.status === 'rejected' &&
          isMediRoutesAuthError(r.reason) &&
          r.reason.code === 'invalid_credentials',
      ),
    ).toBe(true)
    expect(server.counters().tokenRequests).toBe(1)
  })
})
