import type {
  MediRoutesClient as CoreMediRoutesClient,
  MediRoutesClientOptions,
} from '@mediroutes/auth-core'

/** Client options where any of `baseUrl`, `username`, `password` and `clientId` may be left out, to be read from `MEDIROUTES_*`. */
export type MediRoutesEnvClientOptions = Omit<MediRoutesClientOptions, 'username' | 'password'> &
  Partial<Pick<MediRoutesClientOptions, 'username' | 'password'>>

/** A client you created yourself. The module injects it and never closes it. */
export interface MediRoutesExistingClientOptions {
  client: CoreMediRoutesClient
}

/**
 * What `MediRoutesModule` builds its client from, one of:
 * - the core's `MediRoutesClientOptions` (`username`, `password`, `baseUrl`, `store`, ...);
 * - the same with any of `baseUrl`, `username`, `password` and `clientId` left out: each one
 *   left out is read from `MEDIROUTES_BASE_URL`, `MEDIROUTES_USERNAME`, `MEDIROUTES_PASSWORD`
 *   and `MEDIROUTES_CLIENT_ID`, each one passed wins (a bare `imports: [MediRoutesModule]`
 *   reads all four);
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
