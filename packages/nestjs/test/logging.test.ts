import { inspect } from 'node:util'
import type { MediRoutesAuthError } from '@mediroutes/auth-core'
import { describe, expect, it } from 'vitest'
import { getMediRoutesClientToken, MediRoutesClient, MediRoutesModule } from '../src/index.js'
import { nestLoggerBridge } from '../src/nest-logger.bridge.js'
import {
  compile,
  DEMO_USER,
  demoOptions,
  emulator,
  expectNoSecrets,
  RecordingLogger,
  rejectionOf,
} from './helpers.js'

describe('logging through Nest', () => {
  it('writes the client lifecycle to the Nest logger, with no password or token', async () => {
    const server = await emulator()
    const logger = new RecordingLogger()
    const moduleRef = await compile(
      {
        imports: [
          MediRoutesModule.forRoot(demoOptions(server)),
          MediRoutesModule.forRoot({
            ...demoOptions(server),
            password: 'a-wrong-secret-password',
            name: 'broker',
            maxRetries: 0,
          }),
        ],
      },
      logger,
    )
    const client = moduleRef.get(MediRoutesClient)
    const first = await client.getTokenSet()
    server.revokeAccessTokens()
    // A token-carrying call meets the revoked token's 401 and refreshes.
    expect((await client.fetch('/api/v1/access')).status).toBe(200)
    const second = await client.getTokenSet()
    const broker = moduleRef.get<MediRoutesClient>(getMediRoutesClientToken('broker'))
    const refused = (await rejectionOf(broker.getAccessToken())) as MediRoutesAuthError
    expect(refused.code).toBe('invalid_credentials')
    await moduleRef.close()

    const mine = logger.from('MediRoutes')
    expect(mine.some((line) => line.startsWith('log [MediRoutes] MediRoutes token obtained'))).toBe(
      true,
    )
    expect(mine.some((line) => line.includes('"grant":"refresh"'))).toBe(true)
    expect(
      logger.from('MediRoutes:broker').some((line) => line.startsWith('error [MediRoutes:broker]')),
    ).toBe(true)
    expectNoSecrets(logger.lines.join('\n'), [
      DEMO_USER.password,
      'a-wrong-secret-password',
      first.accessToken,
      first.refreshToken,
      second.accessToken,
      second.refreshToken,
    ])
    // The injected client is just as careful when inspected or serialised.
    expectNoSecrets(`${inspect(client, { showHidden: true, depth: 5 })}${JSON.stringify(client)}`, [
      DEMO_USER.password,
      second.accessToken,
      second.refreshToken,
    ])
  })

  it('redacts secret-looking fields that reach the bridge, and maps levels', async () => {
    const logger = new RecordingLogger()
    await compile({}, logger)
    const bridge = nestLoggerBridge('MediRoutes')
    bridge.info({ password: 'p4ss', nested: { refreshToken: 'r3fr', ok: 1 } }, 'hello')
    bridge.debug({}, 'quiet')
    bridge.warn({ status: 503 }, 'careful')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    bridge.error(cyclic, 'broken fields')
    expect(logger.from('MediRoutes')).toEqual([
      'log [MediRoutes] hello {"password":"[redacted]","nested":{"refreshToken":"[redacted]","ok":1}}',
      'debug [MediRoutes] quiet',
      'warn [MediRoutes] careful {"status":503}',
      'error [MediRoutes] broken fields {"fields":"[unserializable]"}',
    ])
  })
})
