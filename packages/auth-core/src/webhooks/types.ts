import type { TripNotification } from './notification.js'

/**
 * A trip as the API answers `GET /api/v1/singletrip`: the fields the receiver relies on, and
 * whatever else MediRoutes sends.
 */
export interface WebhookTrip {
  trip_guid: string
  status?: string
  /** The API's change counter for the trip; the receiver orders states by it when present. */
  sequence?: number
  updated_at?: string
  funding_source_id?: number
  [field: string]: unknown
}

/**
 * What the receiver needs from a MediRoutes client: the access claims (to map a funding source to
 * its provider) and a provider-scoped `fetch` (to read the trip back with that provider's key).
 * A `MediRoutesClient` fits.
 */
export interface TripWebhookClient {
  getAccess(): Promise<{
    readonly providers: readonly {
      readonly name: string
      readonly fundingSources: readonly { readonly id: number }[]
    }[]
  }>
  forProvider(nameOrApiKey: string): {
    fetch(input: string | URL, init?: RequestInit): Promise<Response>
  }
}

/** One trip state handed to `onTripChanged`. */
export interface TripChange<T extends WebhookTrip = WebhookTrip> {
  /** The trip as the API returned it when the receiver read it back: trust this. */
  trip: T
  tripGuid: string
  /** `trip.status`, as read back. */
  status: string | undefined
  /** `trip.sequence`, as read back. */
  sequence: number | undefined
  /** The name of the provider whose key read the trip. */
  provider: string
  /** The funding source the trip belongs to, as read back (or as the delivery named it). */
  fundingSourceId: number | undefined
  /** The delivery that triggered the read. Unsigned: anyone with the callback URL can send one. */
  notification: TripNotification
}

/** Where processing a delivery failed. */
export type TripWebhookFailureStage = 'access' | 'read' | 'handler'

/** What `onError` receives. */
export interface TripWebhookFailure {
  stage: TripWebhookFailureStage
  tripGuid: string
  /** The error's class name (e.g. `TypeError`), safe to log. */
  errorName: string
  /** The error itself: from your handler (stage `handler`) or the SDK (`access`, `read`). */
  error: unknown
}

/** Counters since the receiver was created. */
export interface TripWebhookStats {
  /** Requests that reached the receiver. */
  received: number
  /** Deliveries answered 202 and queued. */
  accepted: number
  /** Answered 404: wrong path, wrong header or wrong method. No other work was done. */
  notFound: number
  /** Answered 429 by the per-source rate limit. */
  rateLimited: number
  /** Answered 413 (body over `maxBodyBytes`) or 400 (not a trip notification). */
  rejected: number
  /** Answered 503: queue full or receiver closed. */
  unavailable: number
  /** Trips read back through the API. */
  reads: number
  /** Handler calls. */
  handled: number
  /** Read-backs that found the state already handled. */
  duplicates: number
  /** Read-backs that found a state older than one already handled. */
  stale: number
  /** Deliveries naming a trip or funding source the claims do not cover (nothing read, or the read refused). */
  ignored: number
  /** Failures reported through `onError`. */
  failures: number
}
