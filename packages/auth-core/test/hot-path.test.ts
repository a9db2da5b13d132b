import { describe, expect, it, vi } from 'vitest'
import { MemoryTokenStore, type TokenSet, type TokenStore } from '../src/index.js'
import { clientFor, emulator, newTrip, rejectionOf, sleep } from './helpers.js'

/** The key the client stores its token under, seen on its first write. */
function keyOfFirstWrite(store: MemoryTokenStore): () => string {
  const set = vi.spyOn(store, 'set')
  return () => set.mock.calls[0]![0]
}

describe('hot path: a token known fresh is served without awaiting the store', () => {
  it('does not read the store again while its peek still holds the token served last', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    const client = clientFor(server, { store })
    const first = await client.getAccessToken()
    await client.getAccessToken()
    const get = vi.spyOn(store, 'get')
    for (let i = 0; i < 10; i++) expect(await client.getAccessToken()).toBe(first)
    expect(get).not.toHaveBeenCalled()
  })

  it('picks up a token another client wrote into the shared store', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    const keyOf = keyOfFirstWrite(store)
    const client = clientFor(server, { store })
    await client.getAccessToken()
    await client.getAccessToken()
    const current = store.peek(keyOf()) as TokenSet
    await store.set(keyOf(), { ...current, accessToken: 'replaced-by-another-client' }, 60_000)
    expect(await client.getAccessToken()).toBe('replaced-by-another-client')
  })

  it('gets a new token once the store no longer holds the one served last', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    const keyOf = keyOfFirstWrite(store)
    const client = clientFor(server, { store })
    const first = await client.getAccessToken()
    await client.getAccessToken()
    await store.delete(keyOf())
    expect(await client.getAccessToken()).not.toBe(first)
    expect(server.counters().passwordGrants).toBe(2)
  })

  it('never serves a token the API refused, even before its refresh is done', async () => {
    const server = await emulator({ rateLimit: false })
    const client = clientFor(server)
    const refused = await client.getAccessToken()
    await client.getAccessToken()
    server.revokeAccessTokens()
    // A streamed body cannot be replayed: the 401 comes back, and the refresh runs behind it.
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(newTrip('LMT-HOT-1'))))
        controller.close()
      },
    })
    const response = await client.fetch('/api/v1/singletrip', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(response.status).toBe(401)
    expect(await client.getAccessToken()).not.toBe(refused)
  })

  it('still refreshes a token that entered its refresh window', async () => {
    const server = await emulator({ tokenLifetimeSeconds: 2 })
    const client = clientFor(server, { refreshWindowMs: 1000 })
    const first = await client.getAccessToken()
    await client.getAccessToken()
    // Due at the latest 1.5 s before expiry (the window plus its jitter), that is 0.5 s after issue.
    await sleep(1100)
    expect(await client.getAccessToken()).toBe(first)
    await vi.waitFor(() => expect(server.counters().refreshGrants).toBe(1))
    expect(await client.getAccessToken()).not.toBe(first)
  })

  it('asks a store without peek on every call, so a fleet store still sees revocations', async () => {
    const server = await emulator()
    const inner = new MemoryTokenStore()
    const get = vi.fn((key: string) => inner.get(key))
    const store: TokenStore = {
      get,
      set: (key, value, ttlMs) => inner.set(key, value, ttlMs),
      delete: (key) => inner.delete(key),
    }
    const client = clientFor(server, { store })
    await client.getAccessToken()
    get.mockClear()
    for (let i = 0; i < 5; i++) await client.getAccessToken()
    expect(get).toHaveBeenCalledTimes(5)
  })

  it('serves nothing from the hot path once the client is closed', async () => {
    const server = await emulator()
    const client = clientFor(server)
    await client.getAccessToken()
    await client.getAccessToken()
    await client.close()
    const error = await rejectionOf(client.getAccessToken())
    expect(error).toMatchObject({ code: 'closed' })
  })
})
