'use client'
import { useActionState } from 'react'
import { cancelTrip } from './actions'

export function CancelForm({ tripId }: { tripId: string }) {
  // The action returns { ok, data } or { ok: false, error }: plain objects, no thrown digests.
  const [result, action, pending] = useActionState(cancelTrip, null)
  return (
    <form action={action}>
      <input type="hidden" name="tripId" value={tripId} />
      <input name="reason" placeholder="reason" />
      <button type="submit" disabled={pending}>
        Cancel
      </button>
      {result?.ok === false && <p role="alert">{result.error.message}</p>}
    </form>
  )
}
