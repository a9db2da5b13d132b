import type { MediRoutesClient, MediRoutesClientOptions } from '@mediroutes/auth-core'

/** Client options are not allowed next to `client` (the plugin would silently ignore them). */
type WithoutClientOptions = { [K in keyof MediRoutesClientOptions]?: never }

/** Client options whose credentials may come from `MEDIROUTES_*` instead. */
type ClientOptionsOrEnvironment = Omit<MediRoutesClientOptions, 'username' | 'password'> &
  Partial<Pick<MediRoutesClientOptions, 'username' | 'password'>>

/** Options every form of registration accepts. */
export interface MediRoutesRegistrationOptions {
  /**
   * Registers the client as `fastify.mediroutes.<namespace>` instead of `fastify.mediroutes`, for
   * several accounts. Must be a JavaScript identifier, unique per Fastify instance. Default: none.
   */
  namespace?: string
}

/**
 * Options of the `@mediroutes/fastify` plugin, in one of three forms:
 * - client options (`{ username, password, baseUrl?, … }`): the plugin creates the client,
 *   validates the options at registration and closes the client in `onClose`;
 *   its logs go to `fastify.log` unless you pass `logger`. Each of `baseUrl`, `username`,
 *   `password` and `clientId` you leave out is read from `MEDIROUTES_BASE_URL`,
 *   `MEDIROUTES_USERNAME`, `MEDIROUTES_PASSWORD` and `MEDIROUTES_CLIENT_ID` (so nothing at all,
 *   or only `{ store }`, reads all four);
 * - `{ client }`: a client you created; the plugin never closes it.
 *
 * Registration throws `MediRoutesAuthError` with code `invalid_config` for anything missing or wrong.
 */
export type MediRoutesPluginOptions =
  | (MediRoutesRegistrationOptions & ClientOptionsOrEnvironment & { client?: never })
  | (MediRoutesRegistrationOptions & { client: MediRoutesClient } & WithoutClientOptions)
  | (MediRoutesRegistrationOptions & { client?: never } & WithoutClientOptions)
