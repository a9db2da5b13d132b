import type { MediRoutesClient } from '@mediroutes/auth-core'

/** The fields of a trip this demo shows. */
export interface Trip {
  id: string
  status: string
  mobilityType: string
  rider: { firstName: string; lastName: string }
  pickup: { time: string; address: { street: string; city: string } }
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok)
    throw new Error(`${what} failed with HTTP ${response.status}: ${await response.text()}`)
  return (await response.json()) as T
}

/** Trips for one date (YYYY-MM-DD). */
export async function listTrips(client: MediRoutesClient, date: string): Promise<Trip[]> {
  return json(await client.fetch(`/api/trips?date=${encodeURIComponent(date)}`), 'listing trips')
}

/** Cancels a trip; returns it as the API answers. */
export async function cancelTrip(
  client: MediRoutesClient,
  id: string,
  reason: string,
): Promise<Trip> {
  return json(
    await client.fetch(`/api/trips/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    }),
    `cancelling ${id}`,
  )
}
