import { inspect } from 'node:util'
import { BROKER_USER, MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { describe, expect, it } from 'vitest'
import { type MediRoutesAuthError, MemoryTokenStore } from '../src/index.js'
import { clientFor, DEMO_USER, emulator, recordingLogger, rejectionOf } from './helpers.js'

const KEYS = MOCK_PROVIDERS.map((p) => p.apiKey)
const broker = { username: BROKER_USER.username, password: BROKER_USER.password }

function accessReads(server: { counters(): { requestsByPath: Record<string, number> } }): number {
  return server.counters().requestsByPath['/api/v1/access'] ?? 0
}

describe('client.getAccess()', () => {
  it("lists a client user's one provider with every funding source", async () => {
    const server = await emulator()
    const access = await clientFor(server).getAccess()
    const lakeside = MOCK_PROVIDERS[0]!
    expect(access.providers.map((p) => p.name)).toEqual([lakeside.name])
    expect(access.providers[0]!.apiKey).toBe(lakeside.apiKey)
    expect(access.providers[0]!.fundingSources).toEqual(lakeside.fundingSources)
  })

  it("lists a brokerage user's providers with only the shared funding sources", async () => {
    const server = await emulator()
    const access = await clientFor(server, broker).getAccess()
    expect(access.providers.map((p) => [p.name, p.fundingSources.map((s) => s.id)])).toEqual([
      ['Lakeside Medical Transport', [1101]],
      ['Riverside Wheelchair Vans', [2201, 2202]],
      ['Summit Ambulette', [3301]],
    ])
  })

  it('reads the claims once for 100 concurrent callers, and not again for the same token', async () => {
    const server = await emulator()
    const client = clientFor(server, broker)
    await Promise.all(Array.from({ length: 100 }, () => client.getAccess()))
    await client.getAccess()
    expect(accessReads(server)).toBe(1)
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('keeps the claims in the store next to the tokens, so a second client on it reads none', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    await clientFor(server, { ...broker, store }).getAccess()
    const second = await clientFor(server, { ...broker, store }).getAccess()
    expect(second.providers).toHaveLength(3)
    expect(accessReads(server)).toBe(1)
  })

  it('two clients starting together on one store read the claims once', async () => {
    const server = await emulator()
    const store = new MemoryTokenStore()
    await Promise.all([
      clientFor(server, { ...broker, store }).getAccess(),
      clientFor(server, { ...broker, store }).getAccess(),
      clientFor(server, { ...broker, store }).getAccess(),
    ])
    expect(accessReads(server)).toBe(1)
    expect(server.counters().tokenRequests).toBe(1)
  })

  it('reads them again with a new token, once per token lifetime', async () => {
    const server = await emulator()
    const client = clientFor(server, broker)
    await client.getAccess()
    server.revokeAccessTokens()
    // The refused token is replaced; the claims stored with it go with it.
    await client.fetch('/api/v1/riders/getByRiderId?rider_id=LMT-1001')
    await client.getAccess()
    await client.getAccess()
    expect(server.counters().refreshGrants).toBe(1)
    expect(accessReads(server)).toBe(2)
  })

  it('keeps API keys out of JSON, inspect, spread, logs and getTokenSet()', async () => {
    const server = await emulator()
    const logger = recordingLogger()
    const client = clientFor(server, { ...broker, logger })
    const access = await client.getAccess()
    const texts = [
      JSON.stringify(access),
      inspect(access, { depth: 10, showHidden: true }),
      inspect(access.providers[0], { depth: 10, showHidden: true }),
      JSON.stringify({ ...access.providers[0] }),
      JSON.stringify(await client.getTokenSet()),
      logger.lines.join('\n'),
      inspect(client, { depth: 10, showHidden: true }),
    ]
    for (const text of texts) for (const key of KEYS) expect(text).not.toContain(key)
    expect(JSON.stringify(access)).toContain('Riverside Wheelchair Vans')
    expect(inspect(access)).toContain('[redacted]')
  })

  it('says access_denied when the access endpoint refuses, with no key in the error', async () => {
    const server = await emulator()
    const client = clientFor(server, { ...DEMO_USER })
    server.injectFault({ target: 'api', fault: { kind: 'status', status: 403 } })
    const error = (await rejectionOf(client.getAccess())) as MediRoutesAuthError
    expect(error.code).toBe('access_denied')
    expect(error.status).toBe(403)
  })
})
