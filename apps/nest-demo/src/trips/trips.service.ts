import type { MediRoutesTrip } from '@mediroutes/auth-core'
import { InjectMediRoutes, MediRoutesClient } from '@mediroutes/nestjs'
import { Injectable } from '@nestjs/common'

/** A provider an account may act for, as this service shows it: never its key. */
export interface ProviderView {
  name: string
  fundingSources: { id: number; name: string }[]
}

/** Which account a call acts as. */
export type Account = 'client' | 'broker'

/**
 * The dispatch operations for two accounts: the provider's own client user (one provider, every
 * funding source) and a brokerage user (several providers, some funding sources each). Every
 * call goes through a provider-scoped client, which adds that provider's API key.
 */
@Injectable()
export class TripsService {
  constructor(
    private readonly client: MediRoutesClient,
    @InjectMediRoutes('broker') private readonly broker: MediRoutesClient,
  ) {}

  #account(account: Account): MediRoutesClient {
    return account === 'broker' ? this.broker : this.client
  }

  /** The providers and funding sources of the account's access claims. */
  async providers(account: Account): Promise<ProviderView[]> {
    const { providers } = await this.#account(account).getAccess()
    return providers.map((provider) => ({
      name: provider.name,
      fundingSources: provider.fundingSources.map(({ id, name }) => ({ id, name })),
    }))
  }

  /** The client user's own provider: the one its claims list. */
  async ownProvider(): Promise<string> {
    const [own] = (await this.client.getAccess()).providers
    return own?.name ?? ''
  }

  /** A provider's trips on `date` (`YYYY-MM-DD`); `unknown_provider` (403) outside the claims. */
  list(account: Account, provider: string, date: string): Promise<MediRoutesTrip[]> {
    return this.#account(account).forProvider(provider).trips.getByDate(date)
  }

  /** One trip by MediRoutes' GUID; MediRoutes' 404 passes through. */
  get(account: Account, provider: string, tripGuid: string): Promise<MediRoutesTrip> {
    return this.#account(account).forProvider(provider).trips.get({ tripGuid })
  }
}
