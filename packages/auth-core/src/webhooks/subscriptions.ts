import { isMediRoutesAuthError, MediRoutesAuthError } from '../errors.js'
import { apiFailure } from '../v1-response.js'

/** Options of `webhooks.subscribeTrip`. */
export interface TripWebhookSubscription {
  /** The trip to watch (MediRoutes' `trip_guid`). */
  tripGuid: string
  /** Where deliveries go; `callbackUrlFor(baseUrl, secret)` builds one with an unguessable path. */
  callbackUrl: string | URL
  /**
   * Headers sent with every delivery. MediRoutes stores them in plain text: never put a
   * credential of another system here.
   */
  callbackHeaders?: Record<string, string>
  /** Unique per provider among its trip webhooks; a name in use is refused (see `isWebhookNameTaken`). */
  name: string
  /** Webhook version. Default 1. */
  version?: number
  signal?: AbortSignal
}

/** Options of `webhooks.subscribeNewTrips`. */
export interface NewTripWebhookSubscription {
  /** The funding source whose new trips are announced. */
  fundingSourceId: number
  callbackUrl: string | URL
  /** As for trip webhooks: stored in plain text by MediRoutes. */
  callbackHeaders?: Record<string, string>
  /** Unique per provider among its new-trip webhooks. */
  name: string
  /** Webhook version. Default 1. */
  version?: number
  signal?: AbortSignal
}

/** Per-call options of the unsubscribe helpers. */
export interface WebhookCallOptions {
  signal?: AbortSignal
}

/**
 * Subscribing to MediRoutes webhooks for one provider (`client.forProvider(name).webhooks`).
 * The paths of the trip-level endpoints and of both unsubscribes are documented assumptions
 * (the vendor's pages cut them off); the new-trip subscribe is the one seen in a client.
 */
export interface MediRoutesTripWebhooks {
  /**
   * `POST /api/v1/webhook/trip`: deliveries for every change of one trip.
   * @throws {MediRoutesAuthError} `invalid_config` for a bad option; `api_error` with status 409
   *   when the name is taken (`isWebhookNameTaken`), 400 for a field the API refuses;
   *   `access_denied` (403) for a trip outside the claims; `rate_limited`.
   */
  subscribeTrip(subscription: TripWebhookSubscription): Promise<void>
  /**
   * `DELETE /api/v1/webhook/trip?name=…`.
   * @throws {MediRoutesAuthError} `api_error` with status 404 when no trip webhook has that name.
   */
  unsubscribeTrip(name: string, options?: WebhookCallOptions): Promise<void>
  /**
   * `POST /api/v1/webhook/newTrip` (form body `webhookNewTripModel=<json>&api_key=…`):
   * deliveries for every trip created in a funding source.
   * @throws {MediRoutesAuthError} as `subscribeTrip`; `access_denied` for a funding source outside the claims.
   */
  subscribeNewTrips(subscription: NewTripWebhookSubscription): Promise<void>
  /**
   * `DELETE /api/v1/webhook/newTrip?name=…`.
   * @throws {MediRoutesAuthError} `api_error` with status 404 when no new-trip webhook has that name.
   */
  unsubscribeNewTrips(name: string, options?: WebhookCallOptions): Promise<void>
}

/** What the helpers need of a provider client: its keyed `fetch` and its key (to redact errors). */
export interface WebhookSubscriptionHost {
  fetch(input: string | URL, init?: RequestInit): Promise<Response>
  provider(): Promise<{ name: string; apiKey: string }>
}

/**
 * True for the error of a subscribe whose name the provider already uses for that webhook type
 * (`api_error`, status 409): unsubscribe it first, or choose another name.
 */
export function isWebhookNameTaken(error: unknown): boolean {
  return isMediRoutesAuthError(error) && error.code === 'api_error' && error.status === 409
}

function invalid(message: string): MediRoutesAuthError {
  return new MediRoutesAuthError('invalid_config', message)
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw invalid('the webhook name must be a non-empty string, unique per provider and type')
  }
  return name
}

function checkCommon(subscription: {
  callbackUrl: string | URL
  callbackHeaders?: Record<string, string>
  name: string
  version?: number
}): {
  callback_url: string
  callback_headers?: Record<string, string>
  name: string
  version: number
} {
  if (typeof subscription !== 'object' || subscription === null) {
    throw invalid('a webhook subscription needs { callbackUrl, name, ... }')
  }
  let url: URL
  try {
    url = new URL(String(subscription.callbackUrl))
  } catch {
    throw invalid(
      'callbackUrl must be an absolute URL, e.g. callbackUrlFor("https://example.org/hooks", secret)',
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid('callbackUrl must be an http(s) URL')
  }
  const headers = subscription.callbackHeaders
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null) {
      throw invalid('callbackHeaders must be an object of header names to string values')
    }
    for (const value of Object.values(headers)) {
      if (typeof value !== 'string') {
        throw invalid('callbackHeaders must be an object of header names to string values')
      }
    }
  }
  const version = subscription.version ?? 1
  if (!Number.isInteger(version) || version < 1) throw invalid('version must be an integer from 1')
  return {
    callback_url: url.href,
    ...(headers === undefined ? {} : { callback_headers: { ...headers } }),
    name: checkName(subscription.name),
    version,
  }
}

/** The typed error for a failed webhook call, with the provider's key kept out of it. */
async function failure(
  host: WebhookSubscriptionHost,
  response: Response,
  what: string,
  type: 'trip' | 'newTrip',
  name: string,
): Promise<MediRoutesAuthError> {
  const apiKey = await host.provider().then(
    (provider) => provider.apiKey,
    () => '',
  )
  if (response.status === 409) {
    await response.body?.cancel().catch(() => {})
    return new MediRoutesAuthError(
      'api_error',
      `${what} refused the name "${name}": the provider already has a ${type} webhook of that name (HTTP 409); unsubscribe it first or choose another name`,
      { status: 409 },
    )
  }
  return apiFailure(response, what, [apiKey])
}

/** The webhook helpers of one provider client. */
export function createTripWebhookSubscriptions(
  host: WebhookSubscriptionHost,
): MediRoutesTripWebhooks {
  const expectOk = async (
    response: Response,
    what: string,
    type: 'trip' | 'newTrip',
    name: string,
  ): Promise<void> => {
    if (!response.ok) throw await failure(host, response, what, type, name)
    await response.body?.cancel().catch(() => {})
  }
  const unsubscribe =
    (type: 'trip' | 'newTrip') =>
    async (name: string, options: WebhookCallOptions = {}): Promise<void> => {
      const checked = checkName(name)
      const response = await host.fetch(
        `/api/v1/webhook/${type}?name=${encodeURIComponent(checked)}`,
        { method: 'DELETE', ...(options.signal ? { signal: options.signal } : {}) },
      )
      await expectOk(response, `DELETE /api/v1/webhook/${type}`, type, checked)
    }
  return {
    async subscribeTrip(subscription) {
      const common = checkCommon(subscription)
      if (typeof subscription.tripGuid !== 'string' || subscription.tripGuid === '') {
        throw invalid('tripGuid is required (the trip_guid MediRoutes gave the trip)')
      }
      const response = await host.fetch('/api/v1/webhook/trip', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ trip_guid: subscription.tripGuid, ...common }),
        ...(subscription.signal ? { signal: subscription.signal } : {}),
      })
      await expectOk(response, 'POST /api/v1/webhook/trip', 'trip', common.name)
    },
    unsubscribeTrip: unsubscribe('trip'),
    async subscribeNewTrips(subscription) {
      const common = checkCommon(subscription)
      if (!Number.isInteger(subscription.fundingSourceId)) {
        throw invalid('fundingSourceId must be the number of a funding source in the claims')
      }
      const response = await host.fetch('/api/v1/webhook/newTrip', {
        method: 'POST',
        body: new URLSearchParams({
          webhookNewTripModel: JSON.stringify({
            funding_source_id: subscription.fundingSourceId,
            ...common,
          }),
        }),
        ...(subscription.signal ? { signal: subscription.signal } : {}),
      })
      await expectOk(response, 'POST /api/v1/webhook/newTrip', 'newTrip', common.name)
    },
    unsubscribeNewTrips: unsubscribe('newTrip'),
  }
}
