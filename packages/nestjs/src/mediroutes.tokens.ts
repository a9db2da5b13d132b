import { MediRoutesAuthError } from '@mediroutes/auth-core'
import { MediRoutesClient } from './mediroutes.client.js'
import { DEFAULT_MEDIROUTES_CLIENT_NAME } from './mediroutes.constants.js'

/**
 * The injection token of a client: the `MediRoutesClient` class for the default client, so that
 * injection by type works, and `MediRoutesClient:<name>` for a named one. Use it with
 * `moduleRef.get(...)`, in `inject: [...]` of a factory, or to override the client in tests.
 * @throws {MediRoutesAuthError} `invalid_config` when `name` is not a non-empty string.
 */
export function getMediRoutesClientToken(
  name: string = DEFAULT_MEDIROUTES_CLIENT_NAME,
): typeof MediRoutesClient | string {
  const checked = checkClientName(name)
  return checked === DEFAULT_MEDIROUTES_CLIENT_NAME
    ? MediRoutesClient
    : `MediRoutesClient:${checked}`
}

/**
 * Validates a client name given to `forRoot`, `forRootAsync`, `@InjectMediRoutes` or the health indicator.
 * @throws {MediRoutesAuthError} `invalid_config` naming the fix.
 */
export function checkClientName(name: unknown): string {
  if (name === undefined) return DEFAULT_MEDIROUTES_CLIENT_NAME
  if (typeof name !== 'string' || name.trim() === '') {
    throw new MediRoutesAuthError(
      'invalid_config',
      `the MediRoutes client name must be a non-empty string such as 'broker' (got ${describeValue(name)}); leave it out for the default client`,
    )
  }
  return name
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : typeof value
}

/**
 * The injection token of the provider-scoped client for `provider` of the client `name`
 * (default: the default client): what `@InjectMediRoutes({ provider, name })` injects, for
 * `moduleRef.get(...)`, `inject: [...]` or overriding in tests.
 * @throws {MediRoutesAuthError} `invalid_config` when `provider` or `name` is not a non-empty string.
 */
export function getMediRoutesProviderToken(
  provider: string,
  name: string = DEFAULT_MEDIROUTES_CLIENT_NAME,
): string {
  return `MediRoutesProviderClient:${checkClientName(name)}:${checkProviderName(provider)}`
}

/**
 * Validates a provider name given in `providers` or to `@InjectMediRoutes({ provider })`.
 * @throws {MediRoutesAuthError} `invalid_config` naming the fix.
 */
export function checkProviderName(provider: unknown): string {
  if (typeof provider !== 'string' || provider.trim() === '') {
    throw new MediRoutesAuthError(
      'invalid_config',
      `a MediRoutes provider must be named by a non-empty string such as 'Lakeside Medical Transport' (got ${describeValue(provider)})`,
    )
  }
  return provider.trim()
}
