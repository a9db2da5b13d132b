import type { MediRoutesTrip } from '@mediroutes/auth-core'

/** What the live table needs of a trip: enough to redraw its row. */
export interface TripRow {
  trip_guid: string
  trip_id: string
  rider_id: string
  funding_source_name: string
  status: string
  /** Grows by one on every change of the trip: how the table notices one. */
  sequence: number
  space_type: string
  /** `09:30`: the provider's local clock, as the API sends it. */
  pickupTime: string
  from: string
  to: string
}

/** Statuses after which a trip cannot change. */
export const FINAL_STATUSES: readonly string[] = ['performed', 'cancelled', 'no_show']

/** `Arrived pickup` for `arrived_pickup`: statuses as a person reads them. */
export function statusLabel(status: string): string {
  const words = status.replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** `09:30` from `2026-12-05 09:30:00.000`: the provider's local clock, as the API sends it. */
export function clock(time: string): string {
  return /\d{2}:\d{2}/.exec(time.slice(10))?.[0] ?? '—'
}

/**
 * The row the table draws for a trip. Times are the provider's local time without an offset
 * (`2026-12-05 09:30:00.000`): shown as they are, never converted.
 */
export function toRow(trip: MediRoutesTrip): TripRow {
  return {
    trip_guid: trip.trip_guid,
    trip_id: trip.trip_id ?? '',
    rider_id: trip.rider_id ?? '',
    funding_source_name: trip.funding_source_name ?? '',
    status: trip.status ?? 'unknown',
    sequence: typeof trip.sequence === 'number' ? trip.sequence : 0,
    space_type: trip.space_type ?? '',
    pickupTime: clock(trip.pickup?.pickup_time || trip.pickup?.appt_time || ''),
    from: trip.pickup?.complete_address ?? '',
    to: trip.dropoff?.complete_address ?? '',
  }
}
