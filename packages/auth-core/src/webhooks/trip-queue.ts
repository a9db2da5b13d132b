interface Entry {
  /** Funding source ids the notifications named; a forged one must not hide the real one. */
  fundingSourceIds: Set<number | undefined>
  running: boolean
  /** A notification arrived while this trip was being read: read it once more afterwards. */
  again: boolean
}

/** How many funding source ids one trip's pending work remembers. */
const MAX_SOURCES_PER_TRIP = 4

/**
 * One lane per trip, at most `concurrency` trips worked on at once.
 *
 * Notifications for a trip that is already waiting merge into its entry; one that arrives while
 * the trip is being read marks it for exactly one more read. However many deliveries arrive for
 * a trip, at most one read runs and one waits: a flood costs reads per trip, not per delivery.
 */
export class TripQueue {
  readonly #concurrency: number
  readonly #capacity: number
  readonly #work: (tripGuid: string, fundingSourceIds: (number | undefined)[]) => Promise<void>
  readonly #entries = new Map<string, Entry>()
  readonly #waiting: string[] = []
  #active = 0
  #idle: { promise: Promise<void>; resolve: () => void } | undefined

  constructor(
    concurrency: number,
    capacity: number,
    work: (tripGuid: string, fundingSourceIds: (number | undefined)[]) => Promise<void>,
  ) {
    this.#concurrency = concurrency
    this.#capacity = capacity
    this.#work = work
  }

  /** Trips waiting or being read. */
  get size(): number {
    return this.#entries.size
  }

  /** Queues a read of the trip; `false` when the queue is full (the delivery should be refused). */
  push(tripGuid: string, fundingSourceId: number | undefined): boolean {
    const entry = this.#entries.get(tripGuid)
    if (entry !== undefined) {
      if (entry.fundingSourceIds.size < MAX_SOURCES_PER_TRIP) {
        entry.fundingSourceIds.add(fundingSourceId)
      }
      if (entry.running) entry.again = true
      return true
    }
    if (this.#entries.size >= this.#capacity) return false
    this.#entries.set(tripGuid, {
      fundingSourceIds: new Set([fundingSourceId]),
      running: false,
      again: false,
    })
    this.#waiting.push(tripGuid)
    this.#pump()
    return true
  }

  /** Resolves when nothing is waiting or being read. */
  idle(): Promise<void> {
    if (this.#entries.size === 0) return Promise.resolve()
    if (this.#idle === undefined) {
      let resolve!: () => void
      const promise = new Promise<void>((r) => {
        resolve = r
      })
      this.#idle = { promise, resolve }
    }
    return this.#idle.promise
  }

  #pump(): void {
    while (this.#active < this.#concurrency && this.#waiting.length > 0) {
      const tripGuid = this.#waiting.shift()!
      const entry = this.#entries.get(tripGuid)!
      this.#active += 1
      entry.running = true
      const sources = [...entry.fundingSourceIds]
      entry.fundingSourceIds = new Set()
      // `work` reports its own failures; the catch only keeps the lane moving.
      void this.#work(tripGuid, sources)
        .catch(() => {})
        .finally(() => this.#done(tripGuid, entry, sources))
    }
  }

  #done(tripGuid: string, entry: Entry, sources: (number | undefined)[]): void {
    this.#active -= 1
    entry.running = false
    if (entry.again) {
      entry.again = false
      for (const source of sources) {
        if (entry.fundingSourceIds.size < MAX_SOURCES_PER_TRIP) entry.fundingSourceIds.add(source)
      }
      this.#waiting.push(tripGuid)
    } else {
      this.#entries.delete(tripGuid)
    }
    this.#pump()
    if (this.#entries.size === 0 && this.#idle !== undefined) {
      const { resolve } = this.#idle
      this.#idle = undefined
      resolve()
    }
  }
}
