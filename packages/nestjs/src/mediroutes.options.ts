import type {
  MediRoutesClient as CoreMediRoutesClient,
  MediRoutesClientOptions,
} from '@mediroutes/auth-core'

/** Client options read from the environment: everything but the credentials. */
export type MediRoutesEnvClientOptions = Omit<MediRoutesClientOptions, 'username' | 'password'> & {
  username?: undefined
  password?: undefined
}

/** A client you created yourself. The module injects it and never closes it. */
export interface MediRoutesExistingClientOptions {
  client: CoreMediRoutesClient
}

/**
 * What `MediRoutesModule` builds its client from, one of:
 * - the core's `MediRoutesClientOptions` (`username`, `password`, `baseUrl`, `store`, ...);
 * - the same without `username` and `password`: those, and `baseUrl`/`clientId` unless given,
 *   come from `MEDIROUTES_USERNAME`, `MEDIROUTES_PASSWORD`, `MEDIROUTES_BASE_URL` and
 *   `MEDIROUTES_CLIENT_ID` (what a bare `imports: [MediRoutesModule]` does with `{}`);
 * - `{ client }`: a client you created and will close yourself.
 *
 * The store defaults to a new in-memory store, closed with the client; a store you pass is never
 * closed by the module. The logger defaults to Nest's `Logger` with the context `MediRoutes`
 * (`MediRoutes:<name>` for a named client).
 */
export type MediRoutesModuleOptions =
  | MediRoutesClientOptions
  | MediRoutesEnvClientOptions
  | MediRoutesExistingClientOptions

/** Registration options that shape the Nest module rather than the client. */
export interface MediRoutesModuleExtras {
  /** Make the client injectable in every module without importing `MediRoutesModule` again. Default false. */
  isGlobal?: boolean
  /** Register a named client, injected with `@InjectMediRoutes(name)`. Default: the default client, injectable by type. */
  name?: string
  /**
   * Transportation providers (names as the account's access claims list them) to register
   * provider-scoped clients for, injected with `@InjectMediRoutes({ provider })` (plus `name` for a
   * named client). Each adds its provider's API key to every call. Default: none.
   */
  providers?: readonly string[]
}

/** A class that `forRootAsync({ useClass })` or `forRootAsync({ useExisting })` asks for the options. */
export interface MediRoutesOptionsFactory {
  createMediRoutesOptions(): MediRoutesModuleOptions | Promise<MediRoutesModuleOptions>
}
