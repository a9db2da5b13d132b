/**
 * The in-process half of the lease: taken before the Redis lease, and alone while Redis is
 * unavailable, so clients of one process never grant at the same time even then.
 */
export class LocalLeases {
  readonly #held = new Map<string, { token: symbol; until: number }>()

  /** A release function, or `null` while another holder in this process has the key. */
  take(key: string, ttlMs: number): (() => void) | null {
    const now = Date.now()
    const current = this.#held.get(key)
    if (current !== undefined && current.until > now) return null
    const token = Symbol(key)
    this.#held.set(key, { token, until: now + ttlMs })
    return () => {
      if (this.#held.get(key)?.token === token) this.#held.delete(key)
    }
  }
}
