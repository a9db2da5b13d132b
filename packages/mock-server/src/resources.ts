/**
 * The v1 resources the emulator serves, with the vendor's field names (snake_case).
 * Fields the vendor documents are marked as such in the README; the rest are assumptions
 * listed there.
 */

/**
 * Where a trip is in its day (an assumption: the vendor names these states in prose only).
 * `performed`, `cancelled` and `no_show` are final.
 */
export type TripStatus =
  | 'scheduled'
  | 'assigned'
  | 'arrived_pickup'
  | 'picked_up'
  | 'arrived_dropoff'
  | 'performed'
  | 'cancelled'
  | 'no_show'
  | 'will_call'

/** Every trip status, in lifecycle order. */
export const TRIP_STATUSES: readonly TripStatus[] = [
  'scheduled',
  'will_call',
  'assigned',
  'arrived_pickup',
  'picked_up',
  'arrived_dropoff',
  'performed',
  'cancelled',
  'no_show',
]

/** Statuses a trip never leaves. */
export const FINAL_STATUSES: ReadonlySet<TripStatus> = new Set([
  'performed',
  'cancelled',
  'no_show',
])

/** A place, as the vendor's `event_location` and a rider's `address` describe it. */
export interface EventLocation {
  location_name: string
  address1: string
  address2: string
  city: string
  /** Two-letter state code, e.g. `GA`. */
  state: string
  zip: string
  latitude: number
  longitude: number
}

/** One end of a trip. Times look like `2026-12-05 09:30:00.000`: the provider's local time, no offset. */
export interface TripEvent {
  event_name: string
  event_comment: string
  complete_address: string
  event_location: EventLocation
  /** The appointment time, or `''`. */
  appt_time: string
  /** The pickup time, or `''` (a will-call pickup reads `… 23:59:00.000` until the rider calls). */
  pickup_time: string
  phone_number: string
}

/** A trip: a pickup event and a dropoff event (a round trip is two trips). */
export interface MockTrip {
  /** MediRoutes' id, assigned on creation. */
  trip_guid: string
  /** The caller's own id. */
  trip_id: string
  /** The caller's id of the rider. */
  rider_id: string
  funding_source_id: number
  funding_source_name: string
  status: TripStatus
  /** Starts at 1 and grows by one on every change of the trip. */
  sequence: number
  /** When the trip last changed: ISO 8601, UTC. */
  updated_at: string
  /** E.g. `AMB` (ambulatory), `WC` (wheelchair), `STR` (stretcher). */
  space_type: string
  phone: string
  trip_type: string
  additional_passengers: { space_type: string; count: number }[]
  caller: string
  /** Miles. */
  billable_distance: number
  /** US dollars. */
  total_trip_charge: number
  pickup: TripEvent
  dropoff: TripEvent
  /** Set when the trip was cancelled. */
  cancel_reason?: string
}

/** A rider (passenger, patient) of one provider. */
export interface MockRider {
  /** MediRoutes' id of the rider. */
  mediroutes_rider_id: number
  /** The caller's own id of the rider. */
  rider_id: string
  first_name: string
  last_name: string
  middle_name: string
  address: EventLocation
  phone: string
  funding_source_name: string
  space_type: string
  home_phone: string
  mobile_phone: string
  icd_10_codes: string[]
  /** `YYYY-MM-DD`. */
  date_of_birth: string
  is_male: boolean
  is_Female: boolean
  comments: string
  private_comments: string
  email: string
}
