import { BROKER_USER, DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import type { INestApplication } from '@nestjs/common'
import { type CreateAppOptions, createApp } from './create-app.js'

/** The emulator and the app, running together. */
export interface Demo {
  emulator: MockServer
  app: INestApplication
  /** The app's base URL. */
  url: string
  stop(): Promise<void>
}

/**
 * Starts the emulator, points `MEDIROUTES_*` at it (its client user `demo` and its brokerage
 * user `broker`), and starts the dispatch app.
 * Ports: `emulatorPort` (default 4010) and `appPort` (default 3000); 0 picks a free one.
 */
export async function startDemo(
  options: { emulatorPort?: number; appPort?: number } & CreateAppOptions = {},
): Promise<Demo> {
  const { emulatorPort = 4010, appPort = 3000, ...appOptions } = options
  const emulator = await startMockServer({ port: emulatorPort })
  process.env.MEDIROUTES_BASE_URL = emulator.url
  process.env.MEDIROUTES_USERNAME = DEMO_USER.username
  process.env.MEDIROUTES_PASSWORD = DEMO_USER.password
  process.env.MEDIROUTES_BROKER_USERNAME = BROKER_USER.username
  process.env.MEDIROUTES_BROKER_PASSWORD = BROKER_USER.password
  let app: INestApplication
  try {
    // The caller owns the signals: it must stop the emulator too, after the app.
    app = await createApp({ ...appOptions, shutdownHooks: false })
    await app.listen(appPort, '127.0.0.1')
  } catch (error) {
    await emulator.close()
    throw error
  }
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
  return {
    emulator,
    app,
    url,
    stop: async () => {
      await app.close()
      await emulator.close()
    },
  }
}
