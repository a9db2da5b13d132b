import { isWebhookNameTaken, type MediRoutesClient } from '@mediroutes/auth-core'
import { callbackUrlFor } from '@mediroutes/auth-core/webhooks'

/** Statuses after which a trip no longer changes on a normal day: not worth a subscription. */
const FINAL_STATUSES = new Set(['performed', 'cancelled', 'no_show'])

/** Which trips were subscribed, per provider: names only, never a key or the callback URL. */
export interface SubscribedTrips {
  date: string
  providers: { provider: string; names: string[] }[]
}

/** The subscription name of a trip: unique per provider, so a restart finds its own names. */
export const subscriptionNameOf = (tripGuid: string): string => `dispatch-${tripGuid}`

/**
 * Subscribes trip-level webhooks for every open trip of `date` of each provider the client's
 * claims list. MediRoutes' funding-source-level webhooks only announce new trips, so status
 * changes need one subscription per trip. A name left from an earlier run is replaced, so the
 * deliveries follow this run's callback URL and secret.
 */
export async function subscribeTodaysTrips(
  client: MediRoutesClient,
  options: { callbackBase: string; secret: string; date: string },
): Promise<SubscribedTrips> {
  const callbackUrl = callbackUrlFor(options.callbackBase, options.secret)
  const { providers } = await client.getAccess()
  const subscribed: SubscribedTrips = { date: options.date, providers: [] }
  for (const { name: provider } of providers) {
    const scoped = client.forProvider(provider)
    const trips = await scoped.trips.getByDate(options.date)
    const names: string[] = []
    for (const trip of trips) {
      if (trip.status !== undefined && FINAL_STATUSES.has(trip.status)) continue
      const subscription = {
        tripGuid: trip.trip_guid,
        callbackUrl,
        name: subscriptionNameOf(trip.trip_guid),
      }
      try {
        await scoped.webhooks.subscribeTrip(subscription)
      } catch (error) {
        if (!isWebhookNameTaken(error)) throw error
        await scoped.webhooks.unsubscribeTrip(subscription.name)
        await scoped.webhooks.subscribeTrip(subscription)
      }
      names.push(subscription.name)
    }
    subscribed.providers.push({ provider, names })
  }
  return subscribed
}

/** Removes what {@link subscribeTodaysTrips} made; a name already gone is not an error. */
export async function unsubscribeTrips(
  client: MediRoutesClient,
  subscribed: SubscribedTrips,
): Promise<void> {
  for (const { provider, names } of subscribed.providers) {
    const scoped = client.forProvider(provider)
    await Promise.allSettled(names.map((name) => scoped.webhooks.unsubscribeTrip(name)))
  }
}
