import { mediroutes } from './mediroutes'
import { type TripRow, toRow } from './trips'

/** A provider the signed-in account may act for, as the picker lists it (no key). */
export interface ProviderChoice {
  name: string
  fundingSources: string[]
}

/**
 * The providers the server's account may act for, from its access claims (`GET /api/v1/access`,
 * read once per token and kept next to it). Names and funding sources only: the keys stay here.
 */
export async function providerChoices(): Promise<ProviderChoice[]> {
  const access = await mediroutes().getAccess()
  return access.providers.map((provider) => ({
    name: provider.name,
    fundingSources: provider.fundingSources.map((source) => source.name),
  }))
}

/**
 * A provider's trips on a `YYYY-MM-DD` day, read on the server through a provider-scoped client
 * that adds the provider's key. A provider outside the claims is a `MediRoutesAuthError` with
 * code `unknown_provider`, so a browser naming any provider it likes gains nothing.
 */
export async function tripRows(provider: string, day: string): Promise<TripRow[]> {
  const trips = await mediroutes().forProvider(provider).trips.getByDate(day)
  return trips.map(toRow)
}
