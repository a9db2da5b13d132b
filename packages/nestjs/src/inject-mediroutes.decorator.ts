import { Inject } from '@nestjs/common'
import { getMediRoutesClientToken } from './mediroutes.tokens.js'

/**
 * Injects a MediRoutes client: `@InjectMediRoutes() client: MediRoutesClient` for the default
 * client, `@InjectMediRoutes('broker')` for the one registered with `name: 'broker'`.
 * Default: the default client (the same one injection by type gives).
 * @throws {MediRoutesAuthError} `invalid_config` when `name` is given but empty.
 */
export function InjectMediRoutes(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getMediRoutesClientToken(name))
}
