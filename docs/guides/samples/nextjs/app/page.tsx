import { isMediRoutesAuthError, type MediRoutesTrip } from '@mediroutes/auth-core'
import { getMediRoutesClient } from '@mediroutes/nextjs'
import { connection } from 'next/server'
import { RescheduleForm } from './reschedule-form'

const PROVIDER = 'Lakeside Medical Transport'

// A Server Component: the token and the provider's API key never leave the server.
export default async function Page() {
  // Render on each request, never at `next build`: the build must not call MediRoutes (an
  // emulator down at build time would freeze an error into the page), and "today" must be today.
  await connection()
  const today = new Date().toISOString().slice(0, 10)
  let trips: MediRoutesTrip[]
  try {
    trips = await getMediRoutesClient().forProvider(PROVIDER).trips.getByDate(today)
  } catch (error) {
    if (!isMediRoutesAuthError(error)) throw error
    return <p role="alert">{error.message}</p>
  }
  return (
    <ul>
      {trips.map((trip) => (
        <li key={trip.trip_guid}>
          {trip.trip_id} {trip.pickup?.pickup_time}: {trip.status}
          <RescheduleForm tripGuid={trip.trip_guid} />
        </li>
      ))}
    </ul>
  )
}
