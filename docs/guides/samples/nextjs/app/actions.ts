'use server'
import { fetchMediRoutesJson, mediRoutesAction } from '@mediroutes/nextjs'
import { revalidatePath } from 'next/cache'

// Every server action is a public POST endpoint: check your user here as in a route handler.
export const cancelTrip = mediRoutesAction(async (_previous: unknown, form: FormData) => {
  const id = encodeURIComponent(String(form.get('tripId')))
  const trip = await fetchMediRoutesJson<{ id: string; status: string }>(
    `/api/trips/${id}/cancel`,
    { method: 'POST', json: { reason: String(form.get('reason') || 'cancelled by dispatch') } },
  )
  revalidatePath('/')
  return { id: trip.id, status: trip.status }
})
