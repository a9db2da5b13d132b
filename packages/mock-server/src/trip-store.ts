import { isCalendarDate } from './dates.js'
import { generateTrips, tripId } from './fixtures.js'
import type { Trip } from './resources.js'

/** A trip as a caller asks to create it; the store assigns `id` and `updatedAt`. */
export type NewTrip = Omit<Trip, 'id' | 'updatedAt'>

const TRIP_ID = /^T-(\d{4})(\d{2})(\d{2})-\d{2,}$/

/**
 * Trips for any date: generated on demand from the date (so nothing is stored for dates
 * nobody touched), with created and changed trips kept in an overlay on top.
 * Every trip handed out is a copy: callers cannot change the store by accident.
 */
export class TripStore {
  /** Created or changed trips by id; they win over the generated ones. */
  #overlay = new Map<string, Trip>()
  /** Ids of trips created through the API, by date, in creation order. */
  #created = new Map<string, string[]>()

  /** The trips of a `YYYY-MM-DD` date, sorted by pickup time. */
  list(date: string): Trip[] {
    const generated = generateTrips(date).map((trip) => this.#overlay.get(trip.id) ?? trip)
    const created = (this.#created.get(date) ?? []).map((id) => this.#overlay.get(id)!)
    return [...generated, ...created]
      .sort((a, b) => a.pickup.time.localeCompare(b.pickup.time))
      .map(copy)
  }

  /** The trip with this id, or `undefined` (also for ids that do not encode a real date). */
  get(id: string): Trip | undefined {
    const changed = this.#overlay.get(id)
    if (changed !== undefined) return copy(changed)
    const date = dateOfTripId(id)
    if (date === undefined) return undefined
    const generated = generateTrips(date).find((trip) => trip.id === id)
    return generated && copy(generated)
  }

  /** Books a new trip on its `tripDate`, numbered after that date's existing trips. */
  create(trip: NewTrip, nowMs: number): Trip {
    const created = this.#created.get(trip.tripDate) ?? []
    const n = generateTrips(trip.tripDate).length + created.length + 1
    const stored: Trip = { id: tripId(trip.tripDate, n), ...trip, updatedAt: iso(nowMs) }
    this.#overlay.set(stored.id, stored)
    this.#created.set(trip.tripDate, [...created, stored.id])
    return copy(stored)
  }

  /** Replaces a trip with `changes` applied and `updatedAt` set; `undefined` when unknown. */
  update(id: string, changes: Partial<NewTrip>, nowMs: number): Trip | undefined {
    const current = this.get(id)
    if (current === undefined) return undefined
    const next: Trip = { ...current, ...changes, updatedAt: iso(nowMs) }
    this.#overlay.set(id, next)
    return copy(next)
  }

  /** Forgets every change: back to the generated trips. */
  reset(): void {
    this.#overlay.clear()
    this.#created.clear()
  }
}

/** The date a trip id encodes, or `undefined` when the id is not one or the date is not real. */
function dateOfTripId(id: string): string | undefined {
  const match = TRIP_ID.exec(id)
  if (match === null) return undefined
  const date = `${match[1]}-${match[2]}-${match[3]}`
  return isCalendarDate(date) ? date : undefined
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

function copy(trip: Trip): Trip {
  return structuredClone(trip)
}
