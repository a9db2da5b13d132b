import type { MediRoutesClient } from '@mediroutes/auth-core'
import type { TripChange } from '@mediroutes/auth-core/webhooks'
import { mediRoutesTripWebhooks } from '@mediroutes/fastify'
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync } from 'fastify'
import {
  type SubscribedTrips,
  subscribeTodaysTrips,
  unsubscribeTrips,
} from './subscribe-todays-trips.js'

/** The boot subscriptions of each app with trip webhooks, by its HTTP server (shared by its plugins). */
const subscriptionsByServer = new WeakMap<object, Promise<SubscribedTrips>>()

/**
 * Resolves once the trip subscriptions made when `app` began listening are in place;
 * `undefined` for an app without trip webhooks.
 */
export function tripSubscriptions(app: FastifyInstance): Promise<SubscribedTrips> | undefined {
  return subscriptionsByServer.get(app.server)
}

/** Where deliveries arrive: `POST /webhooks/mediroutes/<secret>`. */
export const TRIP_WEBHOOKS_PREFIX = '/webhooks/mediroutes'

/** How the API receives trip webhooks. */
export interface TripWebhooksOptions {
  /** The callback URL's unguessable last segment (`generateWebhookSecret()` makes one). */
  secret: string
  /**
   * The webhook path as MediRoutes reaches it, without the secret, e.g.
   * `https://dispatch.example.org/webhooks/mediroutes`. Default: the address the API listens on.
   */
  publicUrl?: string
}

/**
 * Trip webhooks from `MEDIROUTES_WEBHOOK_SECRET` (and `WEBHOOK_PUBLIC_URL`); `undefined`, so
 * webhooks stay off, without a secret.
 */
export function tripWebhooksFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): TripWebhooksOptions | undefined {
  const secret = env.MEDIROUTES_WEBHOOK_SECRET
  if (secret === undefined || secret === '') return undefined
  const publicUrl = env.WEBHOOK_PUBLIC_URL
  return publicUrl === undefined || publicUrl === '' ? { secret } : { secret, publicUrl }
}

/**
 * One log entry per handled change, from the trip as the API returned it (the receiver read it
 * back), never from the delivery, which anyone holding the URL could forge. No key or token.
 */
function logTripChange(log: FastifyBaseLogger, change: TripChange): void {
  const { trip, tripGuid, status, sequence, provider } = change
  const tripId = typeof trip.trip_id === 'string' ? trip.trip_id : undefined
  log.info({ tripId, tripGuid, status, sequence, provider }, 'trip changed')
}

/**
 * The adapter's receiver at `POST /webhooks/mediroutes/<secret>`, logging each handled change;
 * once the API listens, trip-level subscriptions for today's open trips of the client user's
 * provider, removed again on close. Register after `@mediroutes/fastify`.
 */
export const tripWebhooks: FastifyPluginAsync<TripWebhooksOptions> = async (app, options) => {
  const log = app.log.child({ module: 'trip-webhooks' })
  await app.register(mediRoutesTripWebhooks, {
    prefix: TRIP_WEBHOOKS_PREFIX,
    // Request logs carry the URL, and the URL carries the secret: only warnings for this route.
    logLevel: 'warn',
    secret: options.secret,
    onTripChanged: (change) => logTripChange(log, change),
  })

  const client = app.mediroutes as MediRoutesClient
  let subscribed: SubscribedTrips | undefined
  let settle: { resolve(value: SubscribedTrips): void; reject(error: unknown): void }
  const ready = new Promise<SubscribedTrips>((resolve, reject) => {
    settle = { resolve, reject }
  })
  ready.catch(() => {}) // reported by Fastify from the hook; waiting is optional
  subscriptionsByServer.set(app.server, ready)
  // `listen` does not wait for this hook: `tripSubscriptions(app)` does.
  app.addHook('onListen', async () => {
    try {
      const date = new Date().toISOString().slice(0, 10)
      const callbackBase = options.publicUrl ?? `${app.listeningOrigin}${TRIP_WEBHOOKS_PREFIX}`
      subscribed = await subscribeTodaysTrips(client, {
        callbackBase,
        secret: options.secret,
        date,
      })
      for (const { provider, names } of subscribed.providers) {
        log.info({ provider, date, trips: names.length }, 'subscribed to trip changes')
      }
      settle!.resolve(subscribed)
    } catch (error) {
      settle!.reject(error)
      throw error
    }
  })
  app.addHook('preClose', async () => {
    if (subscribed !== undefined) await unsubscribeTrips(client, subscribed)
  })
}
