'use server'
import { getMediRoutesClient, type MediRoutesResult, mediRoutesAction } from '@mediroutes/nextjs'
import { revalidatePath } from 'next/cache'

// Every server action is a public POST endpoint: check your user here as in a route handler.
// `previous` is the last result (null at first): typed, so useActionState infers its state
// with and without strictNullChecks.
type Rescheduled = MediRoutesResult<{ rescheduled: true }> | null
export const reschedulePickup = mediRoutesAction(async (_previous: Rescheduled, form: FormData) => {
  const lakeside = getMediRoutesClient().forProvider('Lakeside Medical Transport')
  // singletrip/withProperties: dotted keys, string values, the provider's local time as is.
  await lakeside.trips.updateProperties(String(form.get('tripGuid')), {
    'pickup.pickup_time': String(form.get('pickupTime')),
  })
  revalidatePath('/')
  return { rescheduled: true as const }
})
