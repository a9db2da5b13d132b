import { MediRoutesAuthError } from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'
import { readBoundedBody } from './bounded-body.js'
import { parseNotification, type TripNotification } from './notification.js'
import { checkSecret, secretMatcher } from './secret.js'
import { SeenStates, sequenceOf } from './seen-states.js'
import {
  DEFAULT_SOURCE_RATE_LIMIT,
  type SourceRateLimit,
  SourceRateLimiter,
} from './source-rate-limit.js'
import { TripQueue } from './trip-queue.js'
import type {
  TripChange,
  TripWebhookClient,
  TripWebhookFailure,
  TripWebhookFailureStage,
  TripWebhookStats,
  WebhookTrip,
} from './types.js'

/** Options of {@link createTripWebhookReceiver}. */
export interface TripWebhookReceiverOptions<T extends WebhookTrip = WebhookTrip> {
  /** The client whose claims cover the subscribed trips (it reads them back). */
  client: TripWebhookClient
  /**
   * The unguessable value deliveries must present: the last path segment of the callback URL
   * (see `callbackUrlFor`), or the value of `secretHeader` when that is set. At least 22
   * URL-safe characters; `generateWebhookSecret()` makes one.
   */
  secret: string
  /**
   * Read the secret from this request header (a callback header of the subscription) instead
   * of the path. Default: the path. The vendor stores callback headers in plain text, exactly
   * like the URL, so neither is stronger.
   */
  secretHeader?: string
  /**
   * Runs once per new trip state, with the trip as the API has it, in order per trip (never an
   * older state after a newer one). Several trips are handled concurrently.
   */
  onTripChanged: (change: TripChange<T>) => void | Promise<void>
  /** Called when reading the claims, reading a trip, or your handler fails. Default: log only. */
  onError?: (failure: TripWebhookFailure) => void
  /** Where the receiver says what it does; fields never hold the secret or the callback URL. */
  logger?: Logger
  /** The largest delivery body read, in bytes. Default 16 384. */
  maxBodyBytes?: number
  /** Deliveries per window per source before 429; `false` for none. Default 100 per 1 000 ms. */
  rateLimit?: SourceRateLimit | false
  /** Trips read and handled at once. Default 8. */
  concurrency?: number
  /** Trips waiting to be read before deliveries are answered 503. Default 10 000. */
  maxPendingTrips?: number
  /** Trips whose last handled state is remembered for de-duplication. Default 100 000. */
  maxTrackedTrips?: number
}

/** Per-request facts only the framework knows. */
export interface TripWebhookRequestContext {
  /** Who sent the request (the client IP), for the per-source rate limit. Default: one shared bucket. */
  source?: string
}

/**
 * A web-standard request handler for MediRoutes trip webhooks, plus its lifecycle.
 * Mount it with a route that ends in the secret path segment, e.g. `POST /hooks/mediroutes/:secret`.
 */
export interface TripWebhookReceiver {
  (request: Request, context?: TripWebhookRequestContext): Promise<Response>
  /** Resolves when every accepted delivery has been read back and handled. */
  idle(): Promise<void>
  /** Answers later deliveries 503 and waits for the accepted ones to be handled. */
  close(): Promise<void>
  /** A snapshot of the counters. */
  stats(): TripWebhookStats
}

const NOT_FOUND_STATUS = 404

function empty(status: number, headers?: Record<string, string>): Response {
  return new Response(null, { status, headers: { 'Cache-Control': 'no-store', ...headers } })
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name
  return error === null ? 'null' : typeof error
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new MediRoutesAuthError('invalid_config', `${name} must be a positive integer`)
  }
  return value
}

/**
 * Creates the receiver for trip webhooks. Deliveries are not signed, so it treats each one as a
 * hint: it answers 202 at once, then reads the named trip back through the API with the key of
 * the provider that owns the funding source, and hands `onTripChanged` that trip.
 *
 * - Anything that does not present the secret (constant-time compare) is answered 404 before
 *   any other work: no parsing, no API call.
 * - Bodies over `maxBodyBytes` are refused (413), a source over `rateLimit` gets 429.
 * - The same state twice runs the handler once; a state older than one handled is dropped.
 * - A throwing handler is logged (class name only) and reported to `onError`; the delivery was
 *   already answered 202, so MediRoutes does not retry it.
 *
 * @throws {MediRoutesAuthError} `invalid_config` when an option is missing or wrong.
 * @example
 * const receive = createTripWebhookReceiver({
 *   client,
 *   secret: process.env.MEDIROUTES_WEBHOOK_SECRET!,
 *   onTripChanged: ({ trip }) => console.log(trip.trip_guid, trip.status),
 * })
 * // in any server that speaks Request/Response:
 * const response = await receive(request, { source: clientIp })
 */
export function createTripWebhookReceiver<T extends WebhookTrip = WebhookTrip>(
  options: TripWebhookReceiverOptions<T>,
): TripWebhookReceiver {
  if (typeof options !== 'object' || options === null) {
    throw new MediRoutesAuthError('invalid_config', 'createTripWebhookReceiver expects options')
  }
  const { client, onTripChanged, onError } = options
  if (
    typeof client !== 'object' ||
    client === null ||
    typeof client.getAccess !== 'function' ||
    typeof client.forProvider !== 'function'
  ) {
    throw new MediRoutesAuthError(
      'invalid_config',
      'client must be a MediRoutes client (with getAccess and forProvider)',
    )
  }
  if (typeof onTripChanged !== 'function') {
    throw new MediRoutesAuthError('invalid_config', 'onTripChanged must be a function')
  }
  checkSecret(options.secret)
  const matches = secretMatcher(options.secret)
  const secretHeader = options.secretHeader?.toLowerCase()
  const logger = options.logger ?? silentLogger
  const maxBodyBytes = positiveInteger(options.maxBodyBytes, 16_384, 'maxBodyBytes')
  const concurrency = positiveInteger(options.concurrency, 8, 'concurrency')
  const maxPending = positiveInteger(options.maxPendingTrips, 10_000, 'maxPendingTrips')
  const tracked = positiveInteger(options.maxTrackedTrips, 100_000, 'maxTrackedTrips')
  const limiter =
    options.rateLimit === false
      ? undefined
      : new SourceRateLimiter(options.rateLimit ?? DEFAULT_SOURCE_RATE_LIMIT)
  const seen = new SeenStates(tracked)
  const stats: TripWebhookStats = {
    received: 0,
    accepted: 0,
    notFound: 0,
    rateLimited: 0,
    rejected: 0,
    unavailable: 0,
    reads: 0,
    handled: 0,
    duplicates: 0,
    stale: 0,
    ignored: 0,
    failures: 0,
  }
  /** The latest notification per trip, handed to the handler with the state it triggered. */
  const latest = new Map<string, TripNotification>()
  let closed = false

  const fail = (stage: TripWebhookFailureStage, tripGuid: string, error: unknown): void => {
    stats.failures += 1
    const name = errorName(error)
    const code = (error as { code?: unknown } | null)?.code
    logger.error(
      { tripGuid, stage, error: name, ...(typeof code === 'string' ? { code } : {}) },
      stage === 'handler'
        ? 'MediRoutes trip webhook handler threw'
        : `MediRoutes trip webhook could not ${stage === 'access' ? 'read the access claims' : 'read the trip back'}`,
    )
    if (onError === undefined) return
    try {
      onError({ stage, tripGuid, errorName: name, error })
    } catch (reportError) {
      logger.error(
        { tripGuid, error: errorName(reportError) },
        'MediRoutes trip webhook onError threw',
      )
    }
  }

  const providerFor = async (fundingSourceId: number | undefined): Promise<string | undefined> => {
    const access = await client.getAccess()
    if (fundingSourceId === undefined) {
      // Without a funding source only an account with one provider can tell whose trip it is.
      return access.providers.length === 1 ? access.providers[0]!.name : undefined
    }
    return access.providers.find((provider) =>
      provider.fundingSources.some((source) => source.id === fundingSourceId),
    )?.name
  }

  const readTrip = async (provider: string, tripGuid: string): Promise<T | undefined> => {
    stats.reads += 1
    const response = await client
      .forProvider(provider)
      .fetch(`/api/v1/singletrip?trip_guid=${encodeURIComponent(tripGuid)}`)
    if (response.status === 403 || response.status === 404) {
      await response.body?.cancel().catch(() => {})
      return undefined
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {})
      throw new MediRoutesAuthError(
        'server_error',
        `reading trip ${tripGuid} back answered ${response.status}`,
        { status: response.status },
      )
    }
    const body = (await response.json().catch(() => undefined)) as { Data?: unknown } | undefined
    const trip = body?.Data
    if (typeof trip !== 'object' || trip === null || (trip as WebhookTrip).trip_guid !== tripGuid) {
      throw new MediRoutesAuthError(
        'invalid_response',
        `reading trip ${tripGuid} back did not answer { Data: trip }`,
      )
    }
    return trip as T
  }

  const process = async (
    tripGuid: string,
    fundingSourceIds: (number | undefined)[],
  ): Promise<void> => {
    const notification = latest.get(tripGuid) ?? { trip_guid: tripGuid }
    try {
      await readAndHandle(tripGuid, fundingSourceIds, notification)
    } finally {
      if (latest.get(tripGuid) === notification) latest.delete(tripGuid)
    }
  }

  const readAndHandle = async (
    tripGuid: string,
    fundingSourceIds: (number | undefined)[],
    notification: TripNotification,
  ): Promise<void> => {
    let trip: T | undefined
    let provider: string | undefined
    for (const fundingSourceId of fundingSourceIds) {
      try {
        provider = await providerFor(fundingSourceId)
      } catch (error) {
        fail('access', tripGuid, error)
        return
      }
      if (provider === undefined) continue
      try {
        trip = await readTrip(provider, tripGuid)
      } catch (error) {
        fail('read', tripGuid, error)
        return
      }
      if (trip !== undefined) break
    }
    if (trip === undefined || provider === undefined) {
      stats.ignored += 1
      logger.debug({ tripGuid }, 'MediRoutes trip webhook names a trip outside the claims')
      return
    }
    const verdict = seen.classify(trip)
    if (verdict !== 'new') {
      stats[verdict === 'duplicate' ? 'duplicates' : 'stale'] += 1
      return
    }
    const change: TripChange<T> = {
      trip,
      tripGuid,
      status: typeof trip.status === 'string' ? trip.status : undefined,
      sequence: sequenceOf(trip),
      provider,
      fundingSourceId:
        typeof trip.funding_source_id === 'number'
          ? trip.funding_source_id
          : notification.funding_source_id,
      notification,
    }
    stats.handled += 1
    try {
      await onTripChanged(change)
    } catch (error) {
      // Not remembered as seen: the next delivery for this trip gives the handler another try.
      fail('handler', tripGuid, error)
      return
    }
    seen.remember(trip)
  }

  const queue = new TripQueue(concurrency, maxPending, process)

  const receive = async (
    request: Request,
    context?: TripWebhookRequestContext,
  ): Promise<Response> => {
    stats.received += 1
    if (request.method !== 'POST' || !presentsSecret(request)) {
      stats.notFound += 1
      await request.body?.cancel().catch(() => {})
      return empty(NOT_FOUND_STATUS)
    }
    if (closed) {
      stats.unavailable += 1
      await request.body?.cancel().catch(() => {})
      return empty(503, { 'Retry-After': '30' })
    }
    const wait = limiter?.take(context?.source ?? 'unknown') ?? 0
    if (wait > 0) {
      stats.rateLimited += 1
      await request.body?.cancel().catch(() => {})
      return empty(429, { 'Retry-After': String(wait) })
    }
    const body = await readBoundedBody(request, maxBodyBytes)
    if (!body.ok) {
      stats.rejected += 1
      return empty(413)
    }
    const notification = parseNotification(body.text)
    if (notification === undefined) {
      stats.rejected += 1
      return empty(400)
    }
    latest.set(notification.trip_guid, notification)
    if (!queue.push(notification.trip_guid, notification.funding_source_id)) {
      latest.delete(notification.trip_guid)
      stats.unavailable += 1
      return empty(503, { 'Retry-After': '5' })
    }
    stats.accepted += 1
    return empty(202)
  }

  function presentsSecret(request: Request): boolean {
    if (secretHeader !== undefined) return matches(request.headers.get(secretHeader))
    let pathname: string
    try {
      pathname = new URL(request.url).pathname
    } catch {
      return false
    }
    const segments = pathname.split('/')
    let last = segments.pop()
    if (last === '') last = segments.pop()
    return matches(last)
  }

  return Object.assign(receive, {
    idle: () => queue.idle(),
    close: async () => {
      closed = true
      await queue.idle()
    },
    stats: () => ({ ...stats }),
  })
}
