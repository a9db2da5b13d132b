import type {
  MediRoutesClient as CoreMediRoutesClient,
  MediRoutesAccess,
  MediRoutesEventName,
  MediRoutesListener,
  MediRoutesProviderClient,
  TokenSet,
  TokenStatus,
} from '@mediroutes/auth-core'

/**
 * The authenticated MediRoutes client, as an injection token and a type:
 * `constructor(private readonly mediroutes: MediRoutesClient) {}` receives the default client
 * registered by `MediRoutesModule`. Named clients are injected with `@InjectMediRoutes(name)`.
 *
 * Nest needs a runtime value to inject by type, and the core's client is an interface, so this
 * abstract class stands in for it. The instance injected is the client created by
 * `createMediRoutesClient` from `@mediroutes/auth-core`, not a subclass: do not test it with
 * `instanceof`.
 */
export abstract class MediRoutesClient implements CoreMediRoutesClient {
  /** `fetch` with the token added; relative paths resolve against `baseUrl`. Other origins are refused. */
  abstract fetch(input: string | URL, init?: RequestInit): Promise<Response>
  /** A valid access token (cached, refreshed ahead of expiry). Keep it out of logs. */
  abstract getAccessToken(): Promise<string>
  /** The whole token set. Keep it out of logs. */
  abstract getTokenSet(): Promise<TokenSet>
  /** The account's access claims: providers with their API keys (kept out of logs) and funding sources. */
  abstract getAccess(): Promise<MediRoutesAccess>
  /** A client bound to one provider (by name or API key) that adds its key to every call. */
  abstract forProvider(nameOrApiKey: string): MediRoutesProviderClient
  /** What the client knows about its token, without calling `/token` and without secrets. */
  abstract status(): Promise<TokenStatus>
  /** Subscribes to `acquired`, `refreshed`, `failed` or `rateLimited`; returns the unsubscribe function. */
  abstract on<E extends MediRoutesEventName>(event: E, listener: MediRoutesListener<E>): () => void
  /** The configured root URL, without a trailing slash. */
  abstract readonly baseUrl: string
  /** The configured username (not a secret). */
  abstract readonly username: string
  /** Stops the client. The module calls it on shutdown for the clients it created; do not call it on those yourself. */
  abstract close(): Promise<void>
}
