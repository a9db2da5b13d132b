'use client'

import { useEffect, useRef, useState } from 'react'
import { FINAL_STATUSES, statusLabel, type TripRow } from '../lib/trips'

/** How often the table asks the server for the day's trips again. */
const POLL_MS = 1_000

type Feed = { kind: 'live'; at: number } | { kind: 'paused'; message: string }

/**
 * The day's trips of one provider, kept current: every second the browser asks this app's own
 * `/api/dispatch/trips` route, which reads them from MediRoutes on the server with the provider's key.
 * The browser names the provider; it never sees a key or a token.
 */
export function LiveTrips({
  provider,
  day,
  initial,
}: {
  provider: string
  day: string
  initial: readonly TripRow[]
}) {
  const [trips, setTrips] = useState(initial)
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set())
  const [feed, setFeed] = useState<Feed>({ kind: 'live', at: Date.now() })
  const known = useRef(new Map(initial.map((trip) => [trip.trip_guid, trip.sequence])))

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const query = new URLSearchParams({ provider, date: day })
    async function poll() {
      try {
        const response = await fetch(`/api/dispatch/trips?${query}`, { cache: 'no-store' })
        const body = (await response.json()) as { trips?: TripRow[]; message?: string }
        if (stopped) return
        if (!response.ok || body.trips === undefined) {
          setFeed({ kind: 'paused', message: body.message ?? `HTTP ${response.status}` })
        } else {
          const fresh = new Set<string>()
          for (const trip of body.trips) {
            const before = known.current.get(trip.trip_guid)
            if (before !== undefined && before !== trip.sequence) fresh.add(trip.trip_guid)
            known.current.set(trip.trip_guid, trip.sequence)
          }
          setTrips(body.trips)
          if (fresh.size > 0) setChanged(fresh)
          setFeed({ kind: 'live', at: Date.now() })
        }
      } catch {
        if (!stopped) setFeed({ kind: 'paused', message: 'The dashboard cannot reach its server.' })
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS)
    }
    timer = setTimeout(poll, POLL_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [provider, day])

  const open = trips.filter((trip) => !FINAL_STATUSES.includes(trip.status)).length
  return (
    <>
      <h2 id="trips-heading">
        Trips <span className="count">{trips.length}</span>
        <span className="sub"> {open} still open</span>
        <span
          className={`live ${feed.kind === 'paused' ? 'paused' : ''}`}
          data-feed={feed.kind}
          title={feed.kind === 'paused' ? feed.message : 'Updated every second'}
        >
          {feed.kind === 'live' ? 'live' : 'paused'}
        </span>
      </h2>
      <table>
        <thead>
          <tr>
            <th>Trip</th>
            <th>Pickup</th>
            <th>Rider</th>
            <th>From → to</th>
            <th>Space</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {trips.map((trip) => (
            <tr
              key={trip.trip_guid}
              data-trip-guid={trip.trip_guid}
              data-trip-id={trip.trip_id}
              data-status={trip.status}
              className={changed.has(trip.trip_guid) ? 'changed' : undefined}
            >
              <td className="mono">{trip.trip_id}</td>
              <td>{trip.pickupTime}</td>
              <td>
                {trip.rider_id}
                <div className="sub">{trip.funding_source_name}</div>
              </td>
              <td>
                {trip.from}
                <div className="sub">→ {trip.to}</div>
              </td>
              <td>{trip.space_type}</td>
              <td>
                <span className={`status ${trip.status}`}>{statusLabel(trip.status)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
