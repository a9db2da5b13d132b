import type { MediRoutesTrip } from '@mediroutes/auth-core'
import { MediRoutesClient } from '@mediroutes/nestjs'
import { Injectable } from '@nestjs/common'

@Injectable()
export class TripsService {
  // The client is injected by type; it logs in on first use and keeps the token fresh.
  constructor(private readonly mediroutes: MediRoutesClient) {}

  /** The providers this account may act for, from its access claims (names only, never keys). */
  async providers(): Promise<string[]> {
    const { providers } = await this.mediroutes.getAccess()
    return providers.map((provider) => provider.name)
  }

  /** A provider's trips on `date`; the provider-scoped client adds that provider's API key. */
  list(provider: string, date: string): Promise<MediRoutesTrip[]> {
    return this.mediroutes.forProvider(provider).trips.getByDate(date)
  }

  /** One trip by MediRoutes' GUID; MediRoutes' own 404 reaches your caller as a 404. */
  get(provider: string, tripGuid: string): Promise<MediRoutesTrip> {
    return this.mediroutes.forProvider(provider).trips.get({ tripGuid })
  }
}
