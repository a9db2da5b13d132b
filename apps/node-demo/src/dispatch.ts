import type { MediRoutesTrip } from '@mediroutes/auth-core'

/** Today as `YYYY-MM-DD` (UTC, as the emulator counts days). */
export function today(now: number = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10)
}

/**
 * One line per trip. Times are the provider's local time without an offset
 * (`2026-12-05 09:30:00.000`): shown as sent, never converted.
 */
export function describeTrip(trip: MediRoutesTrip): string {
  const time = (trip.pickup?.pickup_time || trip.pickup?.appt_time || '').slice(11, 16)
  return [
    trip.trip_id ?? trip.trip_guid,
    time || '--:--',
    (trip.status ?? '').padEnd(15),
    (trip.space_type ?? '').padEnd(4),
    (trip.rider_id ?? '').padEnd(9),
    `${trip.pickup?.complete_address ?? ''} [${trip.funding_source_name ?? ''}]`,
  ].join('  ')
}
