/** The transportation providers the emulator knows, and the accounts that act for them. */

/** A funding source (a payer: a Medicaid broker, a health plan, private pay). */
export interface MockFundingSource {
  readonly id: number
  readonly name: string
}

/** A transportation provider: its name, its API key and every funding source it bills. */
export interface MockProvider {
  readonly name: string
  /** The provider's API key, sent as `api_key` (query) or `tp_api_key` (JSON body). A fixed string. */
  readonly apiKey: string
  readonly fundingSources: readonly MockFundingSource[]
}

/**
 * One grant of an account's access claims: a provider, and which of its funding sources.
 * `fundingSourceIds` omitted means every funding source of the provider (a client user).
 */
export interface MockAccessGrant {
  /** The provider's name, e.g. `'Lakeside Medical Transport'`. */
  provider: string
  fundingSourceIds?: readonly number[]
}

const LAKESIDE = 'Lakeside Medical Transport'
const RIVERSIDE = 'Riverside Wheelchair Vans'
const SUMMIT = 'Summit Ambulette'

function provider(
  name: string,
  apiKey: string,
  fundingSources: readonly MockFundingSource[],
): MockProvider {
  return Object.freeze({
    name,
    apiKey,
    fundingSources: Object.freeze(fundingSources.map((source) => Object.freeze({ ...source }))),
  })
}

/**
 * The providers every emulator serves, with fixed API keys so tests and demos can name
 * them. Each bills a state Medicaid NEMT broker, a managed-care plan or two, and private pay.
 */
export const MOCK_PROVIDERS: readonly MockProvider[] = Object.freeze([
  provider(LAKESIDE, 'mr_live_lakeside_5c1e9a7f3b2d4e60', [
    { id: 1101, name: 'Georgia Medicaid NEMT Broker' },
    { id: 1102, name: 'Peachtree Health Plan (Managed Care)' },
    { id: 1103, name: 'Private Pay' },
  ]),
  provider(RIVERSIDE, 'mr_live_riverside_8d4b2f6a1c9e3b75', [
    { id: 2201, name: 'Georgia Medicaid NEMT Broker' },
    { id: 2202, name: 'Chattahoochee Care Plan (Managed Care)' },
    { id: 2203, name: 'Private Pay' },
  ]),
  provider(SUMMIT, 'mr_live_summit_3f7a0e5d9b1c6a42', [
    { id: 3301, name: 'Blue Ridge Medicare Advantage' },
    { id: 3302, name: 'Private Pay' },
  ]),
])

/**
 * The default account: a CLIENT user of "Lakeside Medical Transport" (one provider,
 * every funding source of it).
 */
export const DEMO_USER: Readonly<{ username: string; password: string }> = Object.freeze({
  username: 'demo',
  password: 'demo-password',
})

/**
 * The default BROKERAGE user: data-sharing agreements with "Lakeside Medical Transport"
 * (one funding source), "Riverside Wheelchair Vans" (two) and "Summit Ambulette" (one).
 */
export const BROKER_USER: Readonly<{ username: string; password: string }> = Object.freeze({
  username: 'broker',
  password: 'broker-password',
})

/** The claims of a client user of the first provider: what a user without `access` gets. */
export const CLIENT_ACCESS: readonly MockAccessGrant[] = [{ provider: LAKESIDE }]

/** The claims of {@link BROKER_USER}. */
export const BROKERAGE_ACCESS: readonly MockAccessGrant[] = [
  { provider: LAKESIDE, fundingSourceIds: [1101] },
  { provider: RIVERSIDE, fundingSourceIds: [2201, 2202] },
  { provider: SUMMIT, fundingSourceIds: [3301] },
]

/** The provider with this name (case-insensitive) or API key, or `undefined`. */
export function findProvider(nameOrKey: string): MockProvider | undefined {
  const wanted = nameOrKey.toLowerCase()
  return MOCK_PROVIDERS.find(
    (candidate) => candidate.name.toLowerCase() === wanted || candidate.apiKey === nameOrKey,
  )
}

/** The provider whose API key this is, or `undefined`. */
export function providerByKey(apiKey: string): MockProvider | undefined {
  return MOCK_PROVIDERS.find((candidate) => candidate.apiKey === apiKey)
}
