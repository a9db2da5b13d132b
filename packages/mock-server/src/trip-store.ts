import { randomUUID } from 'node:crypto'
import { utcDate } from './dates.js'
import { byPickupTime, generateTrips } from './fixtures.js'
import { MOCK_PROVIDERS, type MockProvider } from './providers.js'
import type { MockTrip, TripStatus } from './resources.js'

/** A trip as a caller asks to create it; the store assigns `trip_guid`, `status`, `sequence` and `updated_at`. */
export type NewTrip = Omit<MockTrip, 'trip_guid' | 'status' | 'sequence' | 'updated_at'> & {
  status?: TripStatus
}

/** What changed: a trip was created, or an existing trip changed (status or any field). */
export interface TripChange {
  type: 'created' | 'changed'
  /** The provider the trip belongs to. */
  provider: MockProvider
  /** The trip after the change (a copy). */
  trip: MockTrip
  /** The status before the change; `undefined` for a created trip. */
  previousStatus: TripStatus | undefined
}

/** Called synchronously after every change; a listener that throws is logged and ignored. */
export type TripChangeListener = (change: TripChange) => void

interface Located {
  provider: MockProvider
  trip_id: string
  date: string
}

/**
 * Trips of every provider for any date: generated on demand from provider and date (so
 * nothing is stored for dates nobody touched), with created and changed trips kept in
 * an overlay on top. Every trip handed out is a copy: callers cannot change the store by
 * accident. Every creation and change is announced to {@link onTripChanged} listeners.
 */
export class TripStore {
  readonly #now: () => number
  /** Created or changed trips by GUID; they win over the generated ones. */
  #overlay = new Map<string, MockTrip>()
  /** GUIDs of trips created through the API, per provider and date, in creation order. */
  #created = new Map<string, string[]>()
  /** Where every GUID handed out so far lives. */
  #index = new Map<string, Located>()
  /** Dates generated per provider, so each is indexed once. */
  #generated = new Set<string>()
  readonly #listeners = new Set<TripChangeListener>()

  constructor(now: () => number) {
    this.#now = now
  }

  /** The trips of a provider on a `YYYY-MM-DD` date, sorted by pickup time. */
  list(provider: MockProvider, date: string): MockTrip[] {
    const generated = this.#generate(provider, date).map(
      (trip) => this.#overlay.get(trip.trip_guid) ?? trip,
    )
    const created = (this.#created.get(dayKey(provider, date)) ?? []).map(
      (guid) => this.#overlay.get(guid)!,
    )
    return [...generated, ...created].sort(byPickupTime).map(copy)
  }

  /** The provider's trip with this GUID, or `undefined`. */
  byGuid(provider: MockProvider, guid: string): MockTrip | undefined {
    const found = this.find(guid)
    return found?.provider === provider ? found.trip : undefined
  }

  /** The provider's trip with this caller id, or `undefined`. */
  byTripId(provider: MockProvider, tripId: string): MockTrip | undefined {
    // Seeded ids carry their date (`LMT-20261205-03`): generating that date indexes them.
    const date = /-(\d{4})(\d{2})(\d{2})-\d+$/.exec(tripId)
    if (date !== null) this.#generate(provider, `${date[1]}-${date[2]}-${date[3]}`)
    for (const [guid, where] of this.#index) {
      if (where.provider === provider && where.trip_id === tripId) return this.#read(guid, where)
    }
    return undefined
  }

  /**
   * The trip with this GUID, whatever its provider, or `undefined`. A GUID of a seeded
   * trip is known once its date was listed; the days around "today" on the emulator
   * clock are always known.
   */
  find(guid: string): { provider: MockProvider; trip: MockTrip } | undefined {
    if (!this.#index.has(guid)) this.#generateAroundToday()
    const where = this.#index.get(guid)
    if (where === undefined) return undefined
    return { provider: where.provider, trip: this.#read(guid, where)! }
  }

  /** Books a new trip (status `scheduled`, or `will_call` when given), sequence 1. */
  create(provider: MockProvider, trip: NewTrip, date: string): MockTrip {
    const stored: MockTrip = {
      ...trip,
      trip_guid: randomUUID(),
      status: trip.status ?? 'scheduled',
      sequence: 1,
      updated_at: new Date(this.#now()).toISOString(),
    }
    this.#overlay.set(stored.trip_guid, stored)
    this.#index.set(stored.trip_guid, { provider, trip_id: stored.trip_id, date })
    const key = dayKey(provider, date)
    this.#created.set(key, [...(this.#created.get(key) ?? []), stored.trip_guid])
    this.#announce({ type: 'created', provider, trip: copy(stored), previousStatus: undefined })
    return copy(stored)
  }

  /**
   * Applies `changes` to a trip, bumps `sequence` and `updated_at`, and announces it.
   * `undefined` when the GUID is unknown.
   */
  update(
    guid: string,
    changes: Partial<Omit<MockTrip, 'trip_guid' | 'sequence'>>,
  ): MockTrip | undefined {
    const found = this.find(guid)
    if (found === undefined) return undefined
    const { provider, trip: current } = found
    const next: MockTrip = {
      ...current,
      ...structuredClone(changes),
      trip_guid: guid,
      sequence: current.sequence + 1,
      updated_at: new Date(this.#now()).toISOString(),
    }
    this.#overlay.set(guid, next)
    const where = this.#index.get(guid)!
    where.trip_id = next.trip_id
    this.#announce({ type: 'changed', provider, trip: copy(next), previousStatus: current.status })
    return copy(next)
  }

  /**
   * Subscribes to every trip creation and change (through the API or the control API).
   * Returns the unsubscribe function.
   */
  onTripChanged(listener: TripChangeListener): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** Forgets every change: back to the generated trips. Listeners stay subscribed. */
  reset(): void {
    this.#overlay.clear()
    this.#created.clear()
    this.#index.clear()
    this.#generated.clear()
  }

  #read(guid: string, where: Located): MockTrip | undefined {
    const changed = this.#overlay.get(guid)
    if (changed !== undefined) return copy(changed)
    const generated = generateTrips(where.provider, where.date).find((t) => t.trip_guid === guid)
    return generated && copy(generated)
  }

  #generate(provider: MockProvider, date: string): MockTrip[] {
    const trips = generateTrips(provider, date)
    const key = dayKey(provider, date)
    if (!this.#generated.has(key)) {
      this.#generated.add(key)
      for (const trip of trips) {
        if (!this.#index.has(trip.trip_guid)) {
          this.#index.set(trip.trip_guid, { provider, trip_id: trip.trip_id, date })
        }
      }
    }
    return trips
  }

  #generateAroundToday(): void {
    const now = this.#now()
    for (const offset of [-1, 0, 1]) {
      const date = utcDate(now + offset * 86_400_000)
      for (const provider of MOCK_PROVIDERS) {
        // An unknown GUID must not cost nine days of generation on every lookup.
        if (!this.#generated.has(dayKey(provider, date))) this.#generate(provider, date)
      }
    }
  }

  #announce(change: TripChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change)
      } catch (error) {
        console.error('[mediroutes-mock] a trip change listener threw', error)
      }
    }
  }
}

function dayKey(provider: MockProvider, date: string): string {
  return `${provider.name}\n${date}`
}

function copy(trip: MockTrip): MockTrip {
  return structuredClone(trip)
}
