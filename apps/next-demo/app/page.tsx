import { callMediRoutes } from '@mediroutes/nextjs'
import { clockTime, dayOrToday, longDay } from '../lib/dispatch-day'
import { mediroutes } from '../lib/mediroutes'
import { FINAL_STATUSES, statusLabel, type Trip } from '../lib/trips'
import { RiderLookup } from './rider-lookup'
import { TokenPanel } from './token-panel'
import { type TripChoice, TripForms } from './trip-forms'

function place(address: Trip['pickup']['address']): string {
  return `${address.street}, ${address.city}`
}

/** The dispatch dashboard: the day's trips, read on the server with the server's token. */
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const { date } = await searchParams
  const day = dayOrToday(Array.isArray(date) ? date[0] : date)
  const client = mediroutes()
  const trips = await callMediRoutes<Trip[]>(`/api/trips?date=${day}`, { client })
  // Read after the call, so the panel shows the token that call used.
  const status = await client.status()
  const now = Date.now()
  const changeable: TripChoice[] = trips.ok
    ? trips.data
        .filter((trip) => !FINAL_STATUSES.includes(trip.status))
        .map((trip) => ({
          id: trip.id,
          label: `${trip.id} · ${trip.rider.firstName} ${trip.rider.lastName} · ${statusLabel(trip.status)}`,
        }))
    : []

  return (
    <main data-date={day}>
      <header>
        <div>
          <h1>Dispatch</h1>
          <p className="day">{longDay(day)}</p>
        </div>
        <form className="day-picker" aria-label="Choose a day">
          <input type="date" name="date" defaultValue={day} aria-label="Day" />
          <button type="submit">Show</button>
        </form>
      </header>
      <div className="layout">
        <section className="panel trips" aria-labelledby="trips-heading">
          <h2 id="trips-heading">
            Trips {trips.ok && <span className="count">{trips.data.length}</span>}
          </h2>
          {trips.ok ? (
            <table>
              <thead>
                <tr>
                  <th>Trip</th>
                  <th>Pickup</th>
                  <th>Rider</th>
                  <th>From → to</th>
                  <th>Mobility</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {trips.data.map((trip) => (
                  <tr key={trip.id} data-trip-id={trip.id} data-status={trip.status}>
                    <td className="mono">{trip.id}</td>
                    <td>
                      {clockTime(trip.pickup.time)}
                      {trip.willCall && <span className="tag">will call</span>}
                    </td>
                    <td>
                      {trip.rider.firstName} {trip.rider.lastName}
                      <div className="sub">{trip.fundingSource}</div>
                    </td>
                    <td>
                      {place(trip.pickup.address)}
                      <div className="sub">→ {place(trip.dropoff.address)}</div>
                    </td>
                    <td>{trip.mobilityType}</td>
                    <td>
                      <span className={`status ${trip.status}`}>{statusLabel(trip.status)}</span>
                      {trip.cancellationReason && (
                        <div className="sub">{trip.cancellationReason}</div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="outcome error" role="alert" data-code={trips.error.code}>
              {trips.error.message}
            </p>
          )}
        </section>
        <aside>
          <TokenPanel status={status} username={client.username} now={now} />
          <section className="panel" aria-labelledby="change-heading">
            <h2 id="change-heading">Change a trip</h2>
            {changeable.length > 0 ? (
              <TripForms trips={changeable} />
            ) : (
              <p className="note">No trip left to change on this day.</p>
            )}
          </section>
          <section className="panel" aria-labelledby="rider-heading">
            <h2 id="rider-heading">Rider lookup</h2>
            <p className="note">From the browser, through the app's MediRoutes proxy route.</p>
            <RiderLookup />
          </section>
        </aside>
      </div>
    </main>
  )
}
