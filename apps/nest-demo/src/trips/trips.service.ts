import { MediRoutesClient } from '@mediroutes/nestjs'
import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  NotFoundException,
} from '@nestjs/common'
import type { Trip } from './trip.js'

/** The dispatch operations, on top of the injected MediRoutes client. */
@Injectable()
export class TripsService {
  constructor(private readonly mediroutes: MediRoutesClient) {}

  /** Trips on `date` (`YYYY-MM-DD`). */
  list(date: string): Promise<Trip[]> {
    return this.#call<Trip[]>(`/api/trips?date=${encodeURIComponent(date)}`)
  }

  /** One trip; 404 when MediRoutes does not know it. */
  get(id: string): Promise<Trip> {
    return this.#call<Trip>(`/api/trips/${encodeURIComponent(id)}`)
  }

  /** Cancels a trip; 409 when it is already cancelled or completed. */
  cancel(id: string, reason: string | undefined): Promise<Trip> {
    return this.#call<Trip>(`/api/trips/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reason === undefined ? {} : { reason }),
    })
  }

  /** Calls MediRoutes and turns its 4xx answers into the matching Nest exceptions. */
  async #call<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.mediroutes.fetch(path, init)
    if (response.ok) return (await response.json()) as T
    const message = await upstreamMessage(response)
    if (response.status === 400) throw new BadRequestException(message)
    if (response.status === 404) throw new NotFoundException(message)
    if (response.status === 409) throw new ConflictException(message)
    // Anything else is MediRoutes' problem, not the caller's.
    throw new HttpException(`MediRoutes answered ${response.status}`, 502)
  }
}

async function upstreamMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { message?: unknown }
  return typeof body.message === 'string' ? body.message : `MediRoutes answered ${response.status}`
}
