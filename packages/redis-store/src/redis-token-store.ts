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
import { FleetLease } from './fleet-lease.js'
import {
  freshness,
  invalidate,
  isNewer,
  KeyCache,
  type KeyState,
  type Known,
  type KnownTokens,
  knownTokens,
  markRejected,
  view,
} from './key-cache.js'
import { DELETE_RECORD, READ_RECORD, REJECT_RECORD, WRITE_RECORD } from './lua-scripts.js'
import { type RedisConnection, redisConnection } from './redis-client.js'
import { RedisGuard } from './redis-guard.js'
import { type RedisTokenStoreOptions, resolveStoreOptions } from './store-options.js'
import { FUTURE_TOLERANCE_MS, parseRecord, type StoredRecord } from './stored-record.js'
import { fingerprint, TokenCodec, unsendableReason } from './token-codec.js'
import { UpdateChannel } from './update-channel.js'
import { decodeMessage, encodeMessage } from './update-messages.js'

/** A tombstone left by `delete` lives at least this long. */
const TOMBSTONE_MS = 60 * 60 * 1000
/** Command timeouts a process that saw no lease holder waits, while Redis answers too slowly to tell, before granting alone. */
const UNSURE_LEASE_WAITS = 5
/** The fields of a token set; any other field of a stored value (such as `access`) travels beside it. */
const TOKEN_SET_FIELDS = new Set([
  'accessToken',
  'refreshToken',
  'tokenType',
  'expiresAt',
  'issuedAt',
  'userName',
])

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

class RedisStore implements RedisTokenStore {
  readonly #connection: RedisConnection
  readonly #guard: RedisGuard
  readonly #codec: TokenCodec
  readonly #updates: UpdateChannel
  readonly #cache: KeyCache
  readonly #lease: FleetLease
  readonly #logger: Logger
  readonly #logged = new Set<string>()
  readonly #keyPrefix: string
  readonly #localCacheMs: number
  /** Tells this process's own announcements apart from the others'. */
  readonly #instanceId = randomBytes(6).toString('base64url')
  #closed = false

  constructor(options: RedisTokenStoreOptions) {
    const resolved = resolveStoreOptions(options)
    this.#connection = redisConnection(resolved.client)
    this.#logger = resolved.logger
    this.#keyPrefix = resolved.keyPrefix
    this.#localCacheMs = resolved.localCacheMs
    this.#codec = new TokenCodec(resolved.keyring)
    this.#cache = new KeyCache(resolved.keyPrefix)
    this.#guard = new RedisGuard(
      this.#connection,
      resolved.commandTimeoutMs,
      resolved.logger,
      'token store',
    )
    this.#updates = new UpdateChannel(this.#connection, {
      message: (channel, message) => this.#onMessage(channel, message),
      resync: () => this.#cache.invalidateAll(),
    })
    const cache = this.#cache
    const updates = this.#updates
    this.#lease = new FleetLease({
      guard: this.#guard,
      unsureWaitMs: UNSURE_LEASE_WAITS * resolved.commandTimeoutMs,
      instanceId: this.#instanceId,
      // The caller reads the store again now and must see Redis, not this process's cache.
      taken: (names) => {
        const lease = cache.byChannel(names.channel)
        if (lease !== undefined) invalidate(lease)
        const guarded = lease === undefined ? undefined : cache.guardedBy(lease.key)
        if (guarded !== undefined) invalidate(guarded)
      },
      released: (names) => updates.wake(names.channel),
    })
  }

  async get(key: string): Promise<TokenSet | undefined> {
    const state = this.#open(key)
    switch (freshness(state, Date.now(), this.#localCacheMs)) {
      case 'fresh':
        break
      case 'stale':
        // Served from memory; a read in the background keeps the staleness within localCacheMs plus one round trip.
        void this.#revalidate(state)
        break
      case 'unknown':
        await this.#revalidate(state)
    }
    return view(state.known, Date.now())
  }

  async set(key: string, value: TokenSet, ttlMs: number): Promise<void> {
    const state = this.#open(key)
    if (!isTokenSet(value))
      throw configError(
        'set() needs a token set with accessToken, tokenType, expiresAt and issuedAt',
      )
    if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs))
      throw configError(`set() needs a finite ttlMs in milliseconds (got ${String(ttlMs)})`)
    const unsendable = unsendableReason(value)
    if (unsendable !== undefined)
      throw configError(`set() needs a token set the API accepts: ${unsendable}`)
    const now = Date.now()
    const ttl = Math.max(1, Math.ceil(ttlMs))
    const tokens = Object.freeze({ ...value })
    const fp = fingerprint(tokens.accessToken)
    const known = knownTokens(
      tokens,
      fp,
      this.#revisionFor(state, tokens, fp, now),
      state.rejected.includes(fp),
      now + ttl,
    )
    state.epoch++
    state.known = known
    state.checkedAt = now
    state.mustRevalidate = false
    try {
      const written = (await this.#write(state, known)) || (await this.#repair(state, known))
      // A newer set is in Redis already (a slow writer lost the race): the next read adopts it.
      if (!written) invalidate(state)
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

  acquireLease(key: string, ttlMs: number): Promise<TokenLease | null> {
    const state = this.#open(key)
    if (typeof ttlMs !== 'number' || !(ttlMs > 0))
      throw configError(`acquireLease() needs a positive ttlMs (got ${String(ttlMs)})`)
    return this.#lease.acquire(key, state.names, Math.ceil(ttlMs))
  }

  async waitForUpdate(key: string, timeoutMs: number): Promise<void> {
    if (this.#closed) return
    const state = this.#state(key)
    await this.#updates.wait(state.names.channel, Math.max(0, timeoutMs))
    // Woken or timed out, the caller reads next: from Redis, which is the point of waiting.
    invalidate(state)
  }

  async reportRejected(key: string, accessToken: string): Promise<void> {
    const state = this.#open(key)
    if (typeof accessToken !== 'string' || accessToken === '') return
    const fp = fingerprint(accessToken)
    // Every request that met the refused token reports it; the fleet needs to hear it once.
    if (!markRejected(state, fp)) return
    try {
      await this.#guard.run(
        REJECT_RECORD,
        [state.names.record],
        [fp, state.names.channel, encodeMessage('r', this.#instanceId, fp)],
      )
    } catch {
      // The others find out from their own 401, as they would without a shared store.
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#lease.close()
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
    if (typeof key !== 'string' || key === '')
      throw configError('the store key must be a non-empty string')
    const state = this.#cache.entry(key)
    this.#updates.watch(state.names.channel)
    return state
  }

  /**
   * 0 for a plain token set. A value with fields beside the tokens (access claims) gets a revision
   * from the writer's clock, so writing them for a token already stored replaces the record.
   */
  #revisionFor(state: KeyState, tokens: TokenSet, fp: string, now: number): number {
    if (Object.keys(tokens).every((field) => TOKEN_SET_FIELDS.has(field))) return 0
    const known = state.known
    const previous = known?.kind === 'tokens' && known.fp === fp ? known.rev : 0
    return Math.max(now, previous + 1)
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

  async #readRecord(state: KeyState): Promise<StoredRecord | undefined> {
    const reply = await this.#guard.run(READ_RECORD, [state.names.record], [])
    return parseRecord(reply, Date.now())
  }

  async #read(state: KeyState, epoch: number, attempt = 0): Promise<void> {
    const record = await this.#readRecord(state)
    const now = Date.now()
    const changed = state.epoch !== epoch
    const known = state.known
    const incoming = this.#adopt(state, record, now)
    if (!changed && attempt === 0 && known?.kind === 'tokens' && known.keepUntil > now) {
      const repair = incoming.kind === 'empty' ? incoming.repair : undefined
      if (
        record === undefined ||
        repair !== undefined ||
        (record.kind === 'tokens' && isNewer(known, record))
      ) {
        // This process holds a newer set than Redis: its write did not land, Redis lost its data (a
        // restart without persistence), or the record there is unusable. Put it back rather than
        // send the fleet to /token.
        if (await this.#write(state, known, repair)) {
          if (state.epoch === epoch) {
            state.checkedAt = now
            state.mustRevalidate = false
          }
          return
        }
        return this.#read(state, epoch, attempt + 1)
      }
    }
    if (
      !changed &&
      attempt === 0 &&
      known?.kind === 'empty' &&
      record?.kind === 'tokens' &&
      record.iat < known.iat
    ) {
      // This process deleted the set while Redis did not answer: delete it there too.
      await this.#tombstone(state, known.iat)
      return this.#read(state, epoch, attempt + 1)
    }
    // A read that overlapped a local change may predate it: it may add news, never take the change back.
    if (changed && known !== undefined && isNewer(known, incoming)) return
    state.known = incoming
    state.checkedAt = now
    if (!changed) state.mustRevalidate = false
  }

  /** What a record means to this process. Unusable records are logged once and count as absent. */
  #adopt(state: KeyState, record: StoredRecord | undefined, now: number): Known {
    if (record === undefined) return { kind: 'empty', iat: 0 }
    if (record.kind === 'unreadable') return this.#unusable(record.version, record.reason)
    if (record.kind === 'deleted') return { kind: 'empty', iat: record.iat }
    const keepUntil = record.pttl > 0 ? now + record.pttl : Number.POSITIVE_INFINITY
    const rejected = record.rejected || state.rejected.includes(record.fp)
    const known = state.known
    if (
      known?.kind === 'tokens' &&
      known.fp === record.fp &&
      known.iat === record.iat &&
      known.rev === record.rev
    ) {
      return { ...known, rejected: rejected || known.rejected, keepUntil }
    }
    let tokens: TokenSet
    try {
      tokens = this.#codec.decode(state.key, record.data)
    } catch (error) {
      if (isMediRoutesAuthError(error) && error.code === 'invalid_config') {
        // This store's keys cannot read it: a configuration to fix, said as such to the caller.
        this.#logOnce('error', error.message, { code: error.code })
        return { kind: 'unreadable', iat: record.iat, error }
      }
      return this.#unusable(record.version, 'it does not hold a token set')
    }
    // The version must be the set's own issuedAt, which encryption seals: a moved version is caught.
    if (tokens.issuedAt !== record.iat)
      return this.#unusable(record.version, 'its version does not match the token set it holds')
    const unsendable = unsendableReason(tokens)
    if (unsendable !== undefined)
      return this.#unusable(record.version, `the token set cannot be sent: ${unsendable}`)
    return knownTokens(Object.freeze(tokens), record.fp, record.rev, rejected, keepUntil)
  }

  #unusable(version: string, reason: string): Known {
    this.#logOnce(
      'warn',
      `the token record in Redis is unreadable (${reason}); it counts as absent and the next token set replaces it`,
      {},
    )
    return { kind: 'empty', iat: 0, repair: version }
  }

  /**
   * After a refused write: when what refused it is unusable (unreadable, or a token the API
   * refused), replace exactly that record. A refused write never leaves the fleet on a record it
   * cannot use, where every later call would log in again.
   */
  async #repair(state: KeyState, known: KnownTokens): Promise<boolean> {
    const record = await this.#readRecord(state)
    if (state.known !== known || record === undefined) return false
    const incoming = this.#adopt(state, record, Date.now())
    const unusable =
      (incoming.kind === 'empty' && incoming.repair !== undefined) ||
      (incoming.kind === 'tokens' && incoming.rejected && incoming.fp !== known.fp)
    if (!unusable) return false
    return this.#write(state, known, record.version)
  }

  /** Versioned compare-and-set; true when Redis took the set, false when it holds one as new or newer. */
  async #write(state: KeyState, known: KnownTokens, replace = ''): Promise<boolean> {
    const now = Date.now()
    const ttl = Number.isFinite(known.keepUntil) ? Math.max(1, known.keepUntil - now) : TOMBSTONE_MS
    const reply = await this.#guard.run(
      WRITE_RECORD,
      [state.names.record],
      [
        String(known.iat),
        known.fp,
        this.#codec.encode(state.key, known.tokens),
        String(ttl),
        state.names.channel,
        encodeMessage('s', this.#instanceId, String(known.iat)),
        known.rejected ? '1' : '0',
        String(now + FUTURE_TOLERANCE_MS),
        replace,
        String(known.rev),
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
      [
        String(iat),
        String(TOMBSTONE_MS),
        channel,
        encodeMessage('d', this.#instanceId),
        String(Date.now() + FUTURE_TOLERANCE_MS),
      ],
    )
  }

  #onMessage(channel: string, text: string): void {
    const state = this.#cache.byChannel(channel)
    if (state === undefined) return
    const message = decodeMessage(text)
    if (message?.from === this.#instanceId) return
    if (message?.type === 'r') {
      markRejected(state, message.fingerprint)
      return
    }
    // The holder of a lease announced its result or its release: a wait for it is over.
    if (message?.type !== 'd') this.#lease.forget(state.key)
    invalidate(state)
  }

  #logOnce(level: 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    if (this.#logged.has(message)) return
    this.#logged.add(message)
    this.#logger[level](fields, `MediRoutes token store: ${message}`)
  }
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
