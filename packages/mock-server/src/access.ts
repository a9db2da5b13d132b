import {
  BROKER_USER,
  BROKERAGE_ACCESS,
  CLIENT_ACCESS,
  findProvider,
  MOCK_PROVIDERS,
  type MockAccessGrant,
  type MockFundingSource,
  type MockProvider,
} from './providers.js'
import type { MockUser } from './types.js'

/** A provider as one account may act for it: the funding sources in the account's claims. */
export interface ProviderAccess {
  readonly name: string
  readonly apiKey: string
  readonly fundingSources: readonly MockFundingSource[]
}

/**
 * The access claims of every account: which providers and funding sources each may act
 * for. Claims change at run time (a provider ends a data-sharing agreement) through
 * {@link grant} and {@link revoke}; `reset()` restores the configured ones.
 */
export class AccessBook {
  /** Per username (lower case): provider name → funding source ids. */
  readonly #initial: Map<string, Map<string, Set<number>>>
  #claims = new Map<string, Map<string, Set<number>>>()

  /** @throws {TypeError} when a user's `access` names an unknown provider or funding source. */
  constructor(users: readonly MockUser[]) {
    this.#initial = new Map(
      users.map((user) => [normalize(user.username), resolveGrants(user)] as const),
    )
    this.reset()
  }

  /** The providers this account may act for, in the emulator's provider order; `[]` for an unknown user. */
  of(username: string): ProviderAccess[] {
    const claims = this.#claims.get(normalize(username))
    if (claims === undefined) return []
    const result: ProviderAccess[] = []
    for (const provider of MOCK_PROVIDERS) {
      const ids = claims.get(provider.name)
      if (ids === undefined || ids.size === 0) continue
      result.push({
        name: provider.name,
        apiKey: provider.apiKey,
        fundingSources: provider.fundingSources
          .filter((source) => ids.has(source.id))
          .map((source) => ({ ...source })),
      })
    }
    return result
  }

  /** The funding source ids of `provider` this account may see; empty when none. */
  fundingSourceIds(username: string, provider: MockProvider): ReadonlySet<number> {
    return this.#claims.get(normalize(username))?.get(provider.name) ?? new Set()
  }

  /**
   * Grants a provider (every funding source) or one funding source of it.
   *
   * @throws {Error} naming what is unknown: the user, the provider or the funding source.
   */
  grant(username: string, providerName: string, fundingSourceId?: number): void {
    const { claims, provider } = this.#target(username, providerName, fundingSourceId)
    const ids = claims.get(provider.name) ?? new Set<number>()
    for (const source of provider.fundingSources) {
      if (fundingSourceId === undefined || source.id === fundingSourceId) ids.add(source.id)
    }
    claims.set(provider.name, ids)
  }

  /**
   * Revokes a provider (every funding source) or one funding source of it. A provider left
   * without funding sources disappears from the account's claims.
   *
   * @throws {Error} naming what is unknown: the user, the provider or the funding source.
   */
  revoke(username: string, providerName: string, fundingSourceId?: number): void {
    const { claims, provider } = this.#target(username, providerName, fundingSourceId)
    const ids = claims.get(provider.name)
    if (ids === undefined) return
    if (fundingSourceId === undefined) ids.clear()
    else ids.delete(fundingSourceId)
    if (ids.size === 0) claims.delete(provider.name)
  }

  reset(): void {
    this.#claims = new Map(
      [...this.#initial].map(([user, claims]) => [
        user,
        new Map([...claims].map(([name, ids]) => [name, new Set(ids)])),
      ]),
    )
  }

  #target(
    username: string,
    providerName: string,
    fundingSourceId: number | undefined,
  ): { claims: Map<string, Set<number>>; provider: MockProvider } {
    const claims = this.#claims.get(normalize(String(username)))
    if (claims === undefined) {
      throw new Error(`Unknown user "${username}": add it to the \`users\` option first`)
    }
    const provider = findProvider(String(providerName))
    if (provider === undefined) throw new Error(unknownProvider(String(providerName)))
    if (
      fundingSourceId !== undefined &&
      !provider.fundingSources.some((source) => source.id === fundingSourceId)
    ) {
      throw new Error(
        `"${provider.name}" has no funding source ${String(fundingSourceId)}; it has ${provider.fundingSources.map((source) => source.id).join(', ')}`,
      )
    }
    return { claims, provider }
  }
}

function resolveGrants(user: MockUser): Map<string, Set<number>> {
  const grants =
    user.access ??
    (normalize(user.username) === BROKER_USER.username ? BROKERAGE_ACCESS : CLIENT_ACCESS)
  if (!Array.isArray(grants)) {
    throw new TypeError(
      `User "${user.username}": access must be an array of { provider, fundingSourceIds? }`,
    )
  }
  const claims = new Map<string, Set<number>>()
  for (const grant of grants as readonly MockAccessGrant[]) {
    const provider = findProvider(String(grant?.provider))
    if (provider === undefined) {
      throw new TypeError(`User "${user.username}": ${unknownProvider(String(grant?.provider))}`)
    }
    const known = new Set(provider.fundingSources.map((source) => source.id))
    const ids = grant.fundingSourceIds ?? [...known]
    for (const id of ids) {
      if (!known.has(id)) {
        throw new TypeError(
          `User "${user.username}": "${provider.name}" has no funding source ${String(id)}; it has ${[...known].join(', ')}`,
        )
      }
    }
    claims.set(provider.name, new Set([...(claims.get(provider.name) ?? []), ...ids]))
  }
  return claims
}

function unknownProvider(name: string): string {
  return `Unknown provider "${name}": the emulator knows ${MOCK_PROVIDERS.map((provider) => `"${provider.name}"`).join(', ')}`
}

function normalize(username: string): string {
  return username.toLowerCase()
}
