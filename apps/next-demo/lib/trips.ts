/** The slice of the MediRoutes trip resource the dashboard shows. */
export type TripStatus =
  | 'Scheduled'
  | 'Assigned'
  | 'EnRoute'
  | 'PickedUp'
  | 'Completed'
  | 'Cancelled'
  | 'NoShow'

export interface Address {
  street: string
  city: string
  state: string
  zip: string
}

export interface Trip {
  id: string
  tripDate: string
  status: TripStatus
  mobilityType: string
  fundingSource: string
  rider: { id: string; firstName: string; lastName: string }
  pickup: { address: Address; time: string }
  dropoff: { address: Address; time: string }
  willCall: boolean
  notes?: string
  cancellationReason?: string
  updatedAt: string
}

export interface Rider {
  id: string
  firstName: string
  lastName: string
  phone: string
  mobilityType: string
  fundingSource: string
  homeAddress: Address
}

/** Statuses a dispatcher can set from the dashboard; cancelling has its own button. */
export const SETTABLE_STATUSES: readonly TripStatus[] = [
  'Scheduled',
  'Assigned',
  'EnRoute',
  'PickedUp',
  'Completed',
  'NoShow',
]

/** Statuses after which a trip cannot change. */
export const FINAL_STATUSES: readonly TripStatus[] = ['Completed', 'Cancelled']

/** `En route` for `EnRoute`: statuses as a person reads them. */
export function statusLabel(status: string): string {
  return status.replace(/([a-z])([A-Z])/g, '$1 $2')
}
