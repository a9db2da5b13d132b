import type { MediRoutesAuthError, TokenSet } from '@mediroutes/auth-core'
import { type RedisNames, redisNames } from './redis-keys.js'

/** How many refused access tokens each key remembers. */
const REJECTED_MEMORY = 16

/** What this process knows about one key. `iat` (then `rev`) orders what it knows against what Redis holds. */
export type Known =
  | KnownTokens
  | {
      kind: 'empty'
      iat: number
      /** Set when Redis holds a record this store cannot use: the `iat:fp` a write may replace. */
      repair?: string
    }
  | { kind: 'unreadable'; iat: number; error: MediRoutesAuthError }

/** A token set this process holds, with what the fleet knows about it. */
export interface KnownTokens {
  kind: 'tokens'
  iat: number
  /** Revision of the fields beside the tokens (access claims); 0 when there are none. */
  rev: number
  /** The value as given to `set`, frozen: the token set and any fields beside it. */
  tokens: TokenSet
  /** The same value shown as expired, served once its access token was refused. */
  refused: TokenSet
  fp: string
  rejected: boolean
  /** Until when the set is worth serving and putting back into Redis (its record's expiry). */
  keepUntil: number
}

/** The read-through cache's entry for one key. */
export interface KeyState {
  readonly key: string
  readonly names: RedisNames
  known: Known | undefined
  /** When Redis last confirmed `known`. */
  checkedAt: number
  /** Set when the cache may be behind Redis (a change was announced, a lease was taken): the next read waits for Redis. */
  mustRevalidate: boolean
  /** Bumped by every local change and announcement, so a read that overlapped one is not trusted blindly. */
  epoch: number
  reading: { epoch: number; promise: Promise<void> } | undefined
  /** Fingerprints of access tokens refused by the API, newest last. */
  readonly rejected: string[]
}

/** What a read should do with the entry it finds. */
export type Freshness = 'fresh' | 'stale' | 'unknown'

/**
 * The read-through cache of token sets: one entry per key, found by key or by the key's pub/sub
 * channel. It holds no Redis logic; the store decides when to read and write.
 */
export class KeyCache {
  readonly #prefix: string
  readonly #keys = new Map<string, KeyState>()
  readonly #byChannel = new Map<string, KeyState>()

  constructor(keyPrefix: string) {
    this.#prefix = keyPrefix
  }

  /** The entry for `key`, created empty on first use. */
  entry(key: string): KeyState {
    let state = this.#keys.get(key)
    if (state === undefined) {
      state = {
        key,
        names: redisNames(this.#prefix, key),
        known: undefined,
        checkedAt: 0,
        mustRevalidate: false,
        epoch: 0,
        reading: undefined,
        rejected: [],
      }
      this.#keys.set(key, state)
      this.#byChannel.set(state.names.channel, state)
    }
    return state
  }

  byChannel(channel: string): KeyState | undefined {
    return this.#byChannel.get(channel)
  }

  /**
   * The entry of the record a lease named `<key>:<purpose>` guards (the core's claims lease is
   * `<key>:access`), if this process has read it.
   */
  guardedBy(leaseKey: string): KeyState | undefined {
    const cut = leaseKey.lastIndexOf(':')
    return cut > 0 ? this.#keys.get(leaseKey.slice(0, cut)) : undefined
  }

  /** Marks every entry as possibly behind Redis (after messages may have been lost). */
  invalidateAll(): void {
    for (const state of this.#keys.values()) invalidate(state)
  }
}

/** The next read of `state` waits for Redis. */
export function invalidate(state: KeyState): void {
  state.epoch++
  state.mustRevalidate = true
}

/**
 * `fresh`: serve from memory; `stale`: serve from memory and re-read in the background (older than
 * `localCacheMs`); `unknown`: read Redis first (nothing known, a change announced, or what is known
 * outlived the time to live it was stored with).
 */
export function freshness(state: KeyState, now: number, localCacheMs: number): Freshness {
  const known = state.known
  if (known === undefined || state.mustRevalidate) return 'unknown'
  if (known.kind === 'tokens' && known.keepUntil <= now) return 'unknown'
  return now - state.checkedAt >= localCacheMs ? 'stale' : 'fresh'
}

/** Remembers a refused token; false when it was already known. */
export function markRejected(state: KeyState, fp: string): boolean {
  if (state.rejected.includes(fp)) return false
  state.rejected.push(fp)
  if (state.rejected.length > REJECTED_MEMORY) state.rejected.shift()
  if (state.known?.kind === 'tokens' && state.known.fp === fp)
    state.known = { ...state.known, rejected: true }
  return true
}

/** A known token set; `tokens` must already be frozen. */
export function knownTokens(
  tokens: TokenSet,
  fp: string,
  rev: number,
  rejected: boolean,
  keepUntil: number,
): KnownTokens {
  // A refused token is shown as expired: the client then refreshes with its refresh token instead of reusing it.
  const refused = Object.freeze({ ...tokens, expiresAt: tokens.issuedAt })
  return { kind: 'tokens', iat: tokens.issuedAt, rev, tokens, refused, fp, rejected, keepUntil }
}

/** Whether `a` is a later version than `b`: a later `iat`, or the same token with a later revision. */
export function isNewer(
  a: { iat: number; fp?: string; rev?: number },
  b: { iat: number; fp?: string; rev?: number },
): boolean {
  if (a.iat !== b.iat) return a.iat > b.iat
  return a.fp !== undefined && a.fp === b.fp && (a.rev ?? 0) > (b.rev ?? 0)
}

/** What `get` answers for what is known. @throws the stored error for a value this store's keys cannot read. */
export function view(known: Known | undefined, now: number): TokenSet | undefined {
  if (known === undefined || known.kind === 'empty') return undefined
  if (known.kind === 'unreadable') throw known.error
  if (known.keepUntil <= now) return undefined
  return known.rejected ? known.refused : known.tokens
}
