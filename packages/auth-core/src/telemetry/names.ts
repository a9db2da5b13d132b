/**
 * The names this package's spans, metrics and attributes carry. HTTP attributes follow the
 * OpenTelemetry semantic conventions; the rest are `mediroutes.*`. None of them ever holds a
 * secret: no token, password, API key or username, and URLs without their query string.
 */

/** The instrumentation scope of every tracer and meter. */
export const INSTRUMENTATION_SCOPE = '@mediroutes/auth-core'

/** The span of one token request: a grant with its retries. */
export const TOKEN_SPAN = 'mediroutes.token'
/** A span event for each attempt of a token request that failed. */
export const TOKEN_ATTEMPT_FAILED_EVENT = 'mediroutes.token.attempt_failed'

export const ATTR = {
  grant: 'mediroutes.token.grant',
  outcome: 'mediroutes.token.outcome',
  attempts: 'mediroutes.token.attempts',
  passwordFallback: 'mediroutes.token.password_fallback',
  endpoint: 'mediroutes.endpoint',
  replayAfter401: 'mediroutes.api.replay_after_401',
  rateLimitWaitMs: 'mediroutes.api.rate_limit_wait_ms',
  errorType: 'error.type',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  resendCount: 'http.request.resend_count',
  urlPath: 'url.path',
  urlScheme: 'url.scheme',
  serverAddress: 'server.address',
  serverPort: 'server.port',
} as const

export const METRIC = {
  tokenRequests: 'mediroutes.token.requests',
  tokenRequestDuration: 'mediroutes.token.request.duration',
  refreshes: 'mediroutes.token.refreshes',
  replaysAfter401: 'mediroutes.api.replays_after_401',
  rateLimitWaits: 'mediroutes.rate_limit.waits',
  rateLimitWaitDuration: 'mediroutes.rate_limit.wait.duration',
} as const
