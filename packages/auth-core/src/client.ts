import { inspect } from 'node:util'
import { AccessManager, type MediRoutesAccess } from './access.js'
import { createAuthenticatedFetch } from './authenticated-fetch.js'
import { EventHub, type MediRoutesEventName, type MediRoutesListener } from './events.js'
import { type MediRoutesClientOptions, resolveOptions } from './options.js'
import { createProviderClient, type MediRoutesProviderClient } from './provider-client.js'
import { createClientTelemetry } from './telemetry/client-telemetry.js'
import { TokenManager, type TokenStatus } from './token-manager.js'
import type { TokenSet } from './token-set.js'

/** An authenticated MediRoutes client. One per account and process is enough. */
export interface MediRoutesClient {
  /** `fetch` with the token added; relative paths resolve against `baseUrl`. Other origins are refused. */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>
  /** A valid access token (cached, refreshed ahead of expiry). Keep it out of logs. */
  getAccessToken(): Promise<string>
  /** The whole token set (without the access claims stored next to it). Keep it out of logs. */
  getTokenSet(): Promise<TokenSet>
  /**
   * The account's access claims (`GET /api/v1/access`): the providers it may act for, with their
   * API keys, and their funding sources. Read at most once per token lifetime, once at a time per
   * process, and kept in the token store next to the tokens so a fleet sharing a store reads them
   * once. API keys stay out of `JSON.stringify` and `util.inspect`.
   * @throws {MediRoutesAuthError} as `getAccessToken`, plus `access_denied`, `rate_limited`,
   * `api_error` or `invalid_response` when the claims cannot be read.
   */
  getAccess(): Promise<MediRoutesAccess>
  /**
   * A client bound to one provider, named as `getAccess()` lists it (case-insensitive) or by its
   * API key: every call carries the provider's key, and typed helpers cover the documented
   * endpoints. Nothing is read until the first call.
   * @throws {MediRoutesAuthError} `invalid_config` for an empty name; its calls reject with
   * `unknown_provider` (listing the names the claims know, never keys) or `access_denied`.
   */
  forProvider(nameOrApiKey: string): MediRoutesProviderClient
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
  readonly #access: AccessManager
  readonly #events = new EventHub()
  readonly #close: () => Promise<void>
  /** The token set the hot path served last, and its access token as a settled promise. */
  #servedTokens: TokenSet | undefined
  #servedToken: Promise<string> = Promise.resolve('')
  readonly fetch: MediRoutesClient['fetch']
  readonly baseUrl: string
  readonly username: string

  constructor(options: MediRoutesClientOptions) {
    const resolved = resolveOptions(options)
    this.baseUrl = resolved.baseUrl
    this.username = resolved.username
    const telemetry = createClientTelemetry(options.telemetry, resolved.logger)
    this.#manager = new TokenManager(resolved, this.#events, telemetry)
    this.fetch = createAuthenticatedFetch(resolved, this.#manager, this.#events)
    this.#access = new AccessManager(resolved, this.#manager, this.fetch)
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

  getAccessToken(): Promise<string> {
    // The hot path: a token known fresh is handed out without awaiting the store.
    const fresh = this.#manager.freshTokenSet()
    if (fresh !== undefined) {
      // One settled promise per token set, not one per call: a promise cannot be changed by its holders.
      if (fresh !== this.#servedTokens) {
        this.#servedTokens = fresh
        this.#servedToken = Promise.resolve(fresh.accessToken)
      }
      return this.#servedToken
    }
    return this.#manager.getTokenSet().then(accessTokenOf)
  }

  async getTokenSet(): Promise<TokenSet> {
    const { access: _claims, ...tokens } = await this.#manager.getTokenSet()
    return tokens
  }

  async getAccess(): Promise<MediRoutesAccess> {
    return (await this.#access.current()).view
  }

  forProvider(nameOrApiKey: string): MediRoutesProviderClient {
    return createProviderClient(
      {
        baseUrl: this.baseUrl,
        fetch: this.fetch,
        getAccessToken: () => this.getAccessToken(),
        access: this.#access,
      },
      nameOrApiKey,
    )
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

function accessTokenOf(tokens: TokenSet): string {
  return tokens.accessToken
}

/**
 * Creates an authenticated MediRoutes client.
 * @throws {MediRoutesAuthError} `invalid_config` at once when an option is missing or wrong.
 * @example
 * const client = createMediRoutesClient(mediRoutesOptionsFromEnv())
 * const trips = await client.forProvider('Lakeside Medical Transport').trips.getByDate('2026-12-05')
 */
export function createMediRoutesClient(options: MediRoutesClientOptions): MediRoutesClient {
  return new Client(options)
}
