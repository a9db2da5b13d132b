'use client'
import { useActionState } from 'react'
import { reschedulePickup } from './actions'

export function RescheduleForm({ tripGuid }: { tripGuid: string }) {
  // The action returns { ok, data } or { ok: false, error }: plain objects, no thrown digests.
  const [result, action, pending] = useActionState(reschedulePickup, null)
  return (
    <form action={action}>
      <input type="hidden" name="tripGuid" value={tripGuid} />
      <input name="pickupTime" placeholder="2026-12-05 10:15:00.000" required />
      <button type="submit" disabled={pending}>
        Reschedule
      </button>
      {result?.ok === false && <p role="alert">{result.error.message}</p>}
    </form>
  )
}
