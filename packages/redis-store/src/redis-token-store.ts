import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import {
  isMediRoutesAuthError,
  type Logger,
  MediRoutesAuthError,
  type TokenLease,
  type TokenSet,
  type TokenStore,
} from '@mediroutes/auth-core'
import { isTokenSet } from '@mediroutes/auth-core/internal'
import { configError } from './config-error.js'
import { LocalLeases } from './local-leases.js'
import {
  ACQUIRE_LEASE,
  DELETE_RECORD,
  EXTEND_LEASE,
  READ_RECORD,
  REJECT_RECORD,
  RELEASE_LEASE,
  WRITE_RECORD,
} from './lua-scripts.js'
import { type RedisConnection, redisConnection } from './redis-client.js'
import { RedisGuard } from './redis-guard.js'
import { type RedisNames, redisNames } from './redis-keys.js'
import { type RedisTokenStoreOptions, resolveStoreOptions } from './store-options.js'
import { fingerprint, TokenCodec } from './token-codec.js'
import { parseRecord, type StoredRecord } from './token-record.js'
import { UpdateChannel } from './update-channel.js'

/** A tombstone left by `delete` lives at least this long. */
const TOMBSTONE_MS = 60 * 60 * 1000
/** How many refused access tokens each key remembers. */
const REJECTED_MEMORY = 16

/** What {@link RedisTokenStore.status} reports: non-secret, for health checks. */
export interface RedisTokenStoreStatus {
  /** `up` while Redis answers; `down` while the store runs on its in-process cache and lock. */
  redis: 'up' | 'down'
  /** `live` while pub/sub delivers changes for every key in use; `polling` while the store polls instead. */
  updates: 'live' | 'polling'
  /** Whether values are encrypted at rest. */
  encrypted: boolean
  /** Which client library the store talks through. */
  client: 'ioredis' | 'node-redis'
}

/**
 * A {@link TokenStore} shared by a fleet through Redis. `get` answers from this process's
 * memory when it can (see `localCacheMs`); every method keeps working, on the in-process
 * cache and lock, while Redis is unavailable. Every method throws `closed` after {@link close}.
 */
export interface RedisTokenStore extends TokenStore {
  /**
   * The fleet-wide lease (`SET NX PX` in Redis, plus an in-process one): a lease, or `null`
   * while another process or client holds it. Expires by itself after `ttlMs`.
   * @throws {MediRoutesAuthError} `invalid_config` for a `ttlMs` that is not positive.
   */
  acquireLease(key: string, ttlMs: number): Promise<TokenLease | null>
  /** Resolves when another process changes `key` or releases its lease (pub/sub), or after `timeoutMs`; polls while pub/sub is down. */
  waitForUpdate(key: string, timeoutMs: number): Promise<void>
  /** Tells the fleet that the API refused `accessToken`, so no instance sends it again; only its fingerprint leaves the process. */
  reportRejected(key: string, accessToken: string): Promise<void>
  /** Closes the subscriber connection the store created; the client passed in stays open. Later calls throw `closed`. */
  close(): Promise<void>
  /** Whether Redis and pub/sub are working, without calling Redis. */
  status(): RedisTokenStoreStatus
}

/** What this process knows about one key. `iat` orders what it knows against what Redis holds. */
type Known =
  | KnownTokens
  | { kind: 'empty'; iat: number }
  | { kind: 'unreadable'; iat: number; error: MediRoutesAuthError }

interface KnownTokens {
  kind: 'tokens'
  iat: number
  tokens: TokenSet
  /** The same set shown as expired, served once its access token was refused. */
  refused: TokenSet
  fp: string
  rejected: boolean
  /** Until when the set is worth putting back into Redis (its record's expiry). */
  keepUntil: number
}

interface KeyState {
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
  readonly rejected: string[]
}

class RedisStore implements RedisTokenStore {
  readonly #connection: RedisConnection
  readonly #guard: RedisGuard
  readonly #codec: TokenCodec
  readonly #updates: UpdateChannel
  readonly #leases = new LocalLeases()
  readonly #keys = new Map<string, KeyState>()
  readonly #byChannel = new Map<string, KeyState>()
  readonly #logger: Logger
  readonly #logged = new Set<string>()
  readonly #keyPrefix: string
  readonly #localCacheMs: number
  /** Tells this process's own announcements apart from the others'. */
  readonly #instanceId = randomBytes(6).toString('base64url')
  #leaseCount = 0
  #closed = false
  /** Pending retries of lease releases, cancelled by close(). */
  readonly #retries = new Set<ReturnType<typeof setTimeout>>()

  constructor(options: RedisTokenStoreOptions) {
    const resolved = resolveStoreOptions(options)
    this.#connection = redisConnection(resolved.client)
    this.#logger = resolved.logger
    this.#keyPrefix = resolved.keyPrefix
    this.#localCacheMs = resolved.localCacheMs
    this.#codec = new TokenCodec(resolved.keyring)
    this.#guard = new RedisGuard(
      this.#connection,
      resolved.commandTimeoutMs,
      resolved.logger,
      'token store',
    )
    this.#updates = new UpdateChannel(this.#connection, {
      message: (channel, message) => this.#onMessage(channel, message),
      resync: () => {
        for (const state of this.#keys.values()) this.#invalidate(state)
      },
    })
  }

  async get(key: string): Promise<TokenSet | undefined> {
    const state = this.#open(key)
    if (state.known !== undefined && !state.mustRevalidate) {
      // Served from memory; a read in the background keeps the staleness within localCacheMs plus one round trip.
      if (Date.now() - state.checkedAt >= this.#localCacheMs) void this.#revalidate(state)
      return view(state.known)
    }
    await this.#revalidate(state)
    return view(state.known)
  }

  async set(key: string, value: TokenSet, ttlMs: number): Promise<void> {
    const state = this.#open(key)
    if (!isTokenSet(value))
      throw configError(
        'set() needs a token set with accessToken, tokenType, expiresAt and issuedAt',
      )
    if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs))
      throw configError(`set() needs a finite ttlMs in milliseconds (got ${String(ttlMs)})`)
    const ttl = Math.max(1, Math.ceil(ttlMs))
    const tokens = Object.freeze({ ...value })
    const fp = fingerprint(tokens.accessToken)
    state.epoch++
    const known = knownTokens(tokens, fp, state.rejected.includes(fp), Date.now() + ttl)
    state.known = known
    state.checkedAt = Date.now()
    state.mustRevalidate = false
    try {
      const written = await this.#write(state, known)
      // A newer set is in Redis already (a slow writer lost the race): the next read adopts it.
      if (!written) this.#invalidate(state)
    } catch {
      // Kept in this process; the next read after Redis returns puts it back if it is still the newest.
    }
    this.#updates.wake(state.names.channel)
  }

  async delete(key: string): Promise<void> {
    const state = this.#open(key)
    const now = Date.now()
    state.epoch++
    state.known = { kind: 'empty', iat: now }
    state.checkedAt = now
    state.mustRevalidate = false
    try {
      await this.#tombstone(state, now)
    } catch {
      // Redis keeps the old set for now; the next read after Redis returns deletes it there too.
    }
    this.#updates.wake(state.names.channel)
  }

  async acquireLease(key: string, ttlMs: number): Promise<TokenLease | null> {
    const state = this.#open(key)
    if (typeof ttlMs !== 'number' || !(ttlMs > 0))
      throw configError(`acquireLease() needs a positive ttlMs (got ${String(ttlMs)})`)
    const ttl = Math.ceil(ttlMs)
    const local = this.#leases.take(key, ttl)
    if (local === null) return null
    const owner = `${this.#instanceId}:${++this.#leaseCount}`
    let shared = false
    try {
      const reply = await this.#guard.run(
        ACQUIRE_LEASE,
        [state.names.lease],
        [owner, String(ttl)],
        // Taken after we stopped waiting: give it back at once rather than block the fleet until it expires.
        (late) => {
          if (late === 'OK') void this.#releaseShared(state, owner, Date.now() + ttl)
        },
      )
      if (reply !== 'OK') {
        local.release()
        return null
      }
      shared = true
    } catch {
      // Redis is unavailable: the in-process lease alone keeps this process to one grant.
    }
    let expiresAt = Date.now() + ttl
    // The caller reads the store again now and must see Redis, not this process's cache.
    this.#invalidate(state)
    let released = false
    return {
      extend: async (extendMs: number) => {
        if (released || !(extendMs > 0)) return
        const more = Math.ceil(extendMs)
        local.extend(more)
        expiresAt = Date.now() + more
        if (!shared) return
        try {
          await this.#guard.run(EXTEND_LEASE, [state.names.lease], [owner, String(more)])
        } catch {
          // Redis is away: the lease lapses there and the in-process half still holds.
        }
      },
      release: async () => {
        if (released) return
        released = true
        local.release()
        if (shared) await this.#releaseShared(state, owner, expiresAt)
        this.#updates.wake(state.names.channel)
      },
    }
  }

  async waitForUpdate(key: string, timeoutMs: number): Promise<void> {
    if (this.#closed) return
    const state = this.#state(key)
    this.#updates.watch(state.names.channel)
    await this.#updates.wait(state.names.channel, Math.max(0, timeoutMs))
    // Woken or timed out, the caller reads next: from Redis, which is the point of waiting.
    this.#invalidate(state)
  }

  async reportRejected(key: string, accessToken: string): Promise<void> {
    const state = this.#open(key)
    if (typeof accessToken !== 'string' || accessToken === '') return
    const fp = fingerprint(accessToken)
    // Every request that met the refused token reports it; the fleet needs to hear it once.
    if (!this.#markRejected(state, fp)) return
    try {
      await this.#guard.run(
        REJECT_RECORD,
        [state.names.record],
        [fp, state.names.channel, this.#message('r', fp)],
      )
    } catch {
      // The others find out from their own 401, as they would without a shared store.
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    for (const timer of this.#retries) clearTimeout(timer)
    this.#retries.clear()
    await this.#updates.close()
  }

  status(): RedisTokenStoreStatus {
    return {
      redis: this.#guard.up ? 'up' : 'down',
      updates: this.#updates.live ? 'live' : 'polling',
      encrypted: this.#codec.encrypted,
      client: this.#connection.kind,
    }
  }

  toJSON(): { type: string; keyPrefix: string } & RedisTokenStoreStatus {
    return { type: 'RedisTokenStore', keyPrefix: this.#keyPrefix, ...this.status() }
  }

  [inspect.custom](): string {
    return `RedisTokenStore ${inspect(this.toJSON())}`
  }

  #open(key: string): KeyState {
    if (this.#closed)
      throw new MediRoutesAuthError('closed', 'the Redis token store was closed; create a new one')
    return this.#state(key)
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key)
    if (state === undefined) {
      if (typeof key !== 'string' || key === '')
        throw configError('the store key must be a non-empty string')
      state = {
        key,
        names: redisNames(this.#keyPrefix, key),
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
    this.#updates.watch(state.names.channel)
    return state
  }

  #invalidate(state: KeyState): void {
    state.epoch++
    state.mustRevalidate = true
  }

  /** One read per key at a time (per epoch); never rejects: on failure what is known stays. */
  #revalidate(state: KeyState): Promise<void> {
    const epoch = state.epoch
    if (state.reading?.epoch === epoch) return state.reading.promise
    const promise = this.#read(state, epoch)
      .catch(() => {})
      .finally(() => {
        if (state.reading?.promise === promise) state.reading = undefined
      })
    state.reading = { epoch, promise }
    return promise
  }

  async #read(state: KeyState, epoch: number, attempt = 0): Promise<void> {
    const reply = await this.#guard.run(READ_RECORD, [state.names.record], [])
    const record = parseRecord(reply)
    const now = Date.now()
    const changed = state.epoch !== epoch
    const known = state.known
    if (
      !changed &&
      attempt === 0 &&
      known?.kind === 'tokens' &&
      known.keepUntil > now &&
      (record === undefined || record.iat < known.iat)
    ) {
      // This process holds a newer set than Redis: its write did not land, or Redis lost its data (a
      // restart without persistence). Put it back rather than send the fleet to /token.
      if (await this.#write(state, known)) {
        if (state.epoch === epoch) {
          state.checkedAt = now
          state.mustRevalidate = false
        }
        return
      }
      return this.#read(state, epoch, attempt + 1)
    }
    if (
      !changed &&
      attempt === 0 &&
      known?.kind === 'empty' &&
      record !== undefined &&
      !record.deleted &&
      record.iat < known.iat
    ) {
      // This process deleted the set while Redis did not answer: delete it there too.
      await this.#tombstone(state, known.iat)
      return this.#read(state, epoch, attempt + 1)
    }
    const incoming = this.#adopt(state, record, now)
    // A read that overlapped a local change may predate it: it may add news, never take the change back.
    if (changed && known !== undefined && incoming.iat < known.iat) return
    state.known = incoming
    state.checkedAt = now
    if (!changed) state.mustRevalidate = false
  }

  #adopt(state: KeyState, record: StoredRecord | undefined, now: number): Known {
    if (record === undefined) return { kind: 'empty', iat: 0 }
    if (record.deleted) return { kind: 'empty', iat: record.iat }
    const keepUntil = record.pttl > 0 ? now + record.pttl : Number.POSITIVE_INFINITY
    const rejected = record.rejected || state.rejected.includes(record.fp)
    const known = state.known
    if (known?.kind === 'tokens' && known.fp === record.fp && known.iat === record.iat) {
      return { ...known, rejected: rejected || known.rejected, keepUntil }
    }
    try {
      return knownTokens(this.#codec.decode(state.key, record.data), record.fp, rejected, keepUntil)
    } catch (error) {
      const failure = isMediRoutesAuthError(error)
        ? error
        : new MediRoutesAuthError('invalid_response', 'the value in Redis could not be read')
      this.#logOnce(failure.message, { code: failure.code })
      return { kind: 'unreadable', iat: record.iat, error: failure }
    }
  }

  /** Versioned compare-and-set; true when Redis took the set, false when it holds one as new or newer. */
  async #write(state: KeyState, known: KnownTokens): Promise<boolean> {
    const ttl = Number.isFinite(known.keepUntil)
      ? Math.max(1, known.keepUntil - Date.now())
      : TOMBSTONE_MS
    const reply = await this.#guard.run(
      WRITE_RECORD,
      [state.names.record],
      [
        String(known.iat),
        known.fp,
        this.#codec.encode(state.key, known.tokens),
        String(ttl),
        state.names.channel,
        this.#message('s', String(known.iat)),
        known.rejected ? '1' : '0',
      ],
    )
    return Number(reply) === 1
  }

  /** Replaces the record by a tombstone dated `iat` and announces it. */
  async #tombstone(state: KeyState, iat: number): Promise<void> {
    const { record, channel } = state.names
    await this.#guard.run(
      DELETE_RECORD,
      [record],
      [String(iat), String(TOMBSTONE_MS), channel, this.#message('d')],
    )
  }

  /**
   * Compare-and-delete of the shared lease. While Redis does not answer it is tried again with
   * backoff until the lease would have expired anyway: the others wait for it meanwhile.
   */
  async #releaseShared(
    state: KeyState,
    owner: string,
    expiresAt: number,
    retryMs = 100,
  ): Promise<void> {
    try {
      const args = [owner, state.names.channel, this.#message('l')]
      await this.#guard.run(RELEASE_LEASE, [state.names.lease], args)
    } catch {
      if (this.#closed || Date.now() + retryMs >= expiresAt) return
      const timer = setTimeout(() => {
        this.#retries.delete(timer)
        void this.#releaseShared(state, owner, expiresAt, Math.min(2000, retryMs * 2))
      }, retryMs)
      timer.unref?.()
      this.#retries.add(timer)
    }
  }

  /** Remembers a refused token; false when it was already known. */
  #markRejected(state: KeyState, fp: string): boolean {
    if (state.rejected.includes(fp)) return false
    state.rejected.push(fp)
    if (state.rejected.length > REJECTED_MEMORY) state.rejected.shift()
    if (state.known?.kind === 'tokens' && state.known.fp === fp)
      state.known = { ...state.known, rejected: true }
    return true
  }

  #message(type: 's' | 'd' | 'r' | 'l', detail = ''): string {
    return `${type}:${this.#instanceId}:${detail}`
  }

  #onMessage(channel: string, message: string): void {
    const state = this.#byChannel.get(channel)
    if (state === undefined) return
    const [type, from, detail] = message.split(':')
    if (from === this.#instanceId) return
    if (type === 'r' && detail) this.#markRejected(state, detail)
    else this.#invalidate(state)
  }

  #logOnce(message: string, fields: Record<string, unknown>): void {
    if (this.#logged.has(message)) return
    this.#logged.add(message)
    this.#logger.error(fields, `MediRoutes token store: ${message}`)
  }
}

function knownTokens(
  tokens: TokenSet,
  fp: string,
  rejected: boolean,
  keepUntil: number,
): KnownTokens {
  // A refused token is shown as expired: the client then refreshes with its refresh token instead of reusing it.
  const refused = Object.freeze({ ...tokens, expiresAt: tokens.issuedAt })
  return { kind: 'tokens', iat: tokens.issuedAt, tokens, refused, fp, rejected, keepUntil }
}

function view(known: Known | undefined): TokenSet | undefined {
  if (known === undefined || known.kind === 'empty') return undefined
  if (known.kind === 'unreadable') throw known.error
  return known.rejected ? known.refused : known.tokens
}

/**
 * Creates a token store shared through Redis: one password grant per account for the whole fleet,
 * one refresh per token lifetime, optional encryption at rest, and an in-process fallback while
 * Redis is away. Pass it as `store` to `createMediRoutesClient`, and close it yourself on shutdown.
 * @throws {MediRoutesAuthError} `invalid_config` when the client is not an ioredis or node-redis client, or an option is wrong.
 * @example
 * const store = createRedisTokenStore({ client: new Redis(process.env.REDIS_URL), encryptionKey: process.env.TOKEN_KEY })
 * const client = createMediRoutesClient({ ...mediRoutesOptionsFromEnv(), store })
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  return new RedisStore(options)
}
