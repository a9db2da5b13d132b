'use client'

import type { MediRoutesResult } from '@mediroutes/nextjs'
import { useActionState } from 'react'
import { FINAL_STATUSES, statusLabel, type TripRow } from '../lib/trips'
import { cancelTrip, type TripChange } from './actions'

type ChangeState = MediRoutesResult<TripChange> | null

/** Cancels one of the provider's open trips through a server action that names the provider. */
export function CancelTripForm({
  provider,
  trips,
}: {
  provider: string
  trips: readonly TripRow[]
}) {
  const [result, action, pending] = useActionState<ChangeState, FormData>(cancelTrip, null)
  const open = trips.filter((trip) => !FINAL_STATUSES.includes(trip.status))
  // Cancelling the day's last open trip must still show its outcome: the form stays, without fields.
  if (open.length === 0 && result === null) {
    return <p className="note">No trip left to cancel on this day.</p>
  }
  return (
    <form action={action} aria-label="Cancel a trip" className="forms">
      {open.length === 0 ? (
        <p className="note">No trip left to cancel on this day.</p>
      ) : (
        <CancelFields provider={provider} open={open} pending={pending} />
      )}
      {result?.ok === true && (
        <p className="outcome ok" role="status">
          Trip {result.data.trip_id} is now {statusLabel(result.data.status)}.
        </p>
      )}
      {result?.ok === false && (
        <p className="outcome error" role="alert" data-code={result.error.code}>
          {result.error.message}
        </p>
      )}
    </form>
  )
}

/** The trip picker, the reason and the button: shown while the day has an open trip. */
function CancelFields({
  provider,
  open,
  pending,
}: {
  provider: string
  open: readonly TripRow[]
  pending: boolean
}) {
  return (
    <>
      <input type="hidden" name="provider" value={provider} />
      <label>
        Trip
        <select name="tripGuid" required>
          {open.map((trip) => (
            <option key={trip.trip_guid} value={trip.trip_guid}>
              {trip.trip_id} · {trip.pickupTime} · {statusLabel(trip.status)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason
        <input name="reason" placeholder="e.g. Rider rescheduled" maxLength={200} />
      </label>
      <button type="submit" className="danger" disabled={pending}>
        {pending ? 'Cancelling…' : 'Cancel trip'}
      </button>
    </>
  )
}
