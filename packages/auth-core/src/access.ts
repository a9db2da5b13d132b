import { inspect } from 'node:util'
import { MediRoutesAuthError } from './errors.js'
import type { ResolvedOptions } from './options.js'
import { abortable, keepingProcessAlive, sleep } from './retry.js'
import type { TokenManager } from './token-manager.js'
import type { TokenSet } from './token-set.js'
import type { TokenLease } from './token-store.js'
import { apiFailure } from './v1-response.js'

/** A funding source (a payer: broker, health plan, private payer, facility) the account may act for. */
export interface FundingSourceAccess {
  readonly id: number
  readonly name: string
}

/**
 * A transportation provider the account may act for. `apiKey` is a credential: it is left out of
 * `JSON.stringify`, `util.inspect` and object spread; read it only to pass it on.
 */
export interface ProviderAccess {
  readonly name: string
  readonly apiKey: string
  readonly fundingSources: readonly FundingSourceAccess[]
}

/** The account's access claims, from `GET /api/v1/access`. */
export interface MediRoutesAccess {
  readonly providers: readonly ProviderAccess[]
  /** When the claims were read from the API (epoch ms). */
  readonly fetchedAt: number
}

/**
 * The access claims as a token store keeps them, in the `access` field of the stored token set:
 * plain JSON, API keys included (a shared store must encrypt the record, as it does the tokens).
 * A store must accept a `set` of the same token set that adds or replaces `access`.
 */
export interface StoredAccess {
  providers: { name: string; apiKey: string; fundingSources: { id: number; name: string }[] }[]
  /** When the claims were read from the API (epoch ms). */
  fetchedAt: number
  /** True when they were read again because the API answered 403 for a listed key. */
  recheck?: boolean
}

/** After a 403-triggered re-read, further 403s trust those claims for this long instead of re-reading. */
export const ACCESS_RECHECK_INTERVAL_MS = 60_000
/** How long a process that lost the claims lease waits for the winner before reading them itself. */
const LEASE_WAIT_FACTOR = 2

const SECRET = Symbol('apiKey')

class Provider implements ProviderAccess {
  readonly name: string
  readonly fundingSources: readonly FundingSourceAccess[]
  declare readonly [SECRET]: string

  constructor(name: string, apiKey: string, fundingSources: readonly FundingSourceAccess[]) {
    this.name = name
    this.fundingSources = fundingSources
    Object.defineProperty(this, SECRET, { value: apiKey, enumerable: false })
    Object.freeze(this)
  }

  get apiKey(): string {
    return this[SECRET]
  }

  toJSON(): { name: string; apiKey: string; fundingSources: readonly FundingSourceAccess[] } {
    return { name: this.name, apiKey: '[redacted]', fundingSources: this.fundingSources }
  }

  [inspect.custom](): string {
    const sources = this.fundingSources.map((s) => `${s.id} ${JSON.stringify(s.name)}`).join(', ')
    return `ProviderAccess { name: ${JSON.stringify(this.name)}, apiKey: '[redacted]', fundingSources: [${sources}] }`
  }
}

class Access implements MediRoutesAccess {
  readonly providers: readonly ProviderAccess[]
  readonly fetchedAt: number

  constructor(providers: readonly ProviderAccess[], fetchedAt: number) {
    this.providers = Object.freeze(providers)
    this.fetchedAt = fetchedAt
    Object.freeze(this)
  }

  toJSON(): { providers: readonly ProviderAccess[]; fetchedAt: number } {
    return { providers: this.providers, fetchedAt: this.fetchedAt }
  }

  [inspect.custom](depth: number, options: object): string {
    return `MediRoutesAccess ${inspect({ providers: this.providers, fetchedAt: new Date(this.fetchedAt).toISOString() }, { ...options, depth: depth + 2 })}`
  }
}

/** Claims as the client uses them: the public view plus lookups, built once per stored version. */
export interface Claims {
  readonly stored: StoredAccess
  readonly view: MediRoutesAccess
  readonly accessToken: string
}

function toClaims(stored: StoredAccess, accessToken: string): Claims {
  const providers = stored.providers.map(
    (p) =>
      new Provider(
        p.name,
        p.apiKey,
        Object.freeze(p.fundingSources.map((s) => Object.freeze({ id: s.id, name: s.name }))),
      ),
  )
  return { stored, view: new Access(providers, stored.fetchedAt), accessToken }
}

/** True when `value` has the shape of {@link StoredAccess} (a store may hold anything). */
export function isStoredAccess(value: unknown): value is StoredAccess {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    Number.isFinite(v.fetchedAt) &&
    Array.isArray(v.providers) &&
    v.providers.every((p: unknown) => {
      const provider = p as Record<string, unknown> | null
      return (
        typeof provider === 'object' &&
        provider !== null &&
        typeof provider.name === 'string' &&
        typeof provider.apiKey === 'string' &&
        Array.isArray(provider.fundingSources)
      )
    })
  )
}

/**
 * Reads the body of `GET /api/v1/access`: a JSON array of
 * `{ TransportationProviderName, APIKey, FundingSources: [{ FundingSourceId, FundingSourceName }] }`.
 * Returns a message (never echoing a key) when the body does not fit.
 */
export function parseAccessBody(body: unknown, fetchedAt: number): StoredAccess | string {
  if (!Array.isArray(body)) return 'GET /api/v1/access did not answer with a JSON array'
  const providers: StoredAccess['providers'] = []
  for (const [index, item] of body.entries()) {
    if (typeof item !== 'object' || item === null)
      return `GET /api/v1/access: entry ${index} is not an object`
    const entry = item as Record<string, unknown>
    const apiKey = entry.APIKey ?? entry.ApiKey ?? entry.apiKey
    if (typeof apiKey !== 'string' || apiKey === '')
      return `GET /api/v1/access: entry ${index} has no APIKey`
    const rawName =
      entry.TransportationProviderName ?? entry.ProviderName ?? entry.Name ?? entry.name
    const name = typeof rawName === 'string' && rawName.trim() !== '' ? rawName.trim() : undefined
    if (name === undefined) return `GET /api/v1/access: entry ${index} has no provider name`
    const rawSources = entry.FundingSources ?? []
    if (!Array.isArray(rawSources))
      return `GET /api/v1/access: FundingSources of "${name}" is not an array`
    const fundingSources: { id: number; name: string }[] = []
    for (const source of rawSources) {
      const s = (source ?? {}) as Record<string, unknown>
      const id =
        typeof s.FundingSourceId === 'string' ? Number(s.FundingSourceId) : s.FundingSourceId
      if (typeof id !== 'number' || !Number.isFinite(id))
        return `GET /api/v1/access: a funding source of "${name}" has no numeric FundingSourceId`
      fundingSources.push({
        id,
        name: typeof s.FundingSourceName === 'string' ? s.FundingSourceName : '',
      })
    }
    providers.push({ name, apiKey, fundingSources })
  }
  return { providers, fetchedAt }
}

/**
 * Owns one account's access claims: at most one `GET /api/v1/access` per token lifetime, one at a
 * time per process (and per fleet, with a store that has leases), kept next to the token set.
 */
export class AccessManager {
  readonly #options: ResolvedOptions
  readonly #tokens: TokenManager
  readonly #fetch: (input: string | URL, init?: RequestInit) => Promise<Response>
  readonly #leaseKey: string
  #inflight: Promise<Claims> | undefined
  /** The last claims this process saw: used while the store drops them, and to skip rebuilding. */
  #cached: Claims | undefined

  constructor(
    options: ResolvedOptions,
    tokens: TokenManager,
    fetchImpl: (input: string | URL, init?: RequestInit) => Promise<Response>,
  ) {
    this.#options = options
    this.#tokens = tokens
    this.#fetch = fetchImpl
    this.#leaseKey = `${tokens.key}:access`
  }

  /** The claims that go with the current token, read from the API only when nobody has them. */
  async current(signal?: AbortSignal | null): Promise<Claims> {
    const tokens = await this.#tokens.getTokenSet(signal)
    const found = this.#claimsOf(tokens)
    if (found !== undefined) return found
    return abortable(keepingProcessAlive(this.#load(tokens, undefined)), signal)
  }

  /**
   * Called after the API answered 403 for a key that `used` lists. Reads the claims again only if
   * `used` are still the newest and were not themselves read after a 403 moments ago, so a storm
   * of 403s costs one request (per fleet, with a shared store).
   */
  async recheck(used: Claims, signal?: AbortSignal | null): Promise<Claims> {
    const latest = await this.current(signal)
    if (latest.stored.fetchedAt > used.stored.fetchedAt) return latest
    if (
      latest.stored.recheck === true &&
      Date.now() - latest.stored.fetchedAt < ACCESS_RECHECK_INTERVAL_MS
    )
      return latest
    return abortable(
      keepingProcessAlive(
        this.#load(await this.#tokens.getTokenSet(signal), latest.stored.fetchedAt),
      ),
      signal,
    )
  }

  /** The claims stored with `tokens`, or this process's copy for the same token. */
  #claimsOf(tokens: TokenSet, newerThan?: number): Claims | undefined {
    const cached = this.#cached
    const stored = tokens.access
    const fits = (fetchedAt: number) => newerThan === undefined || fetchedAt > newerThan
    if (stored !== undefined && isStoredAccess(stored) && fits(stored.fetchedAt)) {
      if (
        cached !== undefined &&
        cached.accessToken === tokens.accessToken &&
        cached.stored.fetchedAt >= stored.fetchedAt
      )
        return cached
      // Claims belong to the account, so any of its tokens may carry them.
      const claims = toClaims(stored, tokens.accessToken)
      this.#cached = claims
      return claims
    }
    if (
      cached !== undefined &&
      cached.accessToken === tokens.accessToken &&
      fits(cached.stored.fetchedAt)
    )
      return cached
    return undefined
  }

  /** One read in flight per process; `newerThan` set for a re-read after a 403. */
  #load(tokens: TokenSet, newerThan: number | undefined): Promise<Claims> {
    if (this.#inflight === undefined) {
      this.#inflight = this.#loadExclusively(tokens, newerThan).finally(() => {
        this.#inflight = undefined
      })
    }
    return this.#inflight
  }

  async #loadExclusively(first: TokenSet, newerThan: number | undefined): Promise<Claims> {
    const store = this.#options.store
    const leaseMs = Math.min(30_000, this.#options.timeoutMs * 2)
    const waitUntil = Date.now() + LEASE_WAIT_FACTOR * leaseMs
    let lease: TokenLease | null = null
    let tokens = first
    for (let round = 0; ; round++) {
      const found = this.#claimsOf(tokens, newerThan)
      if (found !== undefined) return found
      if (store.acquireLease === undefined) break
      try {
        lease = await store.acquireLease(this.#leaseKey, leaseMs)
      } catch {
        break
      }
      if (lease !== null) {
        // Another process may have stored them between our read and the lease.
        tokens = await this.#tokens.getTokenSet()
        const stored = this.#claimsOf(tokens, newerThan)
        if (stored !== undefined) {
          await lease.release().catch(() => {})
          return stored
        }
        break
      }
      if (Date.now() > waitUntil) break
      if (store.waitForUpdate) await store.waitForUpdate(this.#tokens.key, 250)
      else await sleep(Math.min(1000, 50 * 2 ** round), undefined, { background: true })
      tokens = await this.#tokens.getTokenSet()
    }
    try {
      const stored = await this.#request(newerThan !== undefined)
      const claims = toClaims(stored, tokens.accessToken)
      this.#cached = claims
      await this.#save(stored)
      this.#options.logger.info(
        { providers: stored.providers.length, recheck: newerThan !== undefined },
        'MediRoutes access claims read',
      )
      return claims
    } finally {
      await lease?.release().catch(() => {})
    }
  }

  async #request(recheck: boolean): Promise<StoredAccess> {
    const response = await this.#fetch('/api/v1/access', {
      headers: { accept: 'application/json' },
    })
    if (!response.ok) throw await apiFailure(response, 'GET /api/v1/access', [])
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new MediRoutesAuthError(
        'invalid_response',
        'GET /api/v1/access answered 200 with a body that is not JSON',
        { status: 200 },
      )
    }
    const parsed = parseAccessBody(body, Date.now())
    if (typeof parsed === 'string')
      throw new MediRoutesAuthError('invalid_response', parsed, { status: 200 })
    return recheck ? { ...parsed, recheck: true } : parsed
  }

  /** Stores the claims next to the newest token set, so the rest of the fleet finds them. */
  async #save(access: StoredAccess): Promise<void> {
    let current: TokenSet | undefined
    try {
      current = await this.#options.store.get(this.#tokens.key)
    } catch {
      return
    }
    if (current === undefined) return
    const previous = current.access
    if (isStoredAccess(previous) && previous.fetchedAt >= access.fetchedAt) return
    await this.#tokens.saveAlongside({ ...current, access })
  }
}
