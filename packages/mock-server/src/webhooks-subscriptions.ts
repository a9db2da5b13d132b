/** A trip-level subscription: deliveries for every change of one trip. */
export interface TripSubscription {
  type: 'trip'
  provider: string
  name: string
  tripGuid: string
  callbackUrl: string
  callbackHeaders: Record<string, string>
  version: number
}

/** A funding-source-level subscription: deliveries for every trip created in a funding source. */
export interface NewTripSubscription {
  type: 'newTrip'
  provider: string
  name: string
  fundingSourceId: number
  callbackUrl: string
  callbackHeaders: Record<string, string>
  version: number
}

export type WebhookSubscription = TripSubscription | NewTripSubscription

/**
 * What the emulator tells about a subscription: no callback URL and no header values, since
 * the URL usually carries the receiver's secret and headers may too.
 */
export interface WebhookSubscriptionInfo {
  type: 'trip' | 'newTrip'
  provider: string
  name: string
  tripGuid?: string
  fundingSourceId?: number
  version: number
  callbackHeaderNames: string[]
}

/** Subscriptions per provider and type; a name is unique per provider and type, as the vendor documents. */
export class WebhookSubscriptions {
  #byKey = new Map<string, WebhookSubscription>()

  /** Stores a subscription; `false` when the name is taken for this provider and type. */
  add(subscription: WebhookSubscription): boolean {
    const key = keyOf(subscription.provider, subscription.type, subscription.name)
    if (this.#byKey.has(key)) return false
    this.#byKey.set(key, structuredClone(subscription))
    return true
  }

  /** Removes a subscription; `false` when there was none of that name. */
  remove(provider: string, type: WebhookSubscription['type'], name: string): boolean {
    return this.#byKey.delete(keyOf(provider, type, name))
  }

  /** The trip-level subscriptions of a trip. */
  forTrip(provider: string, tripGuid: string): TripSubscription[] {
    const found: TripSubscription[] = []
    for (const subscription of this.#byKey.values()) {
      if (
        subscription.type === 'trip' &&
        subscription.provider === provider &&
        subscription.tripGuid === tripGuid
      ) {
        found.push(subscription)
      }
    }
    return found
  }

  /** The funding-source-level subscriptions of a funding source. */
  forFundingSource(provider: string, fundingSourceId: number): NewTripSubscription[] {
    const found: NewTripSubscription[] = []
    for (const subscription of this.#byKey.values()) {
      if (
        subscription.type === 'newTrip' &&
        subscription.provider === provider &&
        subscription.fundingSourceId === fundingSourceId
      ) {
        found.push(subscription)
      }
    }
    return found
  }

  list(): WebhookSubscriptionInfo[] {
    return [...this.#byKey.values()].map((subscription) => ({
      type: subscription.type,
      provider: subscription.provider,
      name: subscription.name,
      ...(subscription.type === 'trip'
        ? { tripGuid: subscription.tripGuid }
        : { fundingSourceId: subscription.fundingSourceId }),
      version: subscription.version,
      callbackHeaderNames: Object.keys(subscription.callbackHeaders),
    }))
  }

  reset(): void {
    this.#byKey.clear()
  }
}

function keyOf(provider: string, type: string, name: string): string {
  return `${provider}\n${type}\n${name}`
}
