import { createMediRoutesClient, type MediRoutesAuthError } from '@mediroutes/auth-core'
import { MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { Inject, Injectable, Module } from '@nestjs/common'
import { ConfigModule, ConfigService } from '@nestjs/config'
import { ModuleRef } from '@nestjs/core'
import { describe, expect, it } from 'vitest'
import {
  getMediRoutesClientToken,
  InjectMediRoutes,
  MediRoutesClient,
  MediRoutesModule,
  type MediRoutesModuleOptions,
  type MediRoutesOptionsFactory,
} from '../src/index.js'
import {
  BROKER_USER,
  closeAfterTest,
  compile,
  DEMO_USER,
  demoOptions,
  emulator,
  rejectionOf,
  useEnv,
} from './helpers.js'

/** The provider whose client user `DEMO_USER` is. */
const LAKESIDE = 'Lakeside Medical Transport'

/** A consumer of the default client, injected by type. */
@Injectable()
class ByType {
  constructor(readonly mediroutes: MediRoutesClient) {}
}

/** A consumer of the default client, injected by decorator. */
@Injectable()
class ByDecorator {
  constructor(@InjectMediRoutes() readonly mediroutes: MediRoutesClient) {}
}

/**
 * Proves a client works end to end: one real, token-carrying API call through the emulator.
 * `/api/v1/access` needs only the bearer token, and its answer shows whose token it was.
 */
async function providerNames(client: MediRoutesClient): Promise<string[]> {
  const response = await client.fetch('/api/v1/access')
  expect(response.status).toBe(200)
  const claims = (await response.json()) as Array<{ TransportationProviderName: string }>
  return claims.map((claim) => claim.TransportationProviderName)
}

describe('MediRoutesModule registration', () => {
  it('forRoot: injects one client by type and by decorator, and it calls the API', async () => {
    const server = await emulator()
    const moduleRef = await compile({
      imports: [MediRoutesModule.forRoot(demoOptions(server))],
      providers: [ByType, ByDecorator],
    })
    const byType = moduleRef.get(ByType).mediroutes
    expect(byType).toBe(moduleRef.get(ByDecorator).mediroutes)
    expect(byType).toBe(moduleRef.get(MediRoutesClient))
    expect(byType.baseUrl).toBe(server.url)
    expect(await providerNames(byType)).toEqual([LAKESIDE])
    expect(server.counters().passwordGrants).toBe(1)
  })

  it('imports: [MediRoutesModule] reads MEDIROUTES_* at boot', async () => {
    const server = await emulator()
    useEnv({
      MEDIROUTES_BASE_URL: server.url,
      MEDIROUTES_USERNAME: DEMO_USER.username,
      MEDIROUTES_PASSWORD: DEMO_USER.password,
    })
    const moduleRef = await compile({ imports: [MediRoutesModule], providers: [ByType] })
    const client = moduleRef.get(ByType).mediroutes
    expect(client.baseUrl).toBe(server.url)
    expect(client.username).toBe(DEMO_USER.username)
    await providerNames(client)
  })

  it('imports: [MediRoutesModule] in two feature modules shares one client', async () => {
    const server = await emulator()
    useEnv({
      MEDIROUTES_BASE_URL: server.url,
      MEDIROUTES_USERNAME: DEMO_USER.username,
      MEDIROUTES_PASSWORD: DEMO_USER.password,
    })

    @Module({ imports: [MediRoutesModule], providers: [ByType], exports: [ByType] })
    class TripsFeature {}

    @Module({ imports: [MediRoutesModule], providers: [ByDecorator], exports: [ByDecorator] })
    class RidersFeature {}

    const moduleRef = await compile({ imports: [TripsFeature, RidersFeature] })
    expect(moduleRef.get(ByType).mediroutes).toBe(moduleRef.get(ByDecorator).mediroutes)
  })

  it('imports: [MediRoutesModule] without MEDIROUTES_* fails at boot with invalid_config', async () => {
    useEnv({ MEDIROUTES_USERNAME: undefined, MEDIROUTES_PASSWORD: undefined })
    const error = (await rejectionOf(
      compile({ imports: [MediRoutesModule], providers: [ByType] }),
    )) as MediRoutesAuthError
    expect(error.code).toBe('invalid_config')
    expect(error.message).toContain('MEDIROUTES_USERNAME')
  })

  it('forRoot without credentials takes them from MEDIROUTES_* and keeps the other options', async () => {
    const server = await emulator({ basePath: '/external' })
    useEnv({
      MEDIROUTES_BASE_URL: 'https://api.mediroutes.com',
      MEDIROUTES_USERNAME: DEMO_USER.username,
      MEDIROUTES_PASSWORD: DEMO_USER.password,
    })
    const moduleRef = await compile({
      imports: [MediRoutesModule.forRoot({ baseUrl: server.url, maxRetries: 1 })],
    })
    const client = moduleRef.get(MediRoutesClient)
    expect(client.baseUrl).toBe(server.url)
    await providerNames(client)
  })

  it('forRoot with a username only takes the password from MEDIROUTES_PASSWORD (the core rule)', async () => {
    const server = await emulator()
    useEnv({
      MEDIROUTES_BASE_URL: server.url,
      MEDIROUTES_USERNAME: 'someone-else',
      MEDIROUTES_PASSWORD: DEMO_USER.password,
    })
    const moduleRef = await compile({
      imports: [MediRoutesModule.forRoot({ username: DEMO_USER.username })],
    })
    const client = moduleRef.get(MediRoutesClient)
    expect(client.username).toBe(DEMO_USER.username)
    await providerNames(client)
    expect(server.tokenRequests().map((r) => r.username)).toEqual([DEMO_USER.username])
  })

  it('forRootAsync with useFactory, inject and imports (ConfigModule)', async () => {
    const server = await emulator()
    const moduleRef = await compile({
      imports: [
        MediRoutesModule.forRootAsync({
          imports: [
            ConfigModule.forRoot({
              ignoreEnvFile: true,
              load: [() => ({ mediroutes: demoOptions(server) })],
            }),
          ],
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            config.getOrThrow<MediRoutesModuleOptions>('mediroutes'),
        }),
      ],
      providers: [ByType],
    })
    const client = moduleRef.get(ByType).mediroutes
    expect(client.baseUrl).toBe(server.url)
    await providerNames(client)
  })

  it('forRootAsync with useClass instantiates the factory class with its own dependencies', async () => {
    const server = await emulator()
    const SERVER_URL = Symbol('SERVER_URL')

    @Injectable()
    class OptionsFromUrl implements MediRoutesOptionsFactory {
      constructor(@Inject(SERVER_URL) private readonly url: string) {}
      createMediRoutesOptions(): MediRoutesModuleOptions {
        return { ...demoOptions(server), baseUrl: this.url }
      }
    }

    @Module({ providers: [{ provide: SERVER_URL, useValue: server.url }], exports: [SERVER_URL] })
    class UrlModule {}

    const moduleRef = await compile({
      imports: [MediRoutesModule.forRootAsync({ imports: [UrlModule], useClass: OptionsFromUrl })],
    })
    await providerNames(moduleRef.get(MediRoutesClient))
  })

  it('forRootAsync with useExisting reuses a provider from an imported module', async () => {
    const server = await emulator()
    const created: string[] = []

    @Injectable()
    class SharedOptions implements MediRoutesOptionsFactory {
      constructor() {
        created.push('SharedOptions')
      }
      async createMediRoutesOptions(): Promise<MediRoutesModuleOptions> {
        return demoOptions(server)
      }
    }

    @Module({ providers: [SharedOptions], exports: [SharedOptions] })
    class SettingsModule {}

    const moduleRef = await compile({
      imports: [
        SettingsModule,
        MediRoutesModule.forRootAsync({ imports: [SettingsModule], useExisting: SharedOptions }),
      ],
    })
    await providerNames(moduleRef.get(MediRoutesClient))
    // useExisting must not create a second instance of the factory class.
    expect(created).toEqual(['SharedOptions'])
  })

  it('isGlobal makes the client injectable in modules that do not import MediRoutesModule', async () => {
    const server = await emulator()

    @Module({ providers: [ByType], exports: [ByType] })
    class FeatureModule {}

    const moduleRef = await compile({
      imports: [
        MediRoutesModule.forRoot({ ...demoOptions(server), isGlobal: true }),
        FeatureModule,
      ],
    })
    await providerNames(moduleRef.get(ByType).mediroutes)

    // Without isGlobal, the same graph cannot resolve the client: the test above can fail.
    @Module({ providers: [ByType], exports: [ByType] })
    class IsolatedFeatureModule {}
    const error = await rejectionOf(
      compile({
        imports: [MediRoutesModule.forRoot(demoOptions(server)), IsolatedFeatureModule],
      }),
    )
    expect(String(error)).toContain('MediRoutesClient')
  })

  it('several named clients: one per account, each injected by name', async () => {
    const server = await emulator({ users: [DEMO_USER, BROKER_USER] })

    @Injectable()
    class Dispatch {
      constructor(
        readonly provider: MediRoutesClient,
        @InjectMediRoutes('broker') readonly broker: MediRoutesClient,
      ) {}
    }

    const moduleRef = await compile({
      imports: [
        MediRoutesModule.forRoot(demoOptions(server)),
        MediRoutesModule.forRootAsync({
          name: 'broker',
          useFactory: () => ({ baseUrl: server.url, ...BROKER_USER }),
        }),
      ],
      providers: [Dispatch],
    })
    const { provider, broker } = moduleRef.get(Dispatch)
    expect(provider).not.toBe(broker)
    expect(provider.username).toBe(DEMO_USER.username)
    expect(broker.username).toBe(BROKER_USER.username)
    expect(moduleRef.get(getMediRoutesClientToken('broker'))).toBe(broker)
    // Each client calls with its own account's token: the claims differ.
    const [providerClaims, brokerClaims] = await Promise.all([
      providerNames(provider),
      providerNames(broker),
    ])
    expect(providerClaims).toEqual([LAKESIDE])
    expect(brokerClaims).toEqual(MOCK_PROVIDERS.map((p) => p.name))
    const users = server.tokenRequests().map((request) => request.username)
    expect(users.sort()).toEqual([BROKER_USER.username, DEMO_USER.username])
  })

  it('a store from the options is shared: two clients of one account cost one password grant', async () => {
    const server = await emulator()
    const { MemoryTokenStore } = await import('../src/index.js')
    const store = new MemoryTokenStore()
    const moduleRef = await compile({
      imports: [
        MediRoutesModule.forRoot({ ...demoOptions(server), store }),
        MediRoutesModule.forRoot({ ...demoOptions(server), store, name: 'second' }),
      ],
    })
    const first = moduleRef.get(MediRoutesClient)
    const second = moduleRef.get<MediRoutesClient>(getMediRoutesClientToken('second'))
    await providerNames(first)
    await providerNames(second)
    expect(server.counters().passwordGrants).toBe(1)
    expect(store.size).toBe(1)
  })

  it('forRoot rejects a bad name or isGlobal at once with invalid_config', () => {
    const options = { username: 'demo', password: 'x' }
    for (const bad of [
      () => MediRoutesModule.forRoot({ ...options, name: '' }),
      () => MediRoutesModule.forRootAsync({ name: '  ', useFactory: () => options }),
      () => MediRoutesModule.forRoot({ ...options, isGlobal: 'yes' as unknown as boolean }),
      () => InjectMediRoutes(''),
    ]) {
      let caught: unknown
      try {
        bad()
      } catch (error) {
        caught = error
      }
      expect((caught as MediRoutesAuthError | undefined)?.code).toBe('invalid_config')
    }
  })

  it('a handed-in client is injected as is and not closed on shutdown', async () => {
    const server = await emulator()
    const own = closeAfterTest(createMediRoutesClient(demoOptions(server)))
    const moduleRef = await compile({
      imports: [MediRoutesModule.forRoot({ client: own })],
      providers: [ByType],
    })
    expect(moduleRef.get(ByType).mediroutes).toBe(own)
    await moduleRef.close()
    // Still open: the caller owns it.
    await providerNames(own)
  })

  it('closes the client it created on shutdown, and never a store it was handed', async () => {
    const server = await emulator()
    const { MemoryTokenStore } = await import('../src/index.js')
    const closes: string[] = []
    class WatchedStore extends MemoryTokenStore {
      async close(): Promise<void> {
        closes.push('store')
      }
    }
    const moduleRef = await compile({
      imports: [MediRoutesModule.forRoot({ ...demoOptions(server), store: new WatchedStore() })],
    })
    const client = moduleRef.get(MediRoutesClient)
    await providerNames(client)
    await moduleRef.close()
    const error = (await rejectionOf(client.getAccessToken())) as MediRoutesAuthError
    expect(error.code).toBe('closed')
    expect(closes).toEqual([])
  })

  it('resolves clients through ModuleRef by token', async () => {
    const server = await emulator()
    const moduleRef = await compile({
      imports: [MediRoutesModule.forRoot({ ...demoOptions(server), name: 'ops' })],
    })
    const viaRef = moduleRef.get(ModuleRef).get(getMediRoutesClientToken('ops'), { strict: false })
    expect((viaRef as MediRoutesClient).username).toBe(DEMO_USER.username)
    expect(getMediRoutesClientToken()).toBe(MediRoutesClient)
  })
})
