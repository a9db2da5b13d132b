/** A trip as the MediRoutes API returns it (the fields this service uses). */
export interface Trip {
  id: string
  tripDate: string
  status: string
  mobilityType: string
  fundingSource: string
  rider: { id: string; firstName: string; lastName: string }
  pickup: { time: string; address: { street: string; city: string; state: string; zip: string } }
  dropoff: { time: string; address: { street: string; city: string; state: string; zip: string } }
  willCall: boolean
  cancellationReason?: string
  updatedAt: string
}
