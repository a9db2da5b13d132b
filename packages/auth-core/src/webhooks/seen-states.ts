import type { WebhookTrip } from './types.js'

interface SeenState {
  sequence: number | undefined
  status: string | undefined
  updatedAt: string | undefined
}

/**
 * The last trip state handed to the handler, per trip GUID, least recently used dropped first.
 * A state counts as new when its `sequence` is higher (the API's own change counter); without a
 * sequence, when its status or `updated_at` differ.
 */
export class SeenStates {
  readonly #capacity: number
  readonly #states = new Map<string, SeenState>()

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /** `new`, `duplicate` (the same state again) or `stale` (older than one already handled). */
  classify(trip: WebhookTrip): 'new' | 'duplicate' | 'stale' {
    const seen = this.#states.get(trip.trip_guid)
    if (seen === undefined) return 'new'
    const sequence = sequenceOf(trip)
    if (sequence !== undefined && seen.sequence !== undefined) {
      if (sequence > seen.sequence) return 'new'
      return sequence === seen.sequence ? 'duplicate' : 'stale'
    }
    return seen.status === trip.status && seen.updatedAt === updatedAtOf(trip) ? 'duplicate' : 'new'
  }

  remember(trip: WebhookTrip): void {
    this.#states.delete(trip.trip_guid)
    this.#states.set(trip.trip_guid, {
      sequence: sequenceOf(trip),
      status: typeof trip.status === 'string' ? trip.status : undefined,
      updatedAt: updatedAtOf(trip),
    })
    if (this.#states.size > this.#capacity) {
      const oldest = this.#states.keys().next().value
      if (oldest !== undefined) this.#states.delete(oldest)
    }
  }
}

/** The trip's change counter, when the API sent one. */
export function sequenceOf(trip: WebhookTrip): number | undefined {
  return typeof trip.sequence === 'number' && Number.isFinite(trip.sequence)
    ? trip.sequence
    : undefined
}

function updatedAtOf(trip: WebhookTrip): string | undefined {
  return typeof trip.updated_at === 'string' ? trip.updated_at : undefined
}
