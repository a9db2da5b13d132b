/**
 * Types of the documented v1 resources. Fields are those the vendor's reference shows; every
 * object also admits fields the pages do not list, and times are kept as the API sends them
 * (`2022-04-10 14:48:49.403`: the provider's local time, no offset; never converted).
 */

/** An address or event location. */
export interface MediRoutesAddress {
  location_name?: string
  address1?: string
  address2?: string
  city?: string
  state?: string
  zip?: string
  longitude?: number
  latitude?: number
  [field: string]: unknown
}

/** A rider (passenger, patient), as `riders/getByRiderId` and `riders/getByMediroutesRiderId` return it. */
export interface MediRoutesRider {
  mediroutes_rider_id: number
  /** The caller's own rider ID. */
  rider_id?: string
  first_name?: string
  last_name?: string
  middle_name?: string
  address?: MediRoutesAddress
  phone?: string
  funding_source_name?: string
  space_type?: string
  home_phone?: string
  mobile_phone?: string
  icd_10_codes?: unknown
  date_of_birth?: string
  is_male?: boolean
  is_Female?: boolean
  comments?: string
  private_comments?: string
  email?: string
  [field: string]: unknown
}

/** A pickup or dropoff event of a trip. */
export interface MediRoutesTripEvent {
  event_name?: string
  event_comment?: string
  complete_address?: string
  event_location?: MediRoutesAddress
  /** Appointment time, provider's local time as sent (`YYYY-MM-DD HH:mm:ss.SSS`). */
  appt_time?: string
  /** Pickup time, provider's local time as sent. */
  pickup_time?: string
  phone_number?: string
  [field: string]: unknown
}

/** A single trip: one pickup event and one dropoff event (a round trip is two trips). */
export interface MediRoutesTrip {
  /** MediRoutes' ID of the trip, returned when it is created. */
  trip_guid: string
  /** The caller's own trip ID. */
  trip_id?: string
  rider_id?: string
  funding_source_id?: number
  funding_source_name?: string
  /** The trip's status (the values are not in the vendor's pages). */
  status?: string
  pickup?: MediRoutesTripEvent
  dropoff?: MediRoutesTripEvent
  /** e.g. `AMB`. */
  space_type?: string
  phone?: string
  trip_type?: string
  additional_passengers?: { space_type?: string; count?: number }[]
  caller?: string
  billable_distance?: number
  total_trip_charge?: number
  [field: string]: unknown
}

/** The body of a trip to create; the provider's key is added by the provider client. */
export interface NewMediRoutesTrip {
  trip_id: string
  rider_id: string
  pickup: MediRoutesTripEvent
  dropoff: MediRoutesTripEvent
  funding_source_id?: number
  funding_source_name?: string
  space_type?: string
  phone?: string
  trip_type?: string
  additional_passengers?: { space_type?: string; count?: number }[]
  caller?: string
  billable_distance?: number
  total_trip_charge?: number
  [field: string]: unknown
}

/** A whole-model trip update: the trip to change, named by `trip_guid`. */
export type MediRoutesTripUpdate = Partial<NewMediRoutesTrip> & { trip_guid: string }

type EventKey =
  | 'event_name'
  | 'event_comment'
  | 'complete_address'
  | 'appt_time'
  | 'pickup_time'
  | 'phone_number'
  | `event_location.${'location_name' | 'address1' | 'address2' | 'city' | 'state' | 'zip' | 'latitude' | 'longitude'}`

/**
 * A key of `singletrip/withProperties`: a dotted path such as `pickup.appt_time`. The listed keys
 * are those the vendor's page shows; others are passed through.
 */
export type MediRoutesTripPropertyKey = `${'pickup' | 'dropoff'}.${EventKey}` | (string & {})

/** How to name a trip to read: the caller's `tripId` or MediRoutes' `tripGuid`. */
export type MediRoutesTripRef = { tripId: string } | { tripGuid: string }
