import {
  BROKER_USER,
  MOCK_PROVIDERS,
  type MockServer,
  startMockServer,
} from '@mediroutes/mock-server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { assertBuilt, expectNoSecrets, runCli } from './helpers.js'

let server: MockServer
let env: Record<string, string>

const KEYS = MOCK_PROVIDERS.map((p) => p.apiKey)
const SECRETS = [BROKER_USER.password, ...KEYS]
const today = () => new Date().toISOString().slice(0, 10)

beforeAll(async () => {
  assertBuilt()
  server = await startMockServer({ rateLimit: false })
  env = {
    MEDIROUTES_BASE_URL: server.url,
    MEDIROUTES_USERNAME: BROKER_USER.username,
    MEDIROUTES_PASSWORD: BROKER_USER.password,
  }
})
afterAll(() => server.close())
beforeEach(() => server.reset())

describe('mediroutes access', () => {
  it('lists providers and funding sources with the keys masked', async () => {
    const result = await runCli(['access'], { env })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('3 providers for broker')
    expect(result.stdout).toContain('Riverside Wheelchair Vans')
    expect(result.stdout).toContain('2202  Chattahoochee Care Plan (Managed Care)')
    expect(result.stdout).toContain('mr_l…4e60')
    expectNoSecrets(result, SECRETS)
  })

  it('prints JSON for scripts, keys still masked', async () => {
    const result = await runCli(['access', '--json'], { env })
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.providers.map((p: { name: string }) => p.name)).toEqual(
      MOCK_PROVIDERS.map((p) => p.name),
    )
    expect(report.providers[1].fundingSources).toEqual([
      { id: 2201, name: 'Georgia Medicaid NEMT Broker' },
      { id: 2202, name: 'Chattahoochee Care Plan (Managed Care)' },
    ])
    expectNoSecrets(result, SECRETS)
  })

  it('prints the keys in full only with --show-keys', async () => {
    const result = await runCli(['access', '--json', '--show-keys'], { env })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).providers.map((p: { apiKey: string }) => p.apiKey)).toEqual(
      KEYS,
    )
  })
})

describe('mediroutes api --provider', () => {
  it("calls with that provider's key and prints Data as the API sent it", async () => {
    const result = await runCli(
      [
        'api',
        '--provider',
        'Riverside Wheelchair Vans',
        'GET',
        `/api/v1/rides/getRidesByDate?date=${today()}`,
      ],
      { env },
    )
    expect(result.code).toBe(0)
    const trips = JSON.parse(result.stdout).Data as { funding_source_id: number }[]
    expect(trips.length).toBeGreaterThan(0)
    expect(new Set(trips.map((t) => t.funding_source_id))).toEqual(new Set([2201, 2202]))
    expectNoSecrets(result, SECRETS)
  })

  it('adds tp_api_key to a JSON body', async () => {
    const list = await runCli(
      [
        'api',
        '--provider',
        'Summit Ambulette',
        'GET',
        `/api/v1/rides/getRidesByDate?date=${today()}`,
      ],
      { env },
    )
    const guid = (JSON.parse(list.stdout).Data as { trip_guid: string }[])[0]!.trip_guid
    const result = await runCli(
      [
        'api',
        '--provider',
        'Summit Ambulette',
        'POST',
        '/api/v1/singletrip/withProperties',
        '--data',
        JSON.stringify({
          trip_guid: guid,
          properties: { 'pickup.phone_number': '(404) 555-0123' },
        }),
      ],
      { env },
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).Data.pickup.phone_number).toBe('(404) 555-0123')
    expectNoSecrets(result, SECRETS)
  })

  it('names the known providers, never a key, for an unknown one, exit 2', async () => {
    const result = await runCli(['api', '--provider', 'Lakside', 'GET', '/api/v1/access'], { env })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('"Lakeside Medical Transport"')
    expect(server.counters().requestsByPath['/api/v1/rides/getRidesByDate']).toBeUndefined()
    expectNoSecrets(result, SECRETS)
  })

  it('says what a 403 means, exit 1, without the key or the query string', async () => {
    const result = await runCli(
      [
        'api',
        '--provider',
        'Lakeside Medical Transport',
        'GET',
        '/api/v1/riders/getByRiderId?rider_id=LMT-1002',
      ],
      { env },
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('HTTP 403')
    expect(result.stderr).not.toContain('api_key')
    expectNoSecrets(result, SECRETS)
  })
})
