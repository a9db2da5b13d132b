import { inspect } from 'node:util'
import type { AccessManager, Claims, ProviderAccess } from './access.js'
import { resolveApiUrl } from './authenticated-fetch.js'
import { MediRoutesAuthError } from './errors.js'
import { apiFailure, unwrapData } from './v1-response.js'
import type {
  MediRoutesRider,
  MediRoutesTrip,
  MediRoutesTripPropertyKey,
  MediRoutesTripRef,
  MediRoutesTripUpdate,
  NewMediRoutesTrip,
} from './v1-types.js'

/** Per-call options of the typed helpers. */
export interface ProviderCallOptions {
  /** Aborts the call (and any wait for a rate limit). */
  signal?: AbortSignal
}

/** Typed helpers for the documented rider endpoints. */
export interface MediRoutesRiders {
  /**
   * `GET /api/v1/riders/getByRiderId`: riders by the caller's own rider ID (`Data`, an array).
   * @throws {MediRoutesAuthError} `access_denied` (403), `rate_limited`, `api_error` with `status`.
   */
  getByRiderId(riderId: string, options?: ProviderCallOptions): Promise<MediRoutesRider[]>
  /**
   * `GET /api/v1/riders/getByMediroutesRiderId`: riders by MediRoutes' rider ID (`Data`, an array).
   * @throws {MediRoutesAuthError} `access_denied` (403), `rate_limited`, `api_error` with `status`.
   */
  getByMediroutesRiderId(
    mediroutesRiderId: number | string,
    options?: ProviderCallOptions,
  ): Promise<MediRoutesRider[]>
}

/** Typed helpers for the documented single-trip endpoints and trips by date. */
export interface MediRoutesTrips {
  /**
   * `POST /api/v1/singletrip`: creates a trip and returns it with its `trip_guid`. A POST is
   * retried only after a 429 (which means it was not processed), never after a timeout.
   * @throws {MediRoutesAuthError} `access_denied` (403), `rate_limited`, `api_error` with `status`.
   */
  create(trip: NewMediRoutesTrip, options?: ProviderCallOptions): Promise<MediRoutesTrip>
  /**
   * `GET /api/v1/singletrip` by `tripId` (the caller's `trip_id`) or `tripGuid`.
   * @throws {MediRoutesAuthError} `access_denied` (403), `rate_limited`, `api_error` with `status` (e.g. 404).
   */
  get(ref: MediRoutesTripRef, options?: ProviderCallOptions): Promise<MediRoutesTrip>
  /**
   * `PATCH /api/v1/singletrip`: whole-model update of the trip named by `trip_guid`; resolves to
   * the updated trip when the API returns it, else `undefined`.
   * @throws {MediRoutesAuthError} `access_denied` (403), `rate_limited`, `api_error` with `status`.
   */
  update(
    trip: MediRoutesTripUpdate,
    options?: ProviderCallOptions,
  ): Promise<MediRoutesTrip | undefined>
  /**
   * `POST /api/v1/singletrip/withProperties`: changes single fields by dotted key
   * (`'pickup.appt_time': '2026-12-05 09:30:00.000'`); every value is a string, as the API wants.
   * Resolves to the updated trip when the API returns it, else `undefined`.
   * @throws {MediRoutesAuthError} `invalid_config` for a non-string value; `access_denied`, `rate_limited`, `api_error`.
   */
  updateProperties(
    tripGuid: string,
    properties: Partial<Record<MediRoutesTripPropertyKey, string>>,
    options?: ProviderCallOptions,
  ): Promise<MediRoutesTrip | undefined>
  /**
   * `GET /api/v1/rides/getRidesByDate`: the provider's trips of one day (`YYYY-MM-DD`), with GUIDs.
   * @throws {MediRoutesAuthError} `invalid_config` for a malformed date; `access_denied`, `rate_limited`, `api_error`.
   */
  getByDate(date: string, options?: ProviderCallOptions): Promise<MediRoutesTrip[]>
}

/**
 * A client bound to one transportation provider: every call carries that provider's key
 * (`api_key` in the query, `tp_api_key` in JSON bodies), so application code never handles keys.
 */
export interface MediRoutesProviderClient {
  /**
   * `fetch` with the token and the provider's key added. After a 403 the access claims are read
   * again once (per storm); a call for a provider the claims no longer list rejects with
   * `access_denied`. Other answers, 403 included, are returned as they are.
   * @throws {MediRoutesAuthError} `unknown_provider` when the claims never listed the provider.
   */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>
  /** A valid access token, as the account's client gives it. Keep it out of logs. */
  getAccessToken(): Promise<string>
  /**
   * The provider's entry in the access claims (its `apiKey` stays out of JSON and inspect).
   * @throws {MediRoutesAuthError} `unknown_provider` or `access_denied`.
   */
  provider(): Promise<ProviderAccess>
  readonly riders: MediRoutesRiders
  readonly trips: MediRoutesTrips
}

/** What a provider client needs from the account's client. */
export interface ProviderClientHost {
  baseUrl: string
  fetch(input: string | URL, init?: RequestInit): Promise<Response>
  getAccessToken(): Promise<string>
  access: AccessManager
}

const KEY_LIKE = /^[\w.~-]{16,}$/

function isReplayable(body: RequestInit['body']): boolean {
  return (
    !(body instanceof ReadableStream) &&
    !(typeof body === 'object' && body !== null && Symbol.asyncIterator in body)
  )
}

function headerValue(headers: RequestInit['headers'], name: string): string | null {
  if (headers === undefined) return null
  return new Headers(headers).get(name)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function withQueryKey(url: URL, apiKey: string): URL {
  const keyed = new URL(url.href)
  keyed.searchParams.set('api_key', apiKey)
  return keyed
}

/** Adds the key where the API reads it: query on GET/DELETE, `tp_api_key` in JSON bodies, `api_key` in forms. */
export function withProviderKey(
  url: URL,
  init: RequestInit,
  apiKey: string,
): { url: URL; init: RequestInit } {
  const method = (init.method ?? 'GET').toUpperCase()
  const body = init.body
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE' || body == null)
    return { url: withQueryKey(url, apiKey), init }
  if (body instanceof URLSearchParams) {
    const form = new URLSearchParams(body)
    form.set('api_key', apiKey)
    return { url, init: { ...init, body: form } }
  }
  if (typeof body === 'string') {
    if (headerValue(init.headers, 'content-type')?.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(body)
      form.set('api_key', apiKey)
      return { url, init: { ...init, body: form.toString() } }
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      parsed = undefined
    }
    if (isPlainObject(parsed))
      return { url, init: { ...init, body: JSON.stringify({ ...parsed, tp_api_key: apiKey }) } }
  }
  return { url: withQueryKey(url, apiKey), init }
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {})
}

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' }
const ACCEPT_JSON = { accept: 'application/json' }

/** A send: how to build the request once the key is known. */
type Build = (apiKey: string) => { url: URL; init: RequestInit }

class ProviderClient implements MediRoutesProviderClient {
  readonly #host: ProviderClientHost
  readonly #selector: string
  readonly #base: URL
  /** True once the claims listed the provider: its absence later means access was withdrawn. */
  #seen = false
  #last: { claims: Claims; provider: ProviderAccess } | undefined
  readonly riders: MediRoutesRiders
  readonly trips: MediRoutesTrips

  constructor(host: ProviderClientHost, selector: string) {
    this.#host = host
    this.#selector = selector
    this.#base = new URL(`${host.baseUrl}/`)
    this.riders = {
      getByRiderId: async (riderId, options) =>
        this.#get<MediRoutesRider[]>(
          'riders/getByRiderId',
          { rider_id: requireText('riderId', riderId) },
          options,
        ),
      getByMediroutesRiderId: async (id, options) =>
        this.#get<MediRoutesRider[]>(
          'riders/getByMediroutesRiderId',
          { mediroutes_rider_id: requireText('mediroutesRiderId', String(id)) },
          options,
        ),
    }
    this.trips = {
      create: async (trip, options) =>
        this.#send<MediRoutesTrip>('POST', 'singletrip', requireObject('trip', trip), options),
      get: async (ref, options) => this.#get<MediRoutesTrip>('singletrip', tripQuery(ref), options),
      update: async (trip, options) => {
        requireText('trip.trip_guid', requireObject('trip', trip).trip_guid)
        return this.#send<MediRoutesTrip | undefined>('PATCH', 'singletrip', trip, options, true)
      },
      updateProperties: async (tripGuid, properties, options) =>
        this.#send<MediRoutesTrip | undefined>(
          'POST',
          'singletrip/withProperties',
          {
            trip_guid: requireText('tripGuid', tripGuid),
            properties: stringProperties(properties),
          },
          options,
          true,
        ),
      getByDate: async (date, options) =>
        this.#get<MediRoutesTrip[]>('rides/getRidesByDate', { date: calendarDate(date) }, options),
    }
  }

  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = resolveApiUrl(input, this.#base)
    return this.#call(
      (apiKey) => withProviderKey(url, init, apiKey),
      isReplayable(init.body),
      init.signal,
    )
  }

  getAccessToken(): Promise<string> {
    return this.#host.getAccessToken()
  }

  async provider(): Promise<ProviderAccess> {
    return (await this.#resolve(undefined)).provider
  }

  /** Sends with the provider's key; after a 403, reads the claims again (guarded) and replays once if the key changed. */
  async #call(
    build: Build,
    replayable: boolean,
    signal: AbortSignal | null | undefined,
  ): Promise<Response> {
    let replayed = false
    for (;;) {
      const { claims, provider } = await this.#resolve(signal)
      const request = build(provider.apiKey)
      const response = await this.#host.fetch(request.url, request.init)
      if (response.status !== 403) return response
      const latest = await this.#host.access.recheck(claims, signal)
      const now = this.#find(latest)
      if (now === undefined) {
        await discard(response)
        throw this.#withdrawn(provider.name)
      }
      if (now.apiKey !== provider.apiKey && replayable && !replayed) {
        replayed = true
        await discard(response)
        continue
      }
      return response
    }
  }

  async #get<T>(
    path: string,
    query: Record<string, string>,
    options: ProviderCallOptions | undefined,
  ): Promise<T> {
    const url = new URL(`api/v1/${path}`, this.#base)
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
    const signal = options?.signal
    const response = await this.#call(
      (apiKey) => ({
        url: withQueryKey(url, apiKey),
        init: { headers: ACCEPT_JSON, ...(signal ? { signal } : {}) },
      }),
      true,
      signal,
    )
    return (await this.#result(response, `GET /api/v1/${path}`, false)) as T
  }

  async #send<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: Record<string, unknown>,
    options: ProviderCallOptions | undefined,
    dataOptional = false,
  ): Promise<T> {
    const url = new URL(`api/v1/${path}`, this.#base)
    const signal = options?.signal
    const response = await this.#call(
      (apiKey) => ({
        url,
        init: {
          method,
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...body, tp_api_key: apiKey }),
          ...(signal ? { signal } : {}),
        },
      }),
      true,
      signal,
    )
    return (await this.#result(response, `${method} /api/v1/${path}`, dataOptional)) as T
  }

  async #result(response: Response, what: string, dataOptional: boolean): Promise<unknown> {
    if (!response.ok) {
      const secrets = this.#last?.claims.stored.providers.map((p) => p.apiKey) ?? []
      throw await apiFailure(response, what, secrets, `provider "${this.#last?.provider.name}"`)
    }
    if (dataOptional) {
      const text = await response.text()
      if (text.trim() === '') return undefined
      const body = JSON.parse(text) as unknown
      if (!isPlainObject(body) || !('Data' in body)) return undefined
      return unwrapData(new Response(text, { status: response.status }), what)
    }
    return unwrapData(response, what)
  }

  async #resolve(
    signal: AbortSignal | null | undefined,
  ): Promise<{ claims: Claims; provider: ProviderAccess }> {
    const claims = await this.#host.access.current(signal)
    const last = this.#last
    if (last !== undefined && last.claims === claims) return last
    const provider = this.#find(claims)
    if (provider === undefined) {
      if (this.#seen) throw this.#withdrawn(last?.provider.name)
      throw this.#unknown(claims)
    }
    this.#seen = true
    this.#last = { claims, provider }
    return this.#last
  }

  #find(claims: Claims): ProviderAccess | undefined {
    const wanted = this.#selector.trim().toLowerCase()
    return (
      claims.view.providers.find((p) => p.apiKey === this.#selector) ??
      claims.view.providers.find((p) => p.name.toLowerCase() === wanted)
    )
  }

  #unknown(claims: Claims): MediRoutesAuthError {
    const names = claims.view.providers.map((p) => `"${p.name}"`).join(', ') || 'none'
    // The selector may be an API key: name it only when it cannot be one.
    const asked = KEY_LIKE.test(this.#selector)
      ? 'with that name or API key'
      : `"${this.#selector}"`
    return new MediRoutesAuthError(
      'unknown_provider',
      `this account's access claims list no provider ${asked}; known providers: ${names}`,
    )
  }

  #withdrawn(name: string | undefined): MediRoutesAuthError {
    return new MediRoutesAuthError(
      'access_denied',
      `the access claims no longer list provider "${name ?? 'unknown'}" (its data-sharing agreement may have been revoked); calls for it are refused`,
      { status: 403 },
    )
  }

  toJSON(): { type: string; provider: string } {
    return { type: 'MediRoutesProviderClient', provider: this.#label() }
  }

  [inspect.custom](): string {
    return `MediRoutesProviderClient { provider: ${JSON.stringify(this.#label())} }`
  }

  #label(): string {
    if (this.#last !== undefined) return this.#last.provider.name
    return KEY_LIKE.test(this.#selector) ? '[by API key]' : this.#selector
  }
}

function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new MediRoutesAuthError('invalid_config', `${name} must be a non-empty string`)
  return value
}

function requireObject<T>(name: string, value: T): T & Record<string, unknown> {
  if (!isPlainObject(value))
    throw new MediRoutesAuthError('invalid_config', `${name} must be an object`)
  return value as T & Record<string, unknown>
}

function tripQuery(ref: MediRoutesTripRef): Record<string, string> {
  const r = (ref ?? {}) as { tripId?: unknown; tripGuid?: unknown }
  if (r.tripGuid !== undefined) return { trip_guid: requireText('tripGuid', r.tripGuid) }
  if (r.tripId !== undefined) return { trip_id: requireText('tripId', r.tripId) }
  throw new MediRoutesAuthError('invalid_config', 'trips.get needs { tripId } or { tripGuid }')
}

function calendarDate(date: string): string {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new MediRoutesAuthError(
      'invalid_config',
      `date must look like 2026-12-05 (YYYY-MM-DD), got ${JSON.stringify(date)}`,
    )
  return date
}

function stringProperties(properties: Record<string, unknown>): Record<string, string> {
  requireObject('properties', properties)
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) continue
    if (typeof value !== 'string')
      throw new MediRoutesAuthError(
        'invalid_config',
        `properties["${key}"] must be a string (the API takes numbers and dates as strings too)`,
      )
    out[key] = value
  }
  if (Object.keys(out).length === 0)
    throw new MediRoutesAuthError('invalid_config', 'properties must name at least one field')
  return out
}

/** Creates the client bound to the provider named by `selector` (its name, or its API key). */
export function createProviderClient(
  host: ProviderClientHost,
  selector: string,
): MediRoutesProviderClient {
  if (typeof selector !== 'string' || selector.trim() === '')
    throw new MediRoutesAuthError(
      'invalid_config',
      'forProvider needs a provider name (as client.getAccess() lists it) or its API key',
    )
  return new ProviderClient(host, selector)
}
