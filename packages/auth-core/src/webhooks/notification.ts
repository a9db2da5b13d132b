/**
 * A delivery's payload as MediRoutes sends it (a documented assumption: the vendor's pages do not
 * show the payload). It is not signed, so nothing in it is trusted: it only says which trip to read.
 */
export interface TripNotification {
  webhook_name?: string
  event?: string
  trip_guid: string
  trip_id?: string | number
  funding_source_id?: number
  status?: string
  sequence?: number
  changed_at?: string
}

/** Parses a delivery body; `undefined` when it does not name a trip. */
export function parseNotification(text: string): TripNotification | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const record = value as Record<string, unknown>
  const guid = record.trip_guid
  if (typeof guid !== 'string' || guid === '' || guid.length > 200) return undefined
  const fundingSource = toNumber(record.funding_source_id)
  const notification: TripNotification = { trip_guid: guid }
  if (fundingSource !== undefined) notification.funding_source_id = fundingSource
  for (const key of ['webhook_name', 'event', 'status', 'changed_at'] as const) {
    const field = record[key]
    if (typeof field === 'string') notification[key] = field
  }
  if (typeof record.trip_id === 'string' || typeof record.trip_id === 'number') {
    notification.trip_id = record.trip_id
  }
  const sequence = toNumber(record.sequence)
  if (sequence !== undefined) notification.sequence = sequence
  return notification
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value)
  return undefined
}
