import { isCalendarDate, isZonedDateTime } from './dates.js'
import { findRider } from './fixtures.js'
import { isJsonObject } from './request-body.js'
import {
  type Address,
  MOBILITY_TYPES,
  type MobilityType,
  TRIP_STATUSES,
  type TripStatus,
  type TripStop,
} from './resources.js'
import type { NewTrip } from './trip-store.js'

/** Problems by field path, ASP.NET ModelState style: `{ "pickup.time": ["..."] }`. */
export type FieldErrors = Record<string, string[]>

/** A checked request body, or what is wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors }

/** Checks the body of `POST /api/trips`; a new trip starts `Scheduled`. */
export function checkNewTrip(body: unknown): Checked<NewTrip> {
  const errors: FieldErrors = {}
  const add = (field: string, message: string): void => {
    errors[field] = [...(errors[field] ?? []), message]
  }
  if (!isJsonObject(body))
    return { ok: false, errors: { body: ['The body must be a JSON object.'] } }

  if (!isCalendarDate(body.tripDate)) add('tripDate', 'tripDate must be a date like 2024-06-01.')
  const rider = typeof body.riderId === 'string' ? findRider(body.riderId) : undefined
  if (body.riderId === undefined) add('riderId', 'riderId is required.')
  else if (rider === undefined) add('riderId', `Rider ${String(body.riderId)} does not exist.`)
  const pickup = checkStop(body.pickup, 'pickup', add)
  const dropoff = checkStop(body.dropoff, 'dropoff', add)
  if (pickup && dropoff && Date.parse(dropoff.time) <= Date.parse(pickup.time)) {
    add('dropoff.time', 'dropoff.time (the appointment) must be after pickup.time.')
  }
  if (!MOBILITY_TYPES.includes(body.mobilityType as MobilityType)) {
    add('mobilityType', `mobilityType must be one of ${MOBILITY_TYPES.join(', ')}.`)
  }
  if (body.fundingSource !== undefined && !isNonEmptyString(body.fundingSource)) {
    add('fundingSource', 'fundingSource must be a non-empty string when given.')
  }
  if (body.willCall !== undefined && typeof body.willCall !== 'boolean') {
    add('willCall', 'willCall must be true or false.')
  }
  if (body.notes !== undefined && typeof body.notes !== 'string') {
    add('notes', 'notes must be a string when given.')
  }
  if (Object.keys(errors).length > 0 || !rider || !pickup || !dropoff) return { ok: false, errors }

  return {
    ok: true,
    value: {
      tripDate: body.tripDate as string,
      status: 'Scheduled',
      mobilityType: body.mobilityType as MobilityType,
      fundingSource: (body.fundingSource as string | undefined) ?? rider.fundingSource,
      rider: { id: rider.id, firstName: rider.firstName, lastName: rider.lastName },
      pickup,
      dropoff,
      willCall: (body.willCall as boolean | undefined) ?? false,
      ...(typeof body.notes === 'string' ? { notes: body.notes } : {}),
    },
  }
}

/** Checks the body of `PATCH /api/trips/:id/status`. */
export function checkStatusChange(body: unknown): Checked<TripStatus> {
  if (isJsonObject(body) && TRIP_STATUSES.includes(body.status as TripStatus)) {
    return { ok: true, value: body.status as TripStatus }
  }
  return {
    ok: false,
    errors: { status: [`status must be one of ${TRIP_STATUSES.join(', ')}.`] },
  }
}

/** Checks the (optional) body of `POST /api/trips/:id/cancel`. */
export function checkCancellation(body: unknown): Checked<{ reason?: string }> {
  if (body === undefined) return { ok: true, value: {} }
  if (!isJsonObject(body))
    return { ok: false, errors: { body: ['The body must be a JSON object.'] } }
  if (body.reason === undefined) return { ok: true, value: {} }
  if (isNonEmptyString(body.reason)) return { ok: true, value: { reason: body.reason } }
  return { ok: false, errors: { reason: ['reason must be a non-empty string when given.'] } }
}

function checkStop(
  value: unknown,
  name: string,
  add: (field: string, message: string) => void,
): TripStop | undefined {
  if (!isJsonObject(value)) {
    add(name, `${name} is required: { "address": {...}, "time": "2024-06-01T14:30:00Z" }.`)
    return undefined
  }
  const address = checkAddress(value.address, `${name}.address`, add)
  const timeOk = isZonedDateTime(value.time)
  if (!timeOk)
    add(
      `${name}.time`,
      `${name}.time must be an ISO 8601 date-time with a zone, e.g. 2024-06-01T14:30:00Z.`,
    )
  if (address === undefined || !timeOk) return undefined
  return { address, time: new Date(value.time as string).toISOString() }
}

function checkAddress(
  value: unknown,
  name: string,
  add: (field: string, message: string) => void,
): Address | undefined {
  if (!isJsonObject(value)) {
    add(name, `${name} is required: { "street", "city", "state", "zip" }.`)
    return undefined
  }
  let ok = true
  for (const field of ['street', 'city'] as const) {
    if (!isNonEmptyString(value[field])) {
      add(`${name}.${field}`, `${name}.${field} is required.`)
      ok = false
    }
  }
  if (typeof value.state !== 'string' || !/^[A-Z]{2}$/.test(value.state)) {
    add(`${name}.state`, `${name}.state must be a two-letter state code, e.g. GA.`)
    ok = false
  }
  if (typeof value.zip !== 'string' || !/^\d{5}(-\d{4})?$/.test(value.zip)) {
    add(`${name}.zip`, `${name}.zip must be a ZIP code like 30303 or 30303-1234.`)
    ok = false
  }
  if (!ok) return undefined
  return {
    street: value.street as string,
    city: value.city as string,
    state: value.state as string,
    zip: value.zip as string,
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}
