import type { ProviderAccess } from './access.js'
import type { MockAccessGrant } from './providers.js'
import type { TripStatus } from './resources.js'

/** A MediRoutes account the emulator accepts. */
export interface MockUser {
  username: string
  password: string
  /** Display name carried in the access token's `name` claim. Default: the username. */
  name?: string
  /**
   * The account's access claims: providers, and which of their funding sources.
   * Default: the brokerage claims for the username `broker` (see `BROKER_USER`), else a
   * client user of "Lakeside Medical Transport" (every funding source).
   */
  access?: readonly MockAccessGrant[]
}

/**
 * Requests per window for one client IP. The vendor's pages disagree on the window:
 * its overview says per second, its API reference per minute; `per` picks the reading.
 */
export interface RateLimitOptions {
  /** The window of `token` and `api`. Default `'second'`. */
  per?: 'second' | 'minute'
  /** `/token` requests per window. Default 10 (the vendor's limit). */
  token?: number
  /** Requests to every other endpoint per window. Default 300 (the vendor's limit). */
  api?: number
  /**
   * The window's length in ms, instead of the one `per` names: a test can squeeze the
   * per-minute reading into a few seconds (`{ per: 'minute', windowMs: 3_000 }`) so a
   * fleet test does not run for minutes. The 60-a-minute endpoints keep their minute.
   * Default: 1000 or 60 000, as `per` says.
   */
  windowMs?: number
}

export interface MockServerOptions {
  /** TCP port. Default 0 (a free port). */
  port?: number
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /** A path prefix the whole API lives under, e.g. `/external`. Default '' (the root). */
  basePath?: string
  /** Accounts. Default: `[DEMO_USER, BROKER_USER]` (a client user and a brokerage user). */
  users?: MockUser[]
  /** Access token lifetime in seconds, reported as `expires_in`. Default 86400. */
  tokenLifetimeSeconds?: number
  /** Whether a refresh returns a new refresh token and revokes the old one. Default true. */
  rotateRefreshTokens?: boolean
  /** Status for a rejected refresh token: 401 (the vendor's) or 400 (plain OAuth 2.0). Default 401. */
  refreshRejectionStatus?: 400 | 401
  /** Rate limits; `false` turns them off. Default: the vendor's limits per second (`{ per: 'second', token: 10, api: 300 }`). */
  rateLimit?: RateLimitOptions | false
  /** Key used to sign access tokens (HS256). Default: random per server. */
  signingSecret?: string
  /** Starting offset of the emulator's clock from the real clock, in ms. Default 0. */
  clockOffsetMs?: number
}

/** What the emulator has seen since start or the last reset. */
export interface MockCounters {
  /** Every request to `/token`, whatever its outcome. */
  tokenRequests: number
  /** Successful password grants. */
  passwordGrants: number
  /** Successful refresh grants. */
  refreshGrants: number
  /** Token requests the endpoint rejected with a 4xx (bad credentials, revoked refresh token, bad request); 429s and faults are counted in `rateLimited` and `faultsServed` instead. */
  rejectedTokenRequests: number
  /** Requests answered 429 by the rate limiter (token and API). */
  rateLimited: number
  /** Requests to API endpoints (everything but `/token` and the control prefix). */
  apiRequests: number
  /** API responses by status code, e.g. `{ 200: 12, 401: 1 }`. */
  apiByStatus: Record<number, number>
  /** Token endpoint answers by status, faults included, e.g. `{ 200: 1, 429: 3 }` (a reset connection has none). */
  tokenByStatus: Record<number, number>
  /** API requests answered 401 (missing, malformed, expired or revoked access token); an injected 401 fault is not counted here. */
  unauthorized: number
  /** Faults served (token and API). */
  faultsServed: number
  /**
   * Requests by path below `basePath`, without the query, `/token` and API alike (control
   * API excluded), e.g. `{ "/token": 1, "/api/v1/access": 1 }`. At most 1000 distinct
   * paths; further unknown paths are counted under `"(other)"`.
   */
  requestsByPath: Record<string, number>
}

/** One request to `/token`, as the emulator received it (values of secret fields are not kept). */
export interface RecordedTokenRequest {
  /** When it arrived, epoch ms by the emulator's clock. */
  at: number
  contentType: string | null
  /** Names of the form fields, in the order sent. */
  fields: string[]
  grantType: string | null
  username: string | null
  clientId: string | null
  /** The status answered; 0 when the connection was reset without an answer. */
  status: number
}

/**
 * A fault served instead of the normal answer.
 *
 * Every kind except the two `*-after-processing` ones is served before the request is
 * processed: nothing is issued, consumed or changed (a refresh token stays valid, no trip
 * is created). The `*-after-processing` kinds process the request first, as if the
 * server did its work and the answer was lost or slow on the way back.
 */
export type MockFault =
  /** Answer `status` with a small JSON body (or `body`), plus `Retry-After` when given (a number is seconds, a string is sent as is, e.g. an HTTP date). */
  | { kind: 'status'; status: number; retryAfter?: string | number; body?: string }
  /** Wait `ms`, then process and answer normally (skipped if the client gave up meanwhile). */
  | { kind: 'latency'; ms: number }
  /** A misconfigured proxy: `text/html` "Service Unavailable" page. `status` defaults to 200, the case that breaks naive JSON parsing. */
  | { kind: 'html'; status?: number }
  /** `200 application/json` with the first half of a success body. */
  | { kind: 'truncated-json' }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** Process the request (a grant is issued, a refresh token rotated), then destroy the socket: "sent, but the answer was lost". */
  | { kind: 'reset-after-processing' }
  /** Process the request, then wait `ms` before answering: the work is done even if the client times out. */
  | { kind: 'latency-after-processing'; ms: number }

export interface FaultInjection {
  /** Which endpoints: `/token`, or every API endpoint. */
  target: 'token' | 'api'
  fault: MockFault
  /** How many responses get the fault. Default 1, or `Infinity` when `probability` is set. `Infinity` until cleared. */
  count?: number
  /** Serve the fault to this fraction of matching requests (0..1) instead of the next N; lasts until cleared (or until `count` faults were served). */
  probability?: number
}

export interface MockClock {
  /** The emulator's current time, epoch ms. */
  now(): number
  /**
   * Move the emulator's clock forward, e.g. past token expiry.
   *
   * @throws {RangeError} when `ms` is not finite or would take the clock outside what `Date` can represent (nothing changes then).
   */
  advance(ms: number): void
  /**
   * Set the offset from the real clock.
   *
   * @throws {RangeError} when `ms` is not finite or would take the clock outside what `Date` can represent (nothing changes then).
   */
  setOffset(ms: number): void
  /** The current offset from the real clock, in ms. */
  offset(): number
}

export interface MockServer {
  /** Base URL including `basePath`, without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  readonly url: string
  readonly port: number
  readonly clock: MockClock
  /** A snapshot of the counters. */
  counters(): MockCounters
  /** Token requests received, oldest first (at most the last 1000). */
  tokenRequests(): RecordedTokenRequest[]
  injectFault(injection: FaultInjection): void
  clearFaults(): void
  /** Revoke every access token issued so far: the next API call with one gets 401. */
  revokeAccessTokens(): void
  /** Revoke every refresh token issued so far. */
  revokeRefreshTokens(): void
  /** Change a user's password (simulates a password rotation or a locked account). */
  setPassword(username: string, password: string): void
  /**
   * Grants a user a provider (every funding source) or one funding source of it, at once:
   * the next `GET /api/v1/access` and every resource call see it.
   *
   * @param providerName the provider's name (any case) or API key.
   * @throws {Error} when the user, the provider or the funding source is unknown.
   */
  grantAccess(username: string, providerName: string, fundingSourceId?: number): void
  /**
   * Revokes a provider (every funding source) or one funding source of it from a user, at
   * once: a provider revokes a data-sharing agreement. Calls with that key (or for that
   * funding source's trips and riders) then get 403.
   *
   * @throws {Error} when the user, the provider or the funding source is unknown.
   */
  revokeAccess(username: string, providerName: string, fundingSourceId?: number): void
  /** The providers and funding sources a user may act for now, with the API keys; `[]` for an unknown user. */
  accessOf(username: string): ProviderAccess[]
  /**
   * Moves a trip to a status (as a driver's app would), bumping its `sequence`.
   *
   * @throws {Error} when no trip has this GUID, or the status is unknown.
   */
  setTripStatus(tripGuid: string, status: TripStatus): void
  /** Zero the counters and the request log, leaving tokens, faults and data alone. */
  resetCounters(): void
  /** Back to the initial state: counters, faults, tokens, passwords, access claims, clock, riders and trips. */
  reset(): void
  close(): Promise<void>
}
