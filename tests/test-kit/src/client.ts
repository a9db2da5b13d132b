import { DEMO_USER } from '@mediroutes/mock-server'
import { type Closable, closeAfterTest } from './cleanup.js'

/** Client options for the emulator's demo account. */
export interface DemoOptions {
  baseUrl: string
  username: string
  password: string
}

/** Client options for the demo account of the emulator listening at `server.url`. */
export function demoOptions(server: { url: string }): DemoOptions {
  return { baseUrl: server.url, username: DEMO_USER.username, password: DEMO_USER.password }
}

/**
 * Makes `clientFor(server, options)`: a client for the demo account of `server`, built by
 * `create` with `options` over {@link demoOptions}, and closed after the test. The factory is
 * passed in rather than imported so that auth-core's tests build clients from its source (and
 * the kit does not depend on the package it tests):
 * `export const clientFor = clientsFrom(createMediRoutesClient)`.
 */
export function clientsFrom<Options extends object, Client extends Closable>(
  create: (options: Options) => Client,
): (server: { url: string }, options?: Partial<Options>) => Client {
  // The demo account supplies what the factory requires; `create` validates the rest.
  return (server, options = {}) =>
    closeAfterTest(create({ ...demoOptions(server), ...options } as Options))
}
