import { isCalendarDate } from './dates.js'
import { completeAddress } from './fixtures.js'
import { isJsonObject } from './request-body.js'
import type { EventLocation, MockRider, MockTrip, TripEvent } from './resources.js'

/** Problems by field path, ASP.NET ModelState style: `{ "pickup.appt_time": ["..."] }`. */
export type FieldErrors = Record<string, string[]>

/** A checked request body, or what is wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors }

type Add = (field: string, message: string) => void

function collector(): { errors: FieldErrors; add: Add } {
  const errors: FieldErrors = {}
  return {
    errors,
    add: (field, message) => {
      errors[field] = [...(errors[field] ?? []), message]
    },
  }
}

const TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/

/** The vendor's example of a time: the provider's local time, no offset. */
export const TIME_EXAMPLE = '2026-12-05 09:30:00.000'

/**
 * A time as the vendor writes it (`2026-12-05 09:30:00.000`, the provider's local time,
 * no offset), normalized to that form; `''` stays `''`; `undefined` when not a time.
 */
export function normalizeTime(value: unknown): string | undefined {
  if (value === '') return ''
  if (typeof value !== 'string') return undefined
  const match = TIME.exec(value.trim())
  if (match === null || !isCalendarDate(match[1])) return undefined
  const [, date, hh, mm, ss = '00', fraction = ''] = match
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined
  return `${date} ${hh}:${mm}:${ss}.${fraction.padEnd(3, '0').slice(0, 3)}`
}

const LOCATION_STRINGS = ['location_name', 'address1', 'address2', 'city', 'state', 'zip'] as const
const LOCATION_NUMBERS = ['latitude', 'longitude'] as const
const EVENT_STRINGS = ['event_name', 'event_comment', 'complete_address', 'phone_number'] as const
const EVENT_TIMES = ['appt_time', 'pickup_time'] as const

const TRIP_STRINGS = [
  'trip_id',
  'rider_id',
  'funding_source_name',
  'space_type',
  'phone',
  'trip_type',
  'caller',
] as const
const TRIP_AMOUNTS = ['billable_distance', 'total_trip_charge'] as const

/** The fields of a trip body that were sent, checked; what the body leaves out stays out. */
export type TripFields = Partial<
  Omit<MockTrip, 'pickup' | 'dropoff' | 'trip_guid' | 'status' | 'sequence' | 'updated_at'>
> & {
  pickup?: Partial<Omit<TripEvent, 'event_location'>> & {
    event_location?: Partial<EventLocation>
  }
  dropoff?: Partial<Omit<TripEvent, 'event_location'>> & {
    event_location?: Partial<EventLocation>
  }
}

/**
 * Checks the trip model in a body of `POST /api/v1/singletrip` (`creating`: `trip_id`,
 * `rider_id`, `funding_source_id`, `pickup` and `dropoff` required, and a time to date
 * the trip by) or of the whole-model `PATCH` (every field optional). Unknown fields are
 * ignored, as ASP.NET model binding ignores them.
 */
export function checkTripFields(
  body: Record<string, unknown>,
  creating: boolean,
): Checked<TripFields> {
  const { errors, add } = collector()
  const value: TripFields = {}
  for (const field of TRIP_STRINGS) {
    const given = body[field]
    if (given === undefined || given === null) continue
    if (typeof given !== 'string') add(field, `${field} must be a string.`)
    else (value as Record<string, unknown>)[field] = given
  }
  for (const field of ['trip_id', 'rider_id'] as const) {
    const given = body[field]
    if (creating && (typeof given !== 'string' || given.trim() === '')) {
      add(field, `${field} is required.`)
    } else if (!creating && given === '') {
      add(field, `${field} cannot be empty.`)
    }
  }
  if (body.funding_source_id !== undefined && body.funding_source_id !== null) {
    if (!Number.isInteger(body.funding_source_id)) {
      add('funding_source_id', 'funding_source_id must be a whole number.')
    } else value.funding_source_id = body.funding_source_id as number
  } else if (creating) add('funding_source_id', 'funding_source_id is required.')
  for (const field of TRIP_AMOUNTS) {
    const given = body[field]
    if (given === undefined || given === null) continue
    if (typeof given !== 'number' || !Number.isFinite(given) || given < 0) {
      add(field, `${field} must be a number >= 0.`)
    } else value[field] = given
  }
  if (body.additional_passengers !== undefined && body.additional_passengers !== null) {
    const passengers = body.additional_passengers
    if (
      !Array.isArray(passengers) ||
      !passengers.every(
        (p) =>
          isJsonObject(p) &&
          typeof p.space_type === 'string' &&
          Number.isInteger(p.count) &&
          (p.count as number) >= 1,
      )
    ) {
      add(
        'additional_passengers',
        'additional_passengers must be an array of { "space_type": "AMB", "count": 1 }.',
      )
    } else {
      value.additional_passengers = passengers.map((p) => ({
        space_type: p.space_type as string,
        count: p.count as number,
      }))
    }
  }
  for (const side of ['pickup', 'dropoff'] as const) {
    const given = body[side]
    if (given === undefined || given === null) {
      if (creating) add(side, `${side} is required: an event with event_location and times.`)
      continue
    }
    const event = checkEvent(given, side, add)
    if (event !== undefined) value[side] = event
  }
  if (creating && Object.keys(errors).length === 0) {
    const times = [
      value.pickup?.pickup_time,
      value.pickup?.appt_time,
      value.dropoff?.appt_time,
      value.dropoff?.pickup_time,
    ]
    if (!times.some((time) => time !== undefined && time !== '')) {
      add(
        'pickup.pickup_time',
        `A trip needs a pickup_time or an appt_time to be dated, e.g. "${TIME_EXAMPLE}".`,
      )
    }
  }
  return Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, errors }
}

function checkEvent(
  given: unknown,
  name: string,
  add: Add,
): NonNullable<TripFields['pickup']> | undefined {
  if (!isJsonObject(given)) {
    add(
      name,
      `${name} must be an object: { "event_name", "event_location": {...}, "appt_time", ... }.`,
    )
    return undefined
  }
  const event: NonNullable<TripFields['pickup']> = {}
  for (const field of EVENT_STRINGS) {
    const value = given[field]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string') add(`${name}.${field}`, `${name}.${field} must be a string.`)
    else event[field] = value
  }
  for (const field of EVENT_TIMES) {
    const value = given[field]
    if (value === undefined || value === null) continue
    const time = normalizeTime(value)
    if (time === undefined) {
      add(
        `${name}.${field}`,
        `${name}.${field} must be the provider's local time without offset, e.g. "${TIME_EXAMPLE}".`,
      )
    } else event[field] = time
  }
  if (given.event_location !== undefined && given.event_location !== null) {
    const location = checkLocation(given.event_location, `${name}.event_location`, add)
    if (location !== undefined) event.event_location = location
  }
  return event
}

/** Checks an `event_location` or a rider's `address`; every field optional. */
export function checkLocation(
  given: unknown,
  name: string,
  add: Add,
): Partial<EventLocation> | undefined {
  if (!isJsonObject(given)) {
    add(name, `${name} must be an object: { "address1", "city", "state", "zip", ... }.`)
    return undefined
  }
  const location: Partial<EventLocation> = {}
  for (const field of LOCATION_STRINGS) {
    const value = given[field]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string') add(`${name}.${field}`, `${name}.${field} must be a string.`)
    else location[field] = value
  }
  for (const field of LOCATION_NUMBERS) {
    const value = given[field]
    if (value === undefined || value === null) continue
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      add(`${name}.${field}`, `${name}.${field} must be a number.`)
    } else location[field] = number
  }
  return location
}

const EMPTY_LOCATION: EventLocation = {
  location_name: '',
  address1: '',
  address2: '',
  city: '',
  state: '',
  zip: '',
  latitude: 0,
  longitude: 0,
}

/** An event with the given fields over `base` (or empty ones), and its `complete_address` filled in when not given. */
export function mergeEvent(
  base: TripEvent | undefined,
  given: TripFields['pickup'] | undefined,
): TripEvent {
  const location = { ...EMPTY_LOCATION, ...base?.event_location, ...given?.event_location }
  const merged: TripEvent = {
    event_name: '',
    event_comment: '',
    complete_address: '',
    appt_time: '',
    pickup_time: '',
    phone_number: '',
    ...base,
    ...given,
    event_location: location,
  }
  if (given?.complete_address === undefined && given?.event_location !== undefined) {
    merged.complete_address = location.address1 === '' ? '' : completeAddress(location)
  }
  return merged
}

type PropertyKind = 'string' | 'time' | 'number'

/** Every key `withProperties` accepts, and what its string value holds. */
export const TRIP_PROPERTIES: ReadonlyMap<string, PropertyKind> = new Map<string, PropertyKind>([
  ...(['trip_id', 'rider_id', 'space_type', 'phone', 'trip_type', 'caller'] as const).map(
    (key) => [key, 'string'] as [string, PropertyKind],
  ),
  ['billable_distance', 'number'],
  ['total_trip_charge', 'number'],
  ...(['pickup', 'dropoff'] as const).flatMap((side) => [
    ...EVENT_STRINGS.map((field) => [`${side}.${field}`, 'string'] as [string, PropertyKind]),
    ...EVENT_TIMES.map((field) => [`${side}.${field}`, 'time'] as [string, PropertyKind]),
    ...LOCATION_STRINGS.map(
      (field) => [`${side}.event_location.${field}`, 'string'] as [string, PropertyKind],
    ),
    ...LOCATION_NUMBERS.map(
      (field) => [`${side}.event_location.${field}`, 'number'] as [string, PropertyKind],
    ),
  ]),
])

/**
 * Checks the `properties` of a `withProperties` body (dotted keys, string values only)
 * and applies them to a copy of `trip`.
 */
export function applyProperties(trip: MockTrip, properties: unknown): Checked<MockTrip> {
  const { errors, add } = collector()
  if (!isJsonObject(properties) || Object.keys(properties).length === 0) {
    return {
      ok: false,
      errors: {
        properties: [
          `properties must be an object of dotted keys and string values, e.g. { "pickup.appt_time": "${TIME_EXAMPLE}" }.`,
        ],
      },
    }
  }
  const next = structuredClone(trip) as unknown as Record<string, unknown>
  for (const [key, raw] of Object.entries(properties)) {
    const kind = TRIP_PROPERTIES.get(key)
    if (kind === undefined) {
      add(key, `"${key}" is not a trip property this API accepts.`)
      continue
    }
    if (typeof raw !== 'string') {
      add(key, `${key} must be a string (numbers and dates too, e.g. "12.5").`)
      continue
    }
    let value: string | number = raw
    if (kind === 'time') {
      const time = normalizeTime(raw)
      if (time === undefined) {
        add(key, `${key} must be the provider's local time without offset, e.g. "${TIME_EXAMPLE}".`)
        continue
      }
      value = time
    } else if (kind === 'number') {
      const number = Number(raw)
      if (raw.trim() === '' || !Number.isFinite(number)) {
        add(key, `${key} must be a number written as a string, e.g. "12.5".`)
        continue
      }
      value = number
    }
    const path = key.split('.')
    let target = next
    for (const part of path.slice(0, -1)) target = target[part] as Record<string, unknown>
    target[path.at(-1)!] = value
  }
  return Object.keys(errors).length === 0
    ? { ok: true, value: next as unknown as MockTrip }
    : { ok: false, errors }
}

const RIDER_STRINGS = [
  'rider_id',
  'first_name',
  'last_name',
  'middle_name',
  'phone',
  'funding_source_name',
  'space_type',
  'home_phone',
  'mobile_phone',
  'comments',
  'private_comments',
  'email',
] as const

/** The rider fields a body sent, checked. */
export type RiderFields = Partial<Omit<MockRider, 'mediroutes_rider_id' | 'address'>> & {
  address?: Partial<EventLocation>
}

/**
 * Checks a rider body of `POST`/`PUT /api/v1/riders` (`complete`: `rider_id`,
 * `first_name` and `last_name` required) or `PATCH` (every field optional).
 */
export function checkRiderFields(
  body: Record<string, unknown>,
  complete: boolean,
): Checked<RiderFields> {
  const { errors, add } = collector()
  const value: RiderFields = {}
  for (const field of RIDER_STRINGS) {
    const given = body[field]
    if (given === undefined || given === null) continue
    if (typeof given !== 'string') add(field, `${field} must be a string.`)
    else value[field] = given
  }
  for (const field of ['rider_id', 'first_name', 'last_name'] as const) {
    const given = body[field]
    if ((complete || given !== undefined) && (typeof given !== 'string' || given.trim() === '')) {
      add(field, `${field} is required.`)
    }
  }
  if (body.date_of_birth !== undefined && body.date_of_birth !== null) {
    if (body.date_of_birth !== '' && !isCalendarDate(body.date_of_birth)) {
      add('date_of_birth', 'date_of_birth must be a date like 1951-08-27.')
    } else value.date_of_birth = body.date_of_birth as string
  }
  for (const field of ['is_male', 'is_Female'] as const) {
    const given = body[field]
    if (given === undefined || given === null) continue
    if (typeof given !== 'boolean') add(field, `${field} must be true or false.`)
    else value[field] = given
  }
  if (body.icd_10_codes !== undefined && body.icd_10_codes !== null) {
    const codes = body.icd_10_codes
    if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string')) {
      add('icd_10_codes', 'icd_10_codes must be an array of strings, e.g. ["N18.6"].')
    } else value.icd_10_codes = [...codes]
  }
  if (body.address !== undefined && body.address !== null) {
    const address = checkLocation(body.address, 'address', add)
    if (address !== undefined) value.address = address
  }
  return Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, errors }
}

/** A whole rider from checked fields over `base` (or empty values). */
export function mergeRider(
  base: Omit<MockRider, 'mediroutes_rider_id'> | undefined,
  given: RiderFields,
): Omit<MockRider, 'mediroutes_rider_id'> {
  return {
    rider_id: '',
    first_name: '',
    last_name: '',
    middle_name: '',
    phone: '',
    funding_source_name: '',
    space_type: 'AMB',
    home_phone: '',
    mobile_phone: '',
    icd_10_codes: [],
    date_of_birth: '',
    is_male: false,
    is_Female: false,
    comments: '',
    private_comments: '',
    email: '',
    ...base,
    ...given,
    address: { ...EMPTY_LOCATION, ...base?.address, ...given.address },
  }
}
