import type { RedisConnection, Subscriber } from './redis-client.js'

/** Pauses between polls while pub/sub is not available: short at first, then up to the caller's timeout. */
const FIRST_POLL_MS = 25
/** After a failed SUBSCRIBE, wait this long before trying again. */
const RESUBSCRIBE_AFTER_MS = 1000

/** What the channel tells the store. */
export interface UpdateListener {
  message(channel: string, message: string): void
  /** Pub/sub came back after an interruption: messages may have been lost meanwhile. */
  resync(): void
}

/**
 * Pub/sub for the store: one subscriber connection (duplicated from the client, created on first
 * use and closed by {@link close}), one channel per token key, and in-process waiters woken by a
 * message, by a local change, or by their timeout. While pub/sub is down, waits are short polls.
 */
export class UpdateChannel {
  readonly #connection: RedisConnection
  readonly #listener: UpdateListener
  readonly #waiters = new Map<string, Set<() => void>>()
  readonly #subscribed = new Set<string>()
  readonly #pending = new Set<string>()
  readonly #retryAt = new Map<string, number>()
  readonly #pollMs = new Map<string, number>()
  #subscriber: Subscriber | undefined
  #up = false
  #interrupted = false
  #closed = false

  constructor(connection: RedisConnection, listener: UpdateListener) {
    this.#connection = connection
    this.#listener = listener
  }

  /** Starts (in the background) listening on `channel`; safe to call on every use. */
  watch(channel: string): void {
    if (this.#closed || this.#subscribed.has(channel) || this.#pending.has(channel)) return
    if (Date.now() < (this.#retryAt.get(channel) ?? 0)) return
    const subscriber = this.#ensureSubscriber()
    if (subscriber === undefined) return
    this.#pending.add(channel)
    subscriber.subscribe(channel).then(
      () => {
        this.#pending.delete(channel)
        this.#retryAt.delete(channel)
        this.#subscribed.add(channel)
        // A confirmed SUBSCRIBE proves the connection, also for clients that emit no 'ready'.
        if (!this.#closed) this.#up = true
      },
      () => {
        this.#pending.delete(channel)
        this.#retryAt.set(channel, Date.now() + RESUBSCRIBE_AFTER_MS)
      },
    )
  }

  /** Whether a message on `channel` would reach this process now. */
  isLive(channel: string): boolean {
    return this.#up && this.#subscribed.has(channel)
  }

  /** Whether the subscriber connection is up and every watched channel is subscribed. */
  get live(): boolean {
    return this.#up && this.#pending.size === 0 && this.#retryAt.size === 0
  }

  /** Resolves on the next message or local change for `channel`, or after `timeoutMs` (a short poll while pub/sub is down). */
  wait(channel: string, timeoutMs: number): Promise<void> {
    if (this.#closed) return Promise.resolve()
    let ms = timeoutMs
    if (!this.isLive(channel)) {
      const poll = this.#pollMs.get(channel) ?? FIRST_POLL_MS
      this.#pollMs.set(channel, Math.min(timeoutMs, poll * 2))
      ms = Math.min(timeoutMs, poll)
    }
    return new Promise((resolve) => {
      let set = this.#waiters.get(channel)
      if (set === undefined) {
        set = new Set()
        this.#waiters.set(channel, set)
      }
      const waiters = set
      const done = () => {
        clearTimeout(timer)
        waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      waiters.add(done)
    })
  }

  /** Wakes the waiters of `channel` in this process. */
  wake(channel: string): void {
    this.#pollMs.delete(channel)
    const set = this.#waiters.get(channel)
    if (set === undefined) return
    this.#waiters.delete(channel)
    for (const done of set) done()
  }

  /** Wakes everyone and closes the subscriber connection, which the store created. */
  async close(): Promise<void> {
    this.#closed = true
    for (const channel of [...this.#waiters.keys()]) this.wake(channel)
    const subscriber = this.#subscriber
    this.#subscriber = undefined
    this.#up = false
    await subscriber?.close().catch(() => {})
  }

  #ensureSubscriber(): Subscriber | undefined {
    if (this.#subscriber !== undefined) return this.#subscriber
    try {
      this.#subscriber = this.#connection.createSubscriber({
        message: (channel, message) => {
          if (this.#closed) return
          this.#listener.message(channel, message)
          this.wake(channel)
        },
        ready: () => {
          if (this.#closed) return
          this.#up = true
          if (!this.#interrupted) return
          this.#interrupted = false
          this.#listener.resync()
          for (const channel of [...this.#waiters.keys()]) this.wake(channel)
        },
        down: () => {
          if (this.#up) this.#interrupted = true
          this.#up = false
        },
      })
    } catch {
      return undefined
    }
    return this.#subscriber
  }
}
