'use client'

import type { MediRoutesResult } from '@mediroutes/nextjs'
import { useActionState } from 'react'
import { SETTABLE_STATUSES, statusLabel } from '../lib/trips'
import { cancelTrip, type TripChange, updateTripStatus } from './actions'

/** A trip as the forms list it. */
export interface TripChoice {
  id: string
  label: string
}

type ChangeState = MediRoutesResult<TripChange> | null

function Outcome({ state }: { state: ChangeState }) {
  if (state === null) return null
  if (state.ok) {
    return (
      <p className="outcome ok" role="status">
        Trip {state.data.id} is now {statusLabel(state.data.status)}.
      </p>
    )
  }
  return (
    <p className="outcome error" role="alert" data-code={state.error.code}>
      {state.error.message}
    </p>
  )
}

function TripSelect({ trips, id }: { trips: readonly TripChoice[]; id: string }) {
  return (
    <label>
      Trip
      <select name="tripId" id={id} required>
        {trips.map((trip) => (
          <option key={trip.id} value={trip.id}>
            {trip.label}
          </option>
        ))}
      </select>
    </label>
  )
}

/** Two server-action forms: set a trip's status, or cancel it. */
export function TripForms({ trips }: { trips: readonly TripChoice[] }) {
  const [updated, update, updating] = useActionState<ChangeState, FormData>(updateTripStatus, null)
  const [cancelled, cancel, cancelling] = useActionState<ChangeState, FormData>(cancelTrip, null)
  return (
    <div className="forms">
      <form action={update} aria-label="Update a trip's status">
        <h3>Update status</h3>
        <TripSelect trips={trips} id="status-trip" />
        <label>
          New status
          <select name="status" defaultValue="Assigned">
            {SETTABLE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={updating}>
          {updating ? 'Saving…' : 'Update status'}
        </button>
        <Outcome state={updated} />
      </form>
      <form action={cancel} aria-label="Cancel a trip">
        <h3>Cancel a trip</h3>
        <TripSelect trips={trips} id="cancel-trip" />
        <label>
          Reason
          <input name="reason" placeholder="e.g. Rider rescheduled" maxLength={200} />
        </label>
        <button type="submit" className="danger" disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel trip'}
        </button>
        <Outcome state={cancelled} />
      </form>
    </div>
  )
}
