import type { TokenSet } from './token-set.js'
import type { TokenLease, TokenStore } from './token-store.js'

interface Entry {
  value: TokenSet
  expiresAt: number
}

/**
 * A token store for one process: a `Map` with per-entry expiry. The default store.
 * Share one instance between clients to share their tokens; its lease makes concurrent
 * clients on one store perform a single grant.
 */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, Entry>()
  readonly #leases = new Map<string, { until: number }>()
  readonly #waiters = new Map<string, Set<() => void>>()

  async get(key: string): Promise<TokenSet | undefined> {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (Date.now() >= entry.expiresAt) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  /** What `get` would return, synchronously: the same frozen object until the next `set` or `delete`. */
  peek(key: string): TokenSet | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined || Date.now() >= entry.expiresAt) return undefined
    return entry.value
  }

  async set(key: string, value: TokenSet, ttlMs: number): Promise<void> {
    // A frozen copy: no caller can change what is stored.
    this.#entries.set(key, {
      value: Object.freeze({ ...value }),
      expiresAt: Date.now() + Math.max(0, ttlMs),
    })
    this.#wake(key)
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key)
    this.#wake(key)
  }

  async acquireLease(key: string, ttlMs: number): Promise<TokenLease | null> {
    const now = Date.now()
    const heldUntil = this.#leases.get(key)
    if (heldUntil !== undefined && heldUntil.until > now) return null
    const lease = { until: now + ttlMs }
    this.#leases.set(key, lease)
    return {
      extend: async (extendMs) => {
        if (this.#leases.get(key) === lease) lease.until = Date.now() + extendMs
      },
      release: async () => {
        if (this.#leases.get(key) === lease) this.#leases.delete(key)
        this.#wake(key)
      },
    }
  }

  waitForUpdate(key: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.#waiters.get(key)
      if (set === undefined) {
        set = new Set()
        this.#waiters.set(key, set)
      }
      const done = () => {
        clearTimeout(timer)
        set.delete(done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      timer.unref?.()
      set.add(done)
    })
  }

  /** Number of keys held, expired ones included until next read. */
  get size(): number {
    return this.#entries.size
  }

  toJSON(): { type: string; size: number } {
    return { type: 'MemoryTokenStore', size: this.#entries.size }
  }

  #wake(key: string): void {
    const set = this.#waiters.get(key)
    if (set === undefined) return
    this.#waiters.delete(key)
    for (const done of set) done()
  }
}
