import { inspect } from 'node:util'
import { createAuthenticatedFetch } from './authenticated-fetch.js'
import { EventHub, type MediRoutesEventName, type MediRoutesListener } from './events.js'
import { type MediRoutesClientOptions, resolveOptions } from './options.js'
import { TokenManager, type TokenStatus } from './token-manager.js'
import type { TokenSet } from './token-set.js'

/** An authenticated MediRoutes client. One per account and process is enough. */
export interface MediRoutesClient {
  /** `fetch` with the token added; relative paths resolve against `baseUrl`. Other origins are refused. */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>
  /** A valid access token (cached, refreshed ahead of expiry). Keep it out of logs. */
  getAccessToken(): Promise<string>
  /** The whole token set. Keep it out of logs. */
  getTokenSet(): Promise<TokenSet>
  /** What the client knows about its token, without calling `/token` and without secrets. */
  status(): Promise<TokenStatus>
  /** Subscribes to `acquired`, `refreshed`, `failed` or `rateLimited`; returns the unsubscribe function. */
  on<E extends MediRoutesEventName>(event: E, listener: MediRoutesListener<E>): () => void
  /** The configured root URL, without a trailing slash. */
  readonly baseUrl: string
  /** The configured username (not a secret). */
  readonly username: string
  /** Stops timers and waits, closes a store the client created itself. Later calls throw `closed`. */
  close(): Promise<void>
}

class Client implements MediRoutesClient {
  readonly #manager: TokenManager
  readonly #events = new EventHub()
  readonly #close: () => Promise<void>
  readonly fetch: MediRoutesClient['fetch']
  readonly baseUrl: string
  readonly username: string

  constructor(options: MediRoutesClientOptions) {
    const resolved = resolveOptions(options)
    this.baseUrl = resolved.baseUrl
    this.username = resolved.username
    this.#manager = new TokenManager(resolved, this.#events)
    this.fetch = createAuthenticatedFetch(resolved, this.#manager, this.#events)
    let closed: Promise<void> | undefined
    this.#close = () => {
      closed ??= (async () => {
        this.#manager.close()
        this.#events.clear()
        if (resolved.storeIsOwned) await resolved.store.close?.()
      })()
      return closed
    }
  }

  async getAccessToken(): Promise<string> {
    return (await this.#manager.getTokenSet()).accessToken
  }

  getTokenSet(): Promise<TokenSet> {
    return this.#manager.getTokenSet()
  }

  status(): Promise<TokenStatus> {
    return this.#manager.status()
  }

  on<E extends MediRoutesEventName>(event: E, listener: MediRoutesListener<E>): () => void {
    return this.#events.on(event, listener)
  }

  close(): Promise<void> {
    return this.#close()
  }

  toJSON(): { type: string; baseUrl: string; username: string } {
    return { type: 'MediRoutesClient', baseUrl: this.baseUrl, username: this.username }
  }

  [inspect.custom](): string {
    return `MediRoutesClient { baseUrl: '${this.baseUrl}', username: '${this.username}' }`
  }
}

/**
 * Creates an authenticated MediRoutes client.
 * @throws {MediRoutesAuthError} `invalid_config` at once when an option is missing or wrong.
 * @example
 * const client = createMediRoutesClient(mediRoutesOptionsFromEnv())
 * const providers = await (await client.fetch('/api/v1/access')).json()
 */
export function createMediRoutesClient(options: MediRoutesClientOptions): MediRoutesClient {
  return new Client(options)
}
