import { MediRoutesClient } from '@mediroutes/nestjs'
import { BadGatewayException, Injectable, NotFoundException } from '@nestjs/common'

export interface Trip {
  id: string
  tripDate: string
  status: string
}

@Injectable()
export class TripsService {
  // The client is injected by type; it logs in on first use and keeps the token fresh.
  constructor(private readonly mediroutes: MediRoutesClient) {}

  async list(date: string): Promise<Trip[]> {
    const response = await this.mediroutes.fetch(`/api/trips?date=${encodeURIComponent(date)}`)
    if (!response.ok) throw new BadGatewayException(`MediRoutes answered HTTP ${response.status}`)
    return (await response.json()) as Trip[]
  }

  async get(id: string): Promise<Trip> {
    const response = await this.mediroutes.fetch(`/api/trips/${encodeURIComponent(id)}`)
    if (response.status === 404) throw new NotFoundException(`no trip ${id}`)
    if (!response.ok) throw new BadGatewayException(`MediRoutes answered HTTP ${response.status}`)
    return (await response.json()) as Trip
  }
}
