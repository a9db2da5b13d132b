'use server'

import { fetchMediRoutesJson, mediRoutesAction } from '@mediroutes/nextjs'
import { revalidatePath } from 'next/cache'
import { mediroutes } from '../lib/mediroutes'
import type { Trip, TripStatus } from '../lib/trips'

// Next.js checks the Origin of every server action against the Host, so these can only be
// called from this app's pages. A real app also checks the signed-in user here.

/** What the dashboard shows after a change: the trip and its new status. */
export interface TripChange {
  id: string
  status: TripStatus
}

function field(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value.trim() : ''
}

function tripPath(form: FormData, action: string): string {
  return `/api/trips/${encodeURIComponent(field(form, 'tripId'))}/${action}`
}

/** Sets a trip's status (the form's `tripId` and `status`). */
export const updateTripStatus = mediRoutesAction(
  async (_previous: unknown, form: FormData): Promise<TripChange> => {
    const trip = await fetchMediRoutesJson<Trip>(tripPath(form, 'status'), {
      method: 'PATCH',
      json: { status: field(form, 'status') },
      client: mediroutes(),
    })
    revalidatePath('/')
    return { id: trip.id, status: trip.status }
  },
)

/** Cancels a trip (the form's `tripId`, and `reason` when given). */
export const cancelTrip = mediRoutesAction(
  async (_previous: unknown, form: FormData): Promise<TripChange> => {
    const reason = field(form, 'reason')
    const trip = await fetchMediRoutesJson<Trip>(tripPath(form, 'cancel'), {
      method: 'POST',
      json: reason === '' ? {} : { reason },
      client: mediroutes(),
    })
    revalidatePath('/')
    return { id: trip.id, status: trip.status }
  },
)
