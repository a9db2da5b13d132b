import { DEMO_USER, MOCK_PROVIDERS } from '@mediroutes/mock-server'
import { clientsFrom } from '@mediroutes/test-kit'
import { createMediRoutesClient } from '../src/index.js'

export { emulator, recordingLogger, rejectionOf, sleep } from '@mediroutes/test-kit'
export { DEMO_USER }

/** The provider of the demo account's claims, and its API key. */
export const LAKESIDE = MOCK_PROVIDERS[0]!

/** A v1 path that reads trips of a date through the demo account's provider key. */
export const TRIPS_PATH = `/api/v1/rides/getRidesByDate?api_key=${LAKESIDE.apiKey}&date=2024-06-01`

/** A trip model the emulator accepts for `POST /api/v1/singletrip`. */
export function newTrip(tripId: string): Record<string, unknown> {
  return {
    tp_api_key: LAKESIDE.apiKey,
    trip_id: tripId,
    rider_id: 'LMT-1002',
    funding_source_id: LAKESIDE.fundingSources[0]!.id,
    pickup: { event_name: 'Home', pickup_time: '2024-06-01 10:00' },
    dropoff: { event_name: 'Clinic', appt_time: '2024-06-01 11:00' },
  }
}

/** A client for the demo account of `server`, built from this package's source, closed after the test. */
export const clientFor = clientsFrom(createMediRoutesClient)
