import type { TokenLease } from '@mediroutes/auth-core'
import { LocalLeases } from './local-leases.js'
import { ACQUIRE_LEASE, EXTEND_LEASE, RELEASE_LEASE } from './lua-scripts.js'
import type { RedisGuard } from './redis-guard.js'
import type { RedisNames } from './redis-keys.js'
import { encodeMessage } from './update-messages.js'

/** What the lease needs from the store around it. */
export interface LeaseHost {
  readonly guard: RedisGuard
  /**
   * Longest wait, from the first answer too slow to tell, before a process that saw no holder
   * takes its in-process lease: Redis may be hung rather than slow, and calls must not hang with it.
   */
  readonly unsureWaitMs: number
  /** The store instance's id, the prefix of every lease owner it writes. */
  readonly instanceId: string
  /** The caller reads the store next and must see Redis, not this process's cache. */
  taken(names: RedisNames): void
  /** Wakes this process's waiters on the key. */
  released(names: RedisNames): void
}

/** What this process last learnt about another holder's lease on one key. */
interface Sighting {
  /** Until when another holder's lease was seen to last (its PTTL when we asked). */
  heldUntil: number
  /** Since when Redis has answered our lease requests too slowly to tell who holds the lease. */
  unsureSince: number | undefined
}

/**
 * The fleet-wide lease around a grant: `SET NX PX` in Redis plus an in-process lease, taken in
 * that order so clients of one process never grant at the same time even while Redis is away.
 *
 * A lease seen held stays held in this process's eyes until it would expire, whatever Redis does
 * meanwhile: a process that lost the race waits for the winner's token (the update message, then a
 * read) rather than grant beside it because Redis answered one request slowly. Redis that answers
 * too slowly to tell is treated the same way for a while (`unsureWaitMs`, at most one lease
 * lifetime); only Redis known to be gone (refused connections, errors) sends a process to its
 * in-process lease at once.
 */
export class FleetLease {
  readonly #host: LeaseHost
  readonly #local = new LocalLeases()
  readonly #sightings = new Map<string, Sighting>()
  /** Pending retries of lease releases, cancelled by close(). */
  readonly #retries = new Set<ReturnType<typeof setTimeout>>()
  #count = 0
  #closed = false

  constructor(host: LeaseHost) {
    this.#host = host
  }

  /** A lease for `key`, or `null` while another process (or client of this one) holds it or may hold it. */
  async acquire(key: string, names: RedisNames, ttl: number): Promise<TokenLease | null> {
    const local = this.#local.take(key, ttl)
    if (local === null) return null
    const owner = `${this.#host.instanceId}:${++this.#count}`
    const guard = this.#host.guard
    let shared = false
    try {
      const reply = await guard.run(
        ACQUIRE_LEASE,
        [names.lease],
        [owner, String(ttl)],
        // Taken after we stopped waiting: give it back at once rather than block the fleet until it expires.
        (late) => {
          if (late === 'OK') void this.#releaseShared(names, owner, Date.now() + ttl)
        },
      )
      if (reply !== 'OK') {
        const pttl = Number(reply)
        this.#sightings.set(key, {
          heldUntil: Date.now() + (pttl > 0 ? pttl : ttl),
          unsureSince: undefined,
        })
        local.release()
        return null
      }
      shared = true
      this.#sightings.delete(key)
    } catch (error) {
      if (this.#mustWait(key, ttl, guard.uncertain(error))) {
        local.release()
        return null
      }
      // Redis is unavailable: the in-process lease alone keeps this process to one grant.
    }
    let expiresAt = Date.now() + ttl
    this.#host.taken(names)
    let released = false
    return {
      extend: async (extendMs: number) => {
        if (released || !(extendMs > 0)) return
        const more = Math.ceil(extendMs)
        local.extend(more)
        expiresAt = Date.now() + more
        if (!shared) return
        try {
          await guard.run(EXTEND_LEASE, [names.lease], [owner, String(more)])
        } catch {
          // Redis is away: the lease lapses there and the in-process half still holds.
        }
      },
      release: async () => {
        if (released) return
        released = true
        local.release()
        if (shared) await this.#releaseShared(names, owner, expiresAt)
        this.#host.released(names)
      },
    }
  }

  /** Forgets a holder seen on `key`: it announced its release or its result. */
  forget(key: string): void {
    this.#sightings.delete(key)
  }

  /** Cancels pending release retries. */
  close(): void {
    this.#closed = true
    for (const timer of this.#retries) clearTimeout(timer)
    this.#retries.clear()
  }

  /** Whether a failed lease request must count as "held by another" rather than "Redis is gone". */
  #mustWait(key: string, ttl: number, uncertain: boolean): boolean {
    const now = Date.now()
    const seen = this.#sightings.get(key)
    if (seen !== undefined && now < seen.heldUntil) return true
    if (!uncertain) {
      this.#sightings.delete(key)
      return false
    }
    // Too slow to tell: someone may hold it (or our own SET may have landed). Wait a while for an answer.
    const since = seen?.unsureSince ?? now
    this.#sightings.set(key, { heldUntil: seen?.heldUntil ?? 0, unsureSince: since })
    return now < since + Math.min(ttl, this.#host.unsureWaitMs)
  }

  /**
   * Compare-and-delete of the shared lease. While Redis does not answer it is tried again with
   * backoff until the lease would have expired anyway: the others wait for it meanwhile.
   */
  async #releaseShared(
    names: RedisNames,
    owner: string,
    expiresAt: number,
    retryMs = 100,
  ): Promise<void> {
    try {
      const message = encodeMessage('l', this.#host.instanceId)
      await this.#host.guard.run(RELEASE_LEASE, [names.lease], [owner, names.channel, message])
    } catch {
      if (this.#closed || Date.now() + retryMs >= expiresAt) return
      const timer = setTimeout(() => {
        this.#retries.delete(timer)
        void this.#releaseShared(names, owner, expiresAt, Math.min(2000, retryMs * 2))
      }, retryMs)
      timer.unref?.()
      this.#retries.add(timer)
    }
  }
}
