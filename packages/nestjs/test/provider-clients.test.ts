import { MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { Injectable } from '@nestjs/common'
import { describe, expect, it } from 'vitest'
import {
  getMediRoutesProviderToken,
  InjectMediRoutes,
  type MediRoutesAuthError,
  MediRoutesModule,
  type MediRoutesProviderClient,
} from '../src/index.js'
import { BROKER_USER, compile, emulator, rejectionOf } from './helpers.js'

const LAKESIDE = 'Lakeside Medical Transport'
const RIVERSIDE = 'Riverside Wheelchair Vans'
const today = () => new Date().toISOString().slice(0, 10)

/** A service that works for two providers of a brokerage account. */
@Injectable()
class Dispatch {
  constructor(
    @InjectMediRoutes({ provider: LAKESIDE }) readonly lakeside: MediRoutesProviderClient,
    @InjectMediRoutes({ provider: RIVERSIDE, name: 'broker' })
    readonly riverside: MediRoutesProviderClient,
  ) {}
}

describe('provider-scoped clients', () => {
  it("injects a client per provider that calls with that provider's key", async () => {
    const server = await emulator()
    const options = { baseUrl: server.url, ...BROKER_USER }
    const moduleRef = await compile({
      imports: [
        MediRoutesModule.forRoot({ ...options, providers: [LAKESIDE] }),
        MediRoutesModule.forRootAsync({
          name: 'broker',
          providers: [RIVERSIDE],
          useFactory: () => options,
        }),
      ],
      providers: [Dispatch],
    })
    const { lakeside, riverside } = moduleRef.get(Dispatch)
    expect(moduleRef.get(getMediRoutesProviderToken(LAKESIDE))).toBe(lakeside)
    const [lakesideTrips, riversideTrips] = await Promise.all([
      lakeside.trips.getByDate(today()),
      riverside.trips.getByDate(today()),
    ])
    // The trips of each provider's shared funding sources: the key chose the provider.
    expect(new Set(lakesideTrips.map((t) => t.funding_source_id))).toEqual(new Set([1101]))
    expect(new Set(riversideTrips.map((t) => t.funding_source_id))).toEqual(new Set([2201, 2202]))
    expect((await riverside.provider()).name).toBe(RIVERSIDE)
    expect(JSON.stringify(await riverside.provider())).not.toContain(MOCK_PROVIDERS[1]!.apiKey)
  })

  it('a provider the claims do not list fails its calls with unknown_provider', async () => {
    const server = await emulator()
    @Injectable()
    class Wrong {
      constructor(
        @InjectMediRoutes({ provider: 'Lakside' }) readonly client: MediRoutesProviderClient,
      ) {}
    }
    const moduleRef = await compile({
      imports: [
        MediRoutesModule.forRoot({ baseUrl: server.url, ...BROKER_USER, providers: ['Lakside'] }),
      ],
      providers: [Wrong],
    })
    const error = (await rejectionOf(
      moduleRef.get(Wrong).client.trips.getByDate(today()),
    )) as MediRoutesAuthError
    expect(error.code).toBe('unknown_provider')
    expect(error.message).toContain(`"${LAKESIDE}"`)
  })

  it('refuses an empty or repeated provider name at registration', async () => {
    expect(() => MediRoutesModule.forRoot({ ...BROKER_USER, providers: [''] })).toThrow(
      /non-empty string/,
    )
    expect(() =>
      MediRoutesModule.forRoot({ ...BROKER_USER, providers: [LAKESIDE, LAKESIDE] }),
    ).toThrow(/twice/)
  })
})
