import { seedRiders } from './fixtures.js'
import { MOCK_PROVIDERS, type MockProvider } from './providers.js'
import type { MockRider } from './resources.js'

/** A rider as a caller creates it; the store assigns `mediroutes_rider_id`. */
export type NewRider = Omit<MockRider, 'mediroutes_rider_id'>

/**
 * The riders of every provider: the seeded ones plus what the API created, changed or
 * deleted. Copies in and out.
 */
export class RiderStore {
  #riders = new Map<MockProvider, MockRider[]>()
  #nextId = 0

  constructor() {
    this.reset()
  }

  /** The provider's riders with this caller id (normally one). */
  byRiderId(provider: MockProvider, riderId: string): MockRider[] {
    return this.#of(provider)
      .filter((rider) => rider.rider_id === riderId)
      .map(copy)
  }

  /** The provider's rider with this MediRoutes id, or `undefined`. */
  byMediroutesId(provider: MockProvider, id: number): MockRider | undefined {
    const rider = this.#of(provider).find((candidate) => candidate.mediroutes_rider_id === id)
    return rider && copy(rider)
  }

  create(provider: MockProvider, rider: NewRider): MockRider {
    const stored: MockRider = { mediroutes_rider_id: this.#nextId++, ...structuredClone(rider) }
    this.#of(provider).push(stored)
    return copy(stored)
  }

  /** Replaces the rider with `next` (its id kept); `undefined` when unknown. */
  replace(provider: MockProvider, id: number, next: NewRider): MockRider | undefined {
    const riders = this.#of(provider)
    const index = riders.findIndex((candidate) => candidate.mediroutes_rider_id === id)
    if (index < 0) return undefined
    riders[index] = { ...structuredClone(next), mediroutes_rider_id: id }
    return copy(riders[index]!)
  }

  /** Removes the rider; `undefined` when unknown. */
  delete(provider: MockProvider, id: number): MockRider | undefined {
    const riders = this.#of(provider)
    const index = riders.findIndex((candidate) => candidate.mediroutes_rider_id === id)
    if (index < 0) return undefined
    return riders.splice(index, 1)[0]
  }

  reset(): void {
    this.#riders = new Map(MOCK_PROVIDERS.map((provider) => [provider, seedRiders(provider)]))
    this.#nextId = 600_001
  }

  #of(provider: MockProvider): MockRider[] {
    let riders = this.#riders.get(provider)
    if (riders === undefined) {
      riders = []
      this.#riders.set(provider, riders)
    }
    return riders
  }
}

function copy(rider: MockRider): MockRider {
  return structuredClone(rider)
}
