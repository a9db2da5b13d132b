/**
 * The in-process half of the lease: taken before the Redis lease, and alone while Redis is
 * unavailable, so clients of one process never grant at the same time even then.
 */
/** An in-process lease held by one grant. */
export interface LocalLease {
  release(): void
  /** Keeps the lease for `ttlMs` from now, while its holder still works. */
  extend(ttlMs: number): void
}

export class LocalLeases {
  readonly #held = new Map<string, { token: symbol; until: number }>()

  /** The held lease, or `null` while another holder in this process has the key. */
  take(key: string, ttlMs: number): LocalLease | null {
    const now = Date.now()
    const current = this.#held.get(key)
    if (current !== undefined && current.until > now) return null
    const token = Symbol(key)
    const entry = { token, until: now + ttlMs }
    this.#held.set(key, entry)
    return {
      release: () => {
        if (this.#held.get(key)?.token === token) this.#held.delete(key)
      },
      extend: (extendMs) => {
        if (this.#held.get(key)?.token === token) entry.until = Date.now() + extendMs
      },
    }
  }
}
