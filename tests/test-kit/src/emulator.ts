import { type MockServer, type MockServerOptions, startMockServer } from '@mediroutes/mock-server'
import { closeAfterTest } from './cleanup.js'

/**
 * Starts the emulator over real HTTP on a free loopback port, closed after the test.
 * `options` go to `startMockServer` as they are (its defaults apply, rate limits included).
 */
export async function emulator(options: MockServerOptions = {}): Promise<MockServer> {
  return closeAfterTest(await startMockServer(options))
}

/**
 * {@link emulator} with a package's own defaults, which a test's options override
 * (shallowly): `export const emulator = emulatorWith({ rateLimit: false })`.
 */
export function emulatorWith(
  defaults: MockServerOptions,
): (options?: MockServerOptions) => Promise<MockServer> {
  return (options = {}) => emulator({ ...defaults, ...options })
}
