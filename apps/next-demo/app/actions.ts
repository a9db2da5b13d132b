'use server'

import { MediRoutesAuthError, type MediRoutesTrip } from '@mediroutes/auth-core'
import { mediRoutesAction } from '@mediroutes/nextjs'
import { revalidatePath } from 'next/cache'
import { mediroutes } from '../lib/mediroutes'

// Next.js checks the Origin of every server action against the Host, so this can only be
// called from this app's pages. A real app also checks the signed-in user here.

/** What the dashboard shows after a change: the trip and its new status. */
export interface TripChange {
  trip_id: string
  status: string
}

function field(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value.trim() : ''
}

/**
 * Cancels a trip (the form's `provider`, `tripGuid` and optional `reason`) with
 * `POST /api/v1/singletrip/cancel`, one of the emulator's documented assumptions. The form names
 * the provider; the provider-scoped client adds its key (`tp_api_key`) on the server.
 */
export const cancelTrip = mediRoutesAction(
  async (_previous: unknown, form: FormData): Promise<TripChange> => {
    const provider = mediroutes().forProvider(field(form, 'provider'))
    const response = await provider.fetch('/api/v1/singletrip/cancel', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        trip_guid: field(form, 'tripGuid'),
        reason: field(form, 'reason') || 'Cancelled by dispatch',
      }),
    })
    if (!response.ok) {
      // The API's own refusal (409: the trip is already final) reaches the form as api_error.
      const { Message } = (await response.json().catch(() => ({}))) as { Message?: unknown }
      const reason = typeof Message === 'string' ? Message : `HTTP ${response.status}`
      throw new MediRoutesAuthError('api_error', `MediRoutes refused: ${reason}`, {
        status: response.status,
      })
    }
    const { Data: trip } = (await response.json()) as { Data: MediRoutesTrip }
    revalidatePath('/')
    return { trip_id: trip.trip_id ?? trip.trip_guid, status: trip.status ?? 'cancelled' }
  },
)
