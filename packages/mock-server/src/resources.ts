/** The resources the emulator serves under `/api`: a plausible slice of the vendor's NEMT API. */

/** Where a trip's status can be. `Cancelled` and `Completed` are final. */
export type TripStatus =
  | 'Scheduled'
  | 'Assigned'
  | 'EnRoute'
  | 'PickedUp'
  | 'Completed'
  | 'Cancelled'
  | 'NoShow'

/** Every trip status, in lifecycle order. */
export const TRIP_STATUSES: readonly TripStatus[] = [
  'Scheduled',
  'Assigned',
  'EnRoute',
  'PickedUp',
  'Completed',
  'Cancelled',
  'NoShow',
]

/** How the rider travels, which decides the vehicle. */
export type MobilityType = 'Ambulatory' | 'Wheelchair' | 'Stretcher'

/** Every mobility type. */
export const MOBILITY_TYPES: readonly MobilityType[] = ['Ambulatory', 'Wheelchair', 'Stretcher']

/** A US street address. */
export interface Address {
  street: string
  city: string
  /** Two-letter state code, e.g. `GA`. */
  state: string
  /** Five-digit ZIP, optionally ZIP+4. */
  zip: string
}

/** A person the broker transports. */
export interface Rider {
  /** E.g. `R-1001`. */
  id: string
  firstName: string
  lastName: string
  /** `YYYY-MM-DD`. */
  dateOfBirth: string
  phone: string
  mobilityType: MobilityType
  fundingSource: string
  homeAddress: Address
}

/** One leg of a trip: where and when. */
export interface TripStop {
  address: Address
  /** ISO 8601 date-time (UTC). For the dropoff, the appointment time. */
  time: string
}

/** A ride booked for one date. */
export interface Trip {
  /** Encodes the trip date: `T-YYYYMMDD-NN`, e.g. `T-20240601-03`. */
  id: string
  /** `YYYY-MM-DD`. */
  tripDate: string
  status: TripStatus
  mobilityType: MobilityType
  /** Who pays, e.g. `Medicaid`, `Medicare`, `Private Pay`, `Managed Care – Peach State Health Plan`. */
  fundingSource: string
  rider: { id: string; firstName: string; lastName: string }
  pickup: TripStop
  dropoff: TripStop
  /** The rider calls when ready to be picked up (typically a return leg). */
  willCall: boolean
  notes?: string
  /** Set when the trip is `Cancelled`. */
  cancellationReason?: string
  /** ISO 8601 date-time of the last change. */
  updatedAt: string
}
