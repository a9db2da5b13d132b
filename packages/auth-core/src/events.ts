/** Payloads of the events a client emits. None carries a token or a password. */
export interface MediRoutesEvents {
  /** A password grant produced a new token set. */
  acquired: { grant: 'password'; issuedAt: number; expiresAt: number }
  /** A refresh grant produced a new token set. */
  refreshed: { grant: 'refresh'; issuedAt: number; expiresAt: number }
  /** Getting a token failed for good (after retries). */
  failed: { code: string; status?: number; message: string }
  /** The token endpoint or the API answered 429. */
  rateLimited: { endpoint: 'token' | 'api'; retryAfterMs?: number }
}

export type MediRoutesEventName = keyof MediRoutesEvents
export type MediRoutesListener<E extends MediRoutesEventName> = (
  payload: MediRoutesEvents[E],
) => void

/** A minimal typed emitter; a throwing listener never breaks the client. */
export class EventHub {
  readonly #listeners = new Map<MediRoutesEventName, Set<(payload: never) => void>>()

  on<E extends MediRoutesEventName>(event: E, listener: MediRoutesListener<E>): () => void {
    let set = this.#listeners.get(event)
    if (set === undefined) {
      set = new Set()
      this.#listeners.set(event, set)
    }
    set.add(listener as (payload: never) => void)
    return () => {
      set.delete(listener as (payload: never) => void)
    }
  }

  emit<E extends MediRoutesEventName>(event: E, payload: MediRoutesEvents[E]): void {
    const set = this.#listeners.get(event)
    if (set === undefined) return
    for (const listener of set) {
      try {
        ;(listener as MediRoutesListener<E>)(payload)
      } catch {
        // A faulty listener must not break token handling.
      }
    }
  }

  clear(): void {
    this.#listeners.clear()
  }
}
