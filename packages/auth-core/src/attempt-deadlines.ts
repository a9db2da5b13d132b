/** One HTTP attempt under a deadline. */
export interface AttemptDeadline {
  readonly signal: AbortSignal
  /** True once the deadline passed and the attempt was aborted. */
  readonly timedOut: boolean
  /** Aborts the attempt for another reason (the caller's signal). */
  abort(reason: unknown): void
}

/** A class, not an object literal with an arrow: no closure (and no keepNames call) per attempt. */
class Entry implements AttemptDeadline {
  readonly controller = new AbortController()
  readonly signal = this.controller.signal
  timedOut = false

  constructor(readonly deadline: number) {}

  abort(reason: unknown): void {
    this.controller.abort(reason)
  }
}

/**
 * Aborts attempts whose deadline passed, with one shared sweep timer instead of a timer per
 * request: on the hot path a timer per call costs more than the rest of the client together.
 * Deadlines fire at most a tenth of the timeout (and at most 250 ms) late.
 */
export class AttemptDeadlines {
  readonly #timeoutMs: number
  readonly #tickMs: number
  readonly #pending = new Set<Entry>()
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs
    this.#tickMs = Math.max(5, Math.min(250, Math.floor(timeoutMs / 10)))
  }

  start(): AttemptDeadline {
    const entry = new Entry(Date.now() + this.#timeoutMs)
    this.#pending.add(entry)
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#sweep(), this.#tickMs)
      // The request's own socket keeps the process alive while a caller waits.
      this.#timer.unref?.()
    }
    return entry
  }

  finish(attempt: AttemptDeadline): void {
    // The sweep stops the timer once nothing is pending: stopping it here would restart it on
    // nearly every call of a sequential caller.
    this.#pending.delete(attempt as Entry)
  }

  #sweep(): void {
    const now = Date.now()
    for (const entry of this.#pending) {
      if (entry.deadline > now) continue
      entry.timedOut = true
      this.#pending.delete(entry)
      entry.controller.abort()
    }
    if (this.#pending.size === 0) this.#stop()
  }

  #stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }
}
