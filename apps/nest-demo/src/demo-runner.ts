import { generateWebhookSecret } from '@mediroutes/auth-core/webhooks'
import {
  BROKER_USER,
  DEMO_USER,
  type MockServer,
  type PlayDayOptions,
  type PlayedDay,
  startMockServer,
} from '@mediroutes/mock-server'
import type { INestApplication } from '@nestjs/common'
import { type CreateAppOptions, createApp } from './create-app.js'
import { subscribeTripWebhooks } from './trip-webhooks/trip-webhooks.js'

/** The emulator and the app, running together. */
export interface Demo {
  emulator: MockServer
  app: INestApplication
  /** The app's base URL. */
  url: string
  /** The day the emulator plays (with `playDay`), delivering trip changes to the app. */
  played?: PlayedDay
  stop(): Promise<void>
}

/**
 * Starts the emulator, points `MEDIROUTES_*` at it (its client user `demo` and its brokerage
 * user `broker`), and starts the dispatch app.
 * Ports: `emulatorPort` (default 4010) and `appPort` (default 3000); 0 picks a free one.
 */
export async function startDemo(
  options: {
    emulatorPort?: number
    appPort?: number
    playDay?: PlayDayOptions
  } & CreateAppOptions = {},
): Promise<Demo> {
  const { emulatorPort = 4010, appPort = 3000, playDay, ...appOptions } = options
  const emulator = await startMockServer({ port: emulatorPort })
  process.env.MEDIROUTES_BASE_URL = emulator.url
  process.env.MEDIROUTES_USERNAME = DEMO_USER.username
  process.env.MEDIROUTES_PASSWORD = DEMO_USER.password
  process.env.MEDIROUTES_BROKER_USERNAME = BROKER_USER.username
  process.env.MEDIROUTES_BROKER_PASSWORD = BROKER_USER.password
  let app: INestApplication
  try {
    // The caller owns the signals: it must stop the emulator too, after the app.
    // Trip webhooks on, with a fresh secret: the emulator delivers to this app.
    app = await createApp({
      tripWebhooks: { secret: generateWebhookSecret() },
      ...appOptions,
      shutdownHooks: false,
    })
    await app.listen(appPort, '127.0.0.1')
  } catch (error) {
    await emulator.close()
    throw error
  }
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
  try {
    await subscribeTripWebhooks(app, url, new Date(emulator.clock.now()).toISOString().slice(0, 10))
  } catch (error) {
    await app.close()
    await emulator.close()
    throw error
  }
  return {
    emulator,
    app,
    url,
    ...(playDay === undefined ? {} : { played: emulator.webhooks.playDay(playDay) }),
    stop: async () => {
      await app.close()
      await emulator.close()
    },
  }
}
