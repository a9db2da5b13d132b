import { describe, expect, it } from 'vitest'
import { MemoryTokenStore, type TokenLease, type TokenStore } from '../src/index.js'
import { clientFor, emulator, recordingLogger, sleep } from './helpers.js'

/** A memory store that counts what the client asks of it. */
function countingStore(): TokenStore & { extends: number[]; reports: number } {
  const inner = new MemoryTokenStore()
  const store = {
    extends: [] as number[],
    reports: 0,
    get: (key: string) => inner.get(key),
    set: (key: string, value: Parameters<TokenStore['set']>[1], ttl: number) =>
      inner.set(key, value, ttl),
    delete: (key: string) => inner.delete(key),
    waitForUpdate: (key: string, ms: number) => inner.waitForUpdate(key, ms),
    async acquireLease(key: string, ttlMs: number): Promise<TokenLease | null> {
      const lease = await inner.acquireLease(key, ttlMs)
      if (lease === null) return null
      return {
        release: () => lease.release(),
        extend: async (ms: number) => {
          store.extends.push(ms)
          await lease.extend?.(ms)
        },
      }
    },
    async reportRejected() {
      store.reports++
    },
  }
  return store
}

describe('fleet hooks', () => {
  it('extends the lease before every attempt and wait of a long grant', async () => {
    const server = await emulator()
    const store = countingStore()
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 503, retryAfter: 0 },
      count: 2,
    })
    await clientFor(server, { store }).getAccessToken()
    // Three attempts and two waits between them.
    expect(store.extends.length).toBe(5)
  })

  it('keeps a second client on the same store waiting while a long grant holds the lease', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 503, retryAfter: 1 },
      count: 2,
    })
    // A lease of 2 x 200 ms would lapse long before this grant (two 1 s waits) ends.
    const first = clientFor(server, { store, timeoutMs: 200 }).getAccessToken()
    await sleep(100)
    const second = clientFor(server, { store, timeoutMs: 200 }).getAccessToken()
    expect(await second).toBe(await first)
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('reports a refused token to the store once, however many requests it failed', async () => {
    const server = await emulator({ rateLimit: false })
    const store = countingStore()
    const client = clientFor(server, { store })
    await client.getAccessToken()
    server.revokeAccessTokens()
    await Promise.all(Array.from({ length: 30 }, () => client.fetch('/api/v1/access')))
    expect(store.reports).toBe(1)
  })

  it('awaits beforeTokenRequest before each token request, outside the attempt timeout', async () => {
    const server = await emulator()
    const seen: string[] = []
    const client = clientFor(server, {
      timeoutMs: 200,
      beforeTokenRequest: async (endpoint) => {
        seen.push(endpoint)
        await sleep(400)
      },
    })
    expect(await client.getAccessToken()).toBeTruthy()
    expect(seen).toEqual([`${server.url}/token`])
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('logs and skips a beforeTokenRequest hook that throws', async () => {
    const server = await emulator()
    const logger = recordingLogger()
    const client = clientFor(server, {
      logger,
      beforeTokenRequest: async () => {
        throw new Error('budget down')
      },
    })
    expect(await client.getAccessToken()).toBeTruthy()
    expect(logger.lines.some((line) => line.includes('beforeTokenRequest hook failed'))).toBe(true)
  })
})
