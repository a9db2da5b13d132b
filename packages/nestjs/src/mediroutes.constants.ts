/** The name of the client registered without a `name`. */
export const DEFAULT_MEDIROUTES_CLIENT_NAME = 'default'

/** Module-scoped token holding the client name of one `MediRoutesModule` registration. */
export const MEDIROUTES_CLIENT_NAME = Symbol('MEDIROUTES_CLIENT_NAME')

/** Module-scoped token of the options of one `MediRoutesModule` registration. */
export const MEDIROUTES_MODULE_OPTIONS = 'MEDIROUTES_MODULE_OPTIONS'

/** Nest logger context for the default client; named clients use `MediRoutes:<name>`. */
export const MEDIROUTES_LOGGER_CONTEXT = 'MediRoutes'
