'use client'

import { type FormEvent, useState } from 'react'
import type { Rider } from '../lib/trips'

type Lookup =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'found'; rider: Rider }
  | { kind: 'failed'; message: string }

function failureMessage(body: unknown, status: number): string {
  const record = (body ?? {}) as { message?: unknown; error?: { message?: unknown } }
  const message = record.error?.message ?? record.message
  return typeof message === 'string' ? message : `The lookup failed (${status}).`
}

/** Looks a rider up from the browser, through the app's MediRoutes proxy route. */
export function RiderLookup() {
  const [riderId, setRiderId] = useState('R-1001')
  const [lookup, setLookup] = useState<Lookup>({ kind: 'idle' })

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setLookup({ kind: 'loading' })
    try {
      const response = await fetch(`/api/mediroutes/api/riders/${encodeURIComponent(riderId)}`, {
        headers: { accept: 'application/json' },
      })
      const body: unknown = await response.json().catch(() => null)
      setLookup(
        response.ok
          ? { kind: 'found', rider: body as Rider }
          : { kind: 'failed', message: failureMessage(body, response.status) },
      )
    } catch {
      setLookup({ kind: 'failed', message: 'The dashboard could not reach its server.' })
    }
  }

  return (
    <form onSubmit={submit} aria-label="Look up a rider" className="lookup">
      <label>
        Rider ID
        <input
          name="riderId"
          value={riderId}
          onChange={(event) => setRiderId(event.target.value)}
          pattern="R-\d+"
          required
        />
      </label>
      <button type="submit" disabled={lookup.kind === 'loading'}>
        Look up
      </button>
      {lookup.kind === 'found' && (
        <dl className="rider" data-rider-id={lookup.rider.id}>
          <dt>Name</dt>
          <dd>
            {lookup.rider.firstName} {lookup.rider.lastName}
          </dd>
          <dt>Phone</dt>
          <dd>{lookup.rider.phone}</dd>
          <dt>Mobility</dt>
          <dd>{lookup.rider.mobilityType}</dd>
          <dt>Funding</dt>
          <dd>{lookup.rider.fundingSource}</dd>
          <dt>Home</dt>
          <dd>
            {lookup.rider.homeAddress.street}, {lookup.rider.homeAddress.city}
          </dd>
        </dl>
      )}
      {lookup.kind === 'failed' && (
        <p className="outcome error" role="alert">
          {lookup.message}
        </p>
      )}
    </form>
  )
}
