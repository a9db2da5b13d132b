import { describe, expect, it } from 'vitest'
import { BROKER_USER, DEMO_USER, MOCK_PROVIDERS, type MockTrip } from '../src/index.js'
import {
  apiGet,
  data,
  LAKESIDE,
  login,
  RIVERSIDE,
  SUMMIT,
  startServer,
  v1Client,
} from './helpers.js'

const TODAY = () => new Date().toISOString().slice(0, 10)

interface AccessEntry {
  TransportationProviderName: string
  APIKey: string
  FundingSources: { FundingSourceId: number; FundingSourceName: string }[]
}

async function accessOf(url: string, token: string): Promise<AccessEntry[]> {
  const response = await apiGet(url, '/api/v1/access', token)
  expect(response.status).toBe(200)
  return (await response.json()) as AccessEntry[]
}

describe('MOCK_PROVIDERS', () => {
  it('lists three frozen providers with fixed keys and funding sources of every kind', () => {
    expect(MOCK_PROVIDERS.map((provider) => provider.name)).toEqual([
      'Lakeside Medical Transport',
      'Riverside Wheelchair Vans',
      'Summit Ambulette',
    ])
    expect(Object.isFrozen(MOCK_PROVIDERS)).toBe(true)
    expect(Object.isFrozen(MOCK_PROVIDERS[0]!.fundingSources[0])).toBe(true)
    for (const provider of MOCK_PROVIDERS)
      expect(provider.apiKey).toMatch(/^mr_live_[a-z]+_[0-9a-f]{16}$/)
    const names = MOCK_PROVIDERS.flatMap((p) => p.fundingSources.map((s) => s.name)).join('|')
    expect(names).toMatch(/Medicaid/)
    expect(names).toMatch(/Managed Care/)
    expect(names).toMatch(/Private Pay/)
  })
})

describe('GET /api/v1/access', () => {
  it('answers a client user one provider with every funding source, in the vendor fields', async () => {
    const server = await startServer()
    const { access_token } = await login(server.url, DEMO_USER)
    expect(await accessOf(server.url, access_token)).toEqual([
      {
        TransportationProviderName: LAKESIDE.name,
        APIKey: LAKESIDE.apiKey,
        FundingSources: LAKESIDE.fundingSources.map((source) => ({
          FundingSourceId: source.id,
          FundingSourceName: source.name,
        })),
      },
    ])
  })

  it('answers the brokerage user three providers with 1, 2 and 1 funding sources', async () => {
    const server = await startServer()
    const { access_token } = await login(server.url, BROKER_USER)
    const access = await accessOf(server.url, access_token)
    expect(
      access.map((entry) => [entry.TransportationProviderName, entry.FundingSources.length]),
    ).toEqual([
      [LAKESIDE.name, 1],
      [RIVERSIDE.name, 2],
      [SUMMIT.name, 1],
    ])
    expect(server.accessOf('broker').map((p) => p.apiKey)).toEqual(access.map((e) => e.APIKey))
  })

  it('needs the bearer token only, and is counted by path', async () => {
    const server = await startServer()
    expect((await apiGet(server.url, '/api/v1/access')).status).toBe(401)
    const { access_token } = await login(server.url)
    await accessOf(server.url, access_token)
    await accessOf(server.url, access_token)
    expect(server.counters().requestsByPath['/api/v1/access']).toBe(3)
    expect(server.counters().requestsByPath['/token']).toBe(1)
  })

  it('gives custom users the claims they are configured with, and checks them at start', async () => {
    const server = await startServer({
      users: [
        { username: 'summit-admin', password: 'pw', access: [{ provider: SUMMIT.name }] },
        { username: 'plain', password: 'pw' },
      ],
    })
    expect(server.accessOf('summit-admin').map((p) => p.name)).toEqual([SUMMIT.name])
    expect(server.accessOf('plain').map((p) => p.name)).toEqual([LAKESIDE.name])
    expect(server.accessOf('nobody')).toEqual([])
    await expect(
      startServer({ users: [{ username: 'x', password: 'y', access: [{ provider: 'Nope' }] }] }),
    ).rejects.toThrow(/Unknown provider "Nope"/)
    await expect(
      startServer({
        users: [
          {
            username: 'x',
            password: 'y',
            access: [{ provider: SUMMIT.name, fundingSourceIds: [1] }],
          },
        ],
      }),
    ).rejects.toThrow(/no funding source 1/)
  })
})

describe('api_key enforcement', () => {
  it('answers a missing key 400 {Message}, on GET and in bodies', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    for (const response of [
      await client.get('/api/v1/rides/getRidesByDate', { date: TODAY() }),
      await client.get('/api/v1/riders/getByRiderId', { api_key: '', rider_id: 'LMT-1001' }),
      await client.send('POST', '/api/v1/riders', { first_name: 'A' }),
      await client.send('PATCH', '/api/v1/singletrip', { trip_guid: 'x' }),
    ]) {
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({ Message: 'api_key is required' })
    }
  })

  it("answers an unknown key, or another provider's key, 403 {Message} without echoing the key", async () => {
    const server = await startServer()
    const client = await v1Client(server, DEMO_USER)
    for (const key of ['mr_live_unknown_0000', RIVERSIDE.apiKey]) {
      const response = await client.get('/api/v1/rides/getRidesByDate', {
        api_key: key,
        date: TODAY(),
      })
      expect(response.status).toBe(403)
      const body = (await response.json()) as { Message: string }
      expect(body.Message).toMatch(/Access denied/)
      expect(JSON.stringify(body)).not.toContain(key)
    }
  })

  it('accepts tp_api_key in a body, and api_key in the query of a PATCH without one', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    const trips = await data<MockTrip[]>(
      await client.get('/api/v1/rides/getRidesByDate', { api_key: LAKESIDE.apiKey, date: TODAY() }),
    )
    const trip = trips.find((candidate) => candidate.status === 'scheduled')
    const viaQuery = await client.send(
      'PATCH',
      '/api/v1/singletrip',
      { trip_guid: trip!.trip_guid, caller: 'Front desk' },
      { api_key: LAKESIDE.apiKey },
    )
    expect(viaQuery.status).toBe(200)
    const post = await client.send(
      'POST',
      '/api/v1/singletrip/cancel',
      { trip_guid: trip!.trip_guid },
      { api_key: LAKESIDE.apiKey },
    )
    expect(post.status).toBe(400)
  })

  it('shows a broker only the trips of its funding sources, and 403s a trip outside them', async () => {
    const server = await startServer()
    const demo = await v1Client(server, DEMO_USER)
    const broker = await v1Client(server, BROKER_USER)
    const query = { api_key: LAKESIDE.apiKey, date: TODAY() }
    const all = await data<MockTrip[]>(await demo.get('/api/v1/rides/getRidesByDate', query))
    const seen = await data<MockTrip[]>(await broker.get('/api/v1/rides/getRidesByDate', query))
    expect(new Set(all.map((trip) => trip.funding_source_id)).size).toBe(3)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen).toEqual(all.filter((trip) => trip.funding_source_id === 1101))
    const hidden = all.find((trip) => trip.funding_source_id !== 1101)!
    const denied = await broker.get('/api/v1/singletrip', {
      api_key: LAKESIDE.apiKey,
      trip_guid: hidden.trip_guid,
    })
    expect(denied.status).toBe(403)
    expect(((await denied.json()) as { Message: string }).Message).toContain(
      String(hidden.funding_source_id),
    )
  })
})

describe('claims changed at run time', () => {
  it('revokes a data-sharing agreement: the key turns 403 at once, and grant restores it', async () => {
    const server = await startServer()
    const broker = await v1Client(server, BROKER_USER)
    const query = { api_key: SUMMIT.apiKey, date: TODAY() }
    expect((await broker.get('/api/v1/rides/getRidesByDate', query)).status).toBe(200)
    server.revokeAccess('broker', SUMMIT.name)
    expect((await broker.get('/api/v1/rides/getRidesByDate', query)).status).toBe(403)
    expect(server.accessOf('broker').map((p) => p.name)).toEqual([LAKESIDE.name, RIVERSIDE.name])
    server.grantAccess('broker', SUMMIT.name, 3302)
    const trips = await data<MockTrip[]>(await broker.get('/api/v1/rides/getRidesByDate', query))
    expect(trips.every((trip) => trip.funding_source_id === 3302)).toBe(true)
  })

  it('revokes one funding source: its trips disappear, the provider stays', async () => {
    const server = await startServer()
    const broker = await v1Client(server, BROKER_USER)
    server.revokeAccess('broker', RIVERSIDE.name, 2202)
    const trips = await data<MockTrip[]>(
      await broker.get('/api/v1/rides/getRidesByDate', {
        api_key: RIVERSIDE.apiKey,
        date: TODAY(),
      }),
    )
    expect(trips.length).toBeGreaterThan(0)
    expect(trips.every((trip) => trip.funding_source_id === 2201)).toBe(true)
  })

  it('does the same over the control API, answers the new claims, and names unknown things', async () => {
    const server = await startServer()
    const control = (action: string, body: unknown) =>
      fetch(`${server.url}/__mock/access/${action}`, { method: 'POST', body: JSON.stringify(body) })
    const revoked = await control('revoke', {
      username: 'broker',
      provider: RIVERSIDE.name,
      fundingSourceId: 2201,
    })
    expect(revoked.status).toBe(200)
    const claims = (await revoked.json()) as { name: string; fundingSources: { id: number }[] }[]
    expect(claims.find((p) => p.name === RIVERSIDE.name)?.fundingSources.map((s) => s.id)).toEqual([
      2202,
    ])
    expect((await control('grant', { username: 'broker', provider: RIVERSIDE.name })).status).toBe(
      200,
    )
    expect(server.accessOf('broker')[1]!.fundingSources).toHaveLength(3)
    const unknown = await control('grant', { username: 'ghost', provider: RIVERSIDE.name })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { Message: string }).Message).toContain('ghost')
    expect((await control('revoke', { username: 'broker' })).status).toBe(400)
    const read = await fetch(`${server.url}/__mock/access?username=demo`)
    expect(((await read.json()) as { name: string }[]).map((p) => p.name)).toEqual([LAKESIDE.name])
  })

  it('reset() restores the configured claims', async () => {
    const server = await startServer()
    server.revokeAccess('demo', LAKESIDE.name)
    expect(server.accessOf('demo')).toEqual([])
    server.reset()
    expect(server.accessOf('demo').map((p) => p.name)).toEqual([LAKESIDE.name])
  })
})
