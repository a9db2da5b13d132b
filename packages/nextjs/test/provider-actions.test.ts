import { BROKER_USER, MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { afterEach, describe, expect, it } from 'vitest'
import {
  callMediRoutes,
  closeMediRoutesClient,
  fetchMediRoutesJson,
  getMediRoutesProvider,
  mediRoutesAction,
} from '../src/index.js'
import { clientFor, emulator, quietLogger, recordingFetch, today } from './helpers.js'

afterEach(async () => {
  await closeMediRoutesClient()
})

const LAKESIDE = MOCK_PROVIDERS[0]!
const RIVERSIDE = MOCK_PROVIDERS[1]!
const broker = { username: BROKER_USER.username, password: BROKER_USER.password }

describe('server actions that name the provider', () => {
  it("call with that provider's key, added on the server", async () => {
    const server = await emulator()
    const transport = recordingFetch()
    const client = clientFor(server, { ...broker, fetch: transport })
    const trips = await fetchMediRoutesJson<{ Data: { funding_source_id: number }[] }>(
      `/api/v1/rides/getRidesByDate?date=${today()}`,
      { client, provider: RIVERSIDE.name },
    )
    expect(new Set(trips.Data.map((t) => t.funding_source_id))).toEqual(new Set([2201, 2202]))
    const sent = transport.api().find((r) => r.url.pathname.endsWith('getRidesByDate'))!
    expect(sent.url.searchParams.get('api_key')).toBe(RIVERSIDE.apiKey)
  })

  it("return the typed helpers' Data through mediRoutesAction", async () => {
    const server = await emulator()
    const client = clientFor(server, broker)
    const tripsOfDay = mediRoutesAction(
      async (date: string) => getMediRoutesProvider(LAKESIDE.name, client).trips.getByDate(date),
      { client, logger: quietLogger },
    )
    const result = await tripsOfDay(today())
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.data.every((t) => t.funding_source_id === 1101)).toBe(true)
  })

  it('withhold a result that carries a provider key', async () => {
    const server = await emulator()
    const client = clientFor(server, broker)
    const leaky = mediRoutesAction(
      async () => (await getMediRoutesProvider(LAKESIDE.name, client).provider()).apiKey,
      { client, logger: quietLogger },
    )
    const result = await leaky()
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toContain(LAKESIDE.apiKey)
  })

  it('answer unknown_provider with a message the UI can show, without keys', async () => {
    const server = await emulator()
    const client = clientFor(server, broker)
    const result = await callMediRoutes(`/api/v1/rides/getRidesByDate?date=${today()}`, {
      client,
      provider: 'Lakside',
      logger: quietLogger,
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_provider', status: 403 } })
    for (const provider of MOCK_PROVIDERS)
      expect(JSON.stringify(result)).not.toContain(provider.apiKey)
  })
})
