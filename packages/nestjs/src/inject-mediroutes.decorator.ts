import { Inject } from '@nestjs/common'
import { getMediRoutesClientToken, getMediRoutesProviderToken } from './mediroutes.tokens.js'

/** What `@InjectMediRoutes({ ... })` names: a provider-scoped client, of the default or a named client. */
export interface InjectMediRoutesOptions {
  /** The client registered with this `name`. Default: the default client. */
  name?: string
  /** A provider listed in the registration's `providers`: injects its provider-scoped client. */
  provider?: string
}

/**
 * Injects a MediRoutes client: `@InjectMediRoutes() client: MediRoutesClient` for the default
 * client, `@InjectMediRoutes('broker')` for the one registered with `name: 'broker'`, and
 * `@InjectMediRoutes({ provider: 'Lakeside Medical Transport' })` for the provider-scoped client
 * (`MediRoutesProviderClient`) registered with `providers: ['Lakeside Medical Transport']`,
 * which adds that provider's API key to every call.
 * Default: the default client (the same one injection by type gives).
 * @throws {MediRoutesAuthError} `invalid_config` when a name or provider is given but empty.
 */
export function InjectMediRoutes(
  nameOrOptions?: string | InjectMediRoutesOptions,
): PropertyDecorator & ParameterDecorator {
  if (typeof nameOrOptions === 'object' && nameOrOptions !== null) {
    const { name, provider } = nameOrOptions
    if (provider !== undefined) return Inject(getMediRoutesProviderToken(provider, name))
    return Inject(getMediRoutesClientToken(name))
  }
  return Inject(getMediRoutesClientToken(nameOrOptions))
}
