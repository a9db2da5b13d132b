import { callMediRoutes } from '@mediroutes/nextjs'
import { connection } from 'next/server'
import { CancelForm } from './cancel-form'

interface Trip {
  id: string
  status: string
  rider: { firstName: string; lastName: string }
}

// A Server Component: the token never leaves the server.
export default async function Page() {
  // Render on each request, never at `next build`: the build must not call MediRoutes (an
  // emulator down at build time would freeze an error into the page), and "today" must be today.
  await connection()
  const today = new Date().toISOString().slice(0, 10)
  const trips = await callMediRoutes<Trip[]>(`/api/trips?date=${today}`)
  if (!trips.ok) return <p role="alert">{trips.error.message}</p>
  return (
    <ul>
      {trips.data.map((trip) => (
        <li key={trip.id}>
          {trip.id} {trip.rider.firstName} {trip.rider.lastName}: {trip.status}
          {trip.status !== 'Cancelled' && <CancelForm tripId={trip.id} />}
        </li>
      ))}
    </ul>
  )
}
