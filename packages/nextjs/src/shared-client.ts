import {
  createMediRoutesClient,
  type MediRoutesClient,
  type MediRoutesClientOptions,
  type MediRoutesEnv,
} from '@mediroutes/auth-core'
import { withEnvironment } from '@mediroutes/auth-core/internal'
import { assertServerRuntime } from './server-only.js'

/** Options for {@link getMediRoutesClient}: any client option, plus where to read `MEDIROUTES_*`. */
export interface GetMediRoutesClientOptions extends Partial<MediRoutesClientOptions> {
  /** Where `MEDIROUTES_*` are read from. Default `process.env`. Each of `baseUrl`, `username`, `password` and `clientId` you pass wins over its variable. */
  env?: MediRoutesEnv
}

interface Registry {
  client?: MediRoutesClient
  options?: GetMediRoutesClientOptions
}

/**
 * Kept on `globalThis`, not in a module variable: Next.js evaluates this module again on every
 * dev-mode reload and once per route bundle in production, and each copy must find the same
 * client, or each would log in and hold a token of its own.
 */
const REGISTRY_KEY = Symbol.for('@mediroutes/nextjs')

function registry(): Registry {
  const holder = globalThis as { [REGISTRY_KEY]?: Registry }
  holder[REGISTRY_KEY] ??= {}
  return holder[REGISTRY_KEY]
}

function sameOptions(
  a: GetMediRoutesClientOptions = {},
  b: GetMediRoutesClientOptions = {},
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<
    keyof GetMediRoutesClientOptions
  >
  for (const key of keys) if (a[key] !== b[key]) return false
  return true
}

/** The core's options rule: each connection option passed wins, each one left out comes from `MEDIROUTES_*`. */
function clientOptions(options: GetMediRoutesClientOptions = {}): MediRoutesClientOptions {
  const { env, ...explicit } = options
  return withEnvironment(explicit, env) as MediRoutesClientOptions
}

/**
 * The MediRoutes client of this server process: created on first use, then shared by every
 * Server Component, route handler and server action, and kept across dev-mode reloads.
 *
 * Configured from `MEDIROUTES_BASE_URL`, `MEDIROUTES_USERNAME`, `MEDIROUTES_PASSWORD` and
 * `MEDIROUTES_CLIENT_ID` by default; each option you pass wins over its variable (pass a shared `store` here for
 * serverless deployments). Call it with the same options everywhere, best from one module:
 * a call with different options closes the current client and replaces it.
 *
 * @throws {MediRoutesServerOnlyError} `server_only` when called in a browser.
 * @throws {MediRoutesAuthError} `invalid_config` naming the missing variable or option.
 * @example
 * const client = getMediRoutesClient()
 * const claims = await client.getAccess()
 * const trips = await client.forProvider('Lakeside Medical Transport').trips.getByDate('2026-12-05')
 */
export function getMediRoutesClient(options?: GetMediRoutesClientOptions): MediRoutesClient {
  assertServerRuntime('getMediRoutesClient()')
  const shared = registry()
  if (shared.client !== undefined) {
    if (options === undefined || sameOptions(shared.options, options)) return shared.client
    // A dev-mode reload of the module that configures the client lands here too: the new
    // options (a new store instance, say) must win over those of the previous evaluation.
    shared.client.close().catch(() => {})
    shared.client = undefined
  }
  const client = createMediRoutesClient(clientOptions(options))
  shared.client = client
  shared.options = options
  return client
}

/** The shared client when one exists, without creating one. */
export function peekMediRoutesClient(): MediRoutesClient | undefined {
  return registry().client
}

/**
 * Closes the shared client and forgets it; the next {@link getMediRoutesClient} creates a new one.
 * For graceful shutdown and for tests. Does nothing when there is no client.
 */
export async function closeMediRoutesClient(): Promise<void> {
  const shared = registry()
  const client = shared.client
  shared.client = undefined
  shared.options = undefined
  await client?.close()
}
