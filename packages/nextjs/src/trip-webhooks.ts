import type { MediRoutesClient } from '@mediroutes/auth-core'
import {
  createTripWebhookReceiver,
  type TripWebhookClient,
  type TripWebhookReceiver,
  type TripWebhookReceiverOptions,
  type WebhookTrip,
} from '@mediroutes/auth-core/webhooks'
import { assertServerRuntime } from './server-only.js'
import { getMediRoutesClient } from './shared-client.js'

/** Options of {@link createMediRoutesTripWebhooks}: the core receiver's, with the client optional. */
export interface MediRoutesTripWebhooksOptions<T extends WebhookTrip = WebhookTrip>
  extends Omit<TripWebhookReceiverOptions<T>, 'client'> {
  /**
   * The client that reads notified trips back, or a function returning it.
   * Default: {@link getMediRoutesClient}(), resolved on the first delivery.
   */
  client?:
    | TripWebhookClient
    | MediRoutesClient
    | (() => TripWebhookClient | MediRoutesClient | Promise<TripWebhookClient | MediRoutesClient>)
}

/** The route handler, plus the receiver's `idle()`, `close()` and `stats()`. */
export interface MediRoutesTripWebhooks {
  POST: (request: Request) => Promise<Response>
  receiver: TripWebhookReceiver
}

/** The first address of `X-Forwarded-For` (set by the platform in front of Next.js), else `X-Real-IP`. */
function sourceOf(request: Request): string | undefined {
  const forwarded = request.headers.get('x-forwarded-for')
  if (forwarded) return forwarded.split(',')[0]!.trim()
  return request.headers.get('x-real-ip') ?? undefined
}

/** A client resolved on first use, so a module-level handler does not log in at import time. */
function lazyClient(source: MediRoutesTripWebhooksOptions['client']): TripWebhookClient {
  let resolved: Promise<TripWebhookClient> | undefined
  const resolve = (): Promise<TripWebhookClient> => {
    resolved ??= (async () => {
      const client =
        typeof source === 'function' ? await source() : (source ?? getMediRoutesClient())
      return client as unknown as TripWebhookClient
    })()
    return resolved
  }
  return {
    getAccess: async () => (await resolve()).getAccess(),
    forProvider: (name) => ({
      fetch: async (input, init) => (await resolve()).forProvider(name).fetch(input, init),
    }),
  }
}

/**
 * A Next.js route handler receiving MediRoutes trip webhooks. Put it in a dynamic segment that
 * holds the secret, e.g. `app/api/mediroutes/webhooks/[secret]/route.ts`:
 *
 * ```ts
 * export const { POST } = createMediRoutesTripWebhooks({
 *   secret: process.env.MEDIROUTES_WEBHOOK_SECRET!,
 *   onTripChanged: ({ trip }) => console.log(trip.trip_guid, trip.status),
 * })
 * ```
 *
 * Every delivery is answered 202 at once and processed after (the Node.js runtime keeps the
 * process alive; on serverless hosts wrap the work in `after()` or keep a long-lived server).
 * Anything without the secret in its last path segment gets 404 without other work.
 * @throws {MediRoutesAuthError} `invalid_config` for a short secret or a missing handler.
 * @throws {MediRoutesServerOnlyError} `server_only` in a browser.
 */
export function createMediRoutesTripWebhooks<T extends WebhookTrip = WebhookTrip>(
  options: MediRoutesTripWebhooksOptions<T>,
): MediRoutesTripWebhooks {
  assertServerRuntime('createMediRoutesTripWebhooks()')
  const { client, ...rest } = options
  const receiver = createTripWebhookReceiver<T>({ ...rest, client: lazyClient(client) })
  const handler = (request: Request): Promise<Response> =>
    receiver(request, { source: sourceOf(request) ?? 'unknown' })
  return { POST: handler, receiver }
}
