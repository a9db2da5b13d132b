import { errorClassName } from './describe-error.js'
import { configError } from './errors.js'
import { checkLogger, type Logger } from './logger.js'
import { MemoryTokenStore } from './memory-token-store.js'
import {
  DEFAULT_API_RATE_LIMIT,
  DEFAULT_TOKEN_RATE_LIMIT,
  type RateLimitOption,
  type RequestBudget,
  resolveRateLimit,
} from './request-budget.js'
import type { MediRoutesTelemetryOptions } from './telemetry/options.js'
import type { TokenStore } from './token-store.js'

/** The production root URL. */
export const DEFAULT_BASE_URL = 'https://api.mediroutes.com'

/** Options for {@link createMediRoutesClient}. */
export interface MediRoutesClientOptions {
  /** The API's root URL; may carry a path prefix. Default `https://api.mediroutes.com`. */
  baseUrl?: string
  /** MediRoutes username. Required. */
  username: string
  /** MediRoutes password, or a function returning it (read at every password grant, so a secrets manager can rotate it). Required. */
  password: string | (() => string | Promise<string>)
  /** OAuth client id; sent as `client_id` only when set. */
  clientId?: string
  /** Where tokens live. Default: a new {@link MemoryTokenStore}. */
  store?: TokenStore
  /** Refresh once less than this many ms of the access token remain (at most half its life). Default 300000 (5 min). */
  refreshWindowMs?: number
  /**
   * Refresh window in seconds.
   * @deprecated Use `refreshWindowMs` (every duration option is in ms). Still works in 0.x, with a one-time warning.
   */
  refreshWindowSeconds?: number
  /** Timeout of each HTTP attempt, in ms. Default 10000. */
  timeoutMs?: number
  /** Retries after the first attempt, for the token endpoint and for retryable API answers. Default 3. */
  maxRetries?: number
  /** After a rejected password, fail fast for this long without calling `/token`, in ms. Default 60000. */
  invalidCredentialsCooldownMs?: number
  /** Longest `Retry-After` the client waits for before giving up with `rate_limited`, in ms. Default 30000. */
  maxRetryAfterMs?: number
  /** Transport override. Default: the global `fetch`. */
  fetch?: typeof fetch
  /**
   * Limit on `/token` requests: `{ requests, windowMs }` (shared by every client of this process
   * that talks to the same host), a `RequestBudget` such as `@mediroutes/redis-store`'s
   * `createRedisTokenBudget(...)` for a whole fleet, or `false` for none. Default 10 per 61 000 ms:
   * the stricter of the vendor's two readings (10 per minute), which costs nothing at one grant a day.
   */
  tokenRateLimit?: RateLimitOption
  /**
   * Limit on API requests (everything but `/token`), in the same forms as `tokenRateLimit`.
   * Default 300 per 1 100 ms per process: the vendor's per-second reading, since its per-minute
   * reading would cap every user at 5 requests a second. A server enforcing the per-minute reading
   * is survived by the adaptive 429 handling (`Retry-After`, backoff, a shared pause). `false`
   * costs nothing on the hot path.
   */
  apiRateLimit?: RateLimitOption
  /**
   * Longest time one API call waits in total for rate limits (429 answers and the pauses they
   * cause) before it gives up and returns the 429, in ms. Default 120000: two per-minute windows.
   */
  maxRateLimitWaitMs?: number
  /**
   * Awaited before each request to `/token`, before its timeout starts. A hook that throws is
   * logged and skipped, so a broken budget never stops the client from getting a token.
   * @deprecated Pass the budget as `tokenRateLimit` (e.g. `tokenRateLimit: createRedisTokenBudget(...)`);
   * this hook keeps working.
   */
  beforeTokenRequest?: (tokenEndpoint: string, signal: AbortSignal) => Promise<void>
  /** pino-style logger. Default: silent. */
  logger?: Logger
  /** Accept `http://` for non-loopback hosts. Default false: plain HTTP would expose the password. */
  allowInsecureHttp?: boolean
  /**
   * OpenTelemetry spans and metrics for token requests and API calls, through the optional peer
   * `@opentelemetry/api`: `true` for the global providers, or your own providers. Default off:
   * `@opentelemetry/api` is then never loaded. Missing peer: a warning, and the client works as without.
   */
  telemetry?: boolean | MediRoutesTelemetryOptions
}

/** Options after validation, with defaults applied. */
export interface ResolvedOptions {
  baseUrl: string
  tokenEndpoint: string
  username: string
  password: () => Promise<string>
  clientId: string | undefined
  store: TokenStore
  storeIsOwned: boolean
  refreshWindowMs: number
  timeoutMs: number
  maxRetries: number
  invalidCredentialsCooldownMs: number
  maxRetryAfterMs: number
  fetch: typeof fetch
  beforeTokenRequest: ((tokenEndpoint: string, signal: AbortSignal) => Promise<void>) | undefined
  /** `undefined` when limits are off. */
  tokenBudget: RequestBudget | undefined
  /** `undefined` when limits are off: the hot path then skips the budget entirely. */
  apiBudget: RequestBudget | undefined
  maxRateLimitWaitMs: number
  logger: Logger
  insecure: boolean
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw configError(`${name} must be a non-negative number (got ${String(value)})`)
  }
  return value
}

/** Timers hold at most 2^31-1 ms; an hour is far beyond any sensible wait and keeps every timer exact. */
const MAX_TIMEOUT_MS = 3_600_000

function wholeNumber(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw configError(`${name} must be a whole number from ${min} to ${max} (got ${String(value)})`)
  }
  return value
}

function isLoopback(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) || hostname.startsWith('127.') || hostname.endsWith('.localhost')
  )
}

/** Parses the base URL, dropping a trailing slash so `${baseUrl}/token` is right with or without a path prefix. */
function resolveBaseUrl(
  raw: string | undefined,
  allowInsecureHttp: boolean,
): { baseUrl: string; insecure: boolean } {
  const text = raw ?? DEFAULT_BASE_URL
  if (typeof text !== 'string' || text.trim() === '') {
    throw configError(
      'baseUrl must be a non-empty URL such as https://api.mediroutes.com (or set MEDIROUTES_BASE_URL)',
    )
  }
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    // The value may hold credentials (`https://user:secret@…`): never echo it.
    throw configError('baseUrl is not a valid URL (expected e.g. https://api.mediroutes.com)')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(`baseUrl must use https:// (got ${url.protocol}//)`)
  }
  if (url.username !== '' || url.password !== '') {
    throw configError('baseUrl must not contain credentials; pass username and password as options')
  }
  if (url.search !== '' || url.hash !== '') {
    throw configError('baseUrl must not contain a query string or fragment')
  }
  const insecure = url.protocol === 'http:'
  if (insecure && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw configError(
      `baseUrl uses http:// for ${url.hostname}, which would send the password in clear text; use https:// or pass allowInsecureHttp: true`,
    )
  }
  return { baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, insecure }
}

/**
 * Validates options and applies defaults.
 * @throws {MediRoutesAuthError} `invalid_config`, naming the option to fix.
 */
export function resolveOptions(options: MediRoutesClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw configError('options are required: createMediRoutesClient({ username, password })')
  }
  const { username, password } = options
  if (typeof username !== 'string' || username.trim() === '') {
    throw configError('username is required (set MEDIROUTES_USERNAME or pass `username`)')
  }
  if (typeof password === 'string') {
    if (password === '')
      throw configError('password is required (set MEDIROUTES_PASSWORD or pass `password`)')
  } else if (typeof password !== 'function') {
    throw configError(
      'password is required: a string or a function returning one (set MEDIROUTES_PASSWORD or pass `password`)',
    )
  }
  if (
    options.clientId !== undefined &&
    (typeof options.clientId !== 'string' || options.clientId === '')
  ) {
    throw configError('clientId, when given, must be a non-empty string')
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw configError(
      'fetch, when given, must be a function with the signature of the global fetch',
    )
  }
  if (
    options.beforeTokenRequest !== undefined &&
    typeof options.beforeTokenRequest !== 'function'
  ) {
    throw configError(
      'beforeTokenRequest, when given, must be a function (tokenEndpoint, signal) => Promise<void>',
    )
  }
  if (options.store !== undefined && !isStore(options.store)) {
    throw configError('store must implement get, set and delete (see TokenStore)')
  }
  const { baseUrl, insecure } = resolveBaseUrl(options.baseUrl, options.allowInsecureHttp === true)
  const timeoutMs = wholeNumber('timeoutMs', options.timeoutMs, 10_000, 1, MAX_TIMEOUT_MS)
  const maxRetryAfterMs = wholeNumber(
    'maxRetryAfterMs',
    options.maxRetryAfterMs,
    30_000,
    0,
    MAX_TIMEOUT_MS,
  )
  const host = new URL(baseUrl).host
  return {
    baseUrl,
    tokenEndpoint: `${baseUrl}/token`,
    username: username.trim(),
    password: passwordReader(password),
    clientId: options.clientId,
    store: options.store ?? new MemoryTokenStore(),
    storeIsOwned: options.store === undefined,
    refreshWindowMs: refreshWindowMs(options),
    timeoutMs,
    maxRetries: wholeNumber('maxRetries', options.maxRetries, 3, 0, 100),
    invalidCredentialsCooldownMs: nonNegative(
      'invalidCredentialsCooldownMs',
      options.invalidCredentialsCooldownMs,
      60_000,
    ),
    maxRetryAfterMs,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    beforeTokenRequest: options.beforeTokenRequest,
    tokenBudget: resolveRateLimit(
      'tokenRateLimit',
      options.tokenRateLimit,
      DEFAULT_TOKEN_RATE_LIMIT,
      host,
    ),
    apiBudget: resolveRateLimit('apiRateLimit', options.apiRateLimit, DEFAULT_API_RATE_LIMIT, host),
    maxRateLimitWaitMs: wholeNumber(
      'maxRateLimitWaitMs',
      options.maxRateLimitWaitMs,
      120_000,
      0,
      MAX_TIMEOUT_MS,
    ),
    logger: checkLogger(options.logger),
    insecure,
  }
}

let warnedRefreshWindowSeconds = false

/** `refreshWindowMs`, or the deprecated `refreshWindowSeconds` (warned about once per process). */
function refreshWindowMs(options: MediRoutesClientOptions): number {
  if (options.refreshWindowSeconds === undefined)
    return nonNegative('refreshWindowMs', options.refreshWindowMs, 300_000)
  if (options.refreshWindowMs !== undefined) {
    throw configError(
      'pass refreshWindowMs only; refreshWindowSeconds is its deprecated name in seconds',
    )
  }
  if (!warnedRefreshWindowSeconds) {
    warnedRefreshWindowSeconds = true
    globalThis.process?.emitWarning?.(
      'refreshWindowSeconds is deprecated; use refreshWindowMs (milliseconds)',
      { type: 'DeprecationWarning', code: 'MEDIROUTES_REFRESH_WINDOW_SECONDS' },
    )
  }
  return nonNegative('refreshWindowSeconds', options.refreshWindowSeconds, 300) * 1000
}

function isStore(value: unknown): value is TokenStore {
  const s = value as Record<string, unknown> | null
  return (
    typeof s === 'object' &&
    s !== null &&
    ['get', 'set', 'delete'].every((m) => typeof s[m] === 'function')
  )
}

function passwordReader(
  password: string | (() => string | Promise<string>),
): () => Promise<string> {
  if (typeof password === 'string') return async () => password
  return async () => {
    let value: unknown
    try {
      value = await password()
    } catch (error) {
      // The provider's error may quote the password (a vault's message, JSON.parse's): name its
      // class only, and never keep it as `cause`, which `console.error` would print in full.
      throw configError(
        `the password function threw ${errorClassName(error)}; check the secrets provider`,
      )
    }
    if (typeof value !== 'string' || value === '') {
      throw configError('the password function must return a non-empty string')
    }
    return value
  }
}

/** The environment variables read by {@link mediRoutesOptionsFromEnv}. */
export interface MediRoutesEnv {
  MEDIROUTES_BASE_URL?: string
  MEDIROUTES_USERNAME?: string
  MEDIROUTES_PASSWORD?: string
  MEDIROUTES_CLIENT_ID?: string
  [name: string]: string | undefined
}

/**
 * Reads client options from `MEDIROUTES_BASE_URL`, `MEDIROUTES_USERNAME`, `MEDIROUTES_PASSWORD`
 * and `MEDIROUTES_CLIENT_ID`. Default env: `process.env`.
 * @throws {MediRoutesAuthError} `invalid_config` naming the missing variable.
 */
export function mediRoutesOptionsFromEnv(
  env: MediRoutesEnv = process.env,
): MediRoutesClientOptions {
  const username = env.MEDIROUTES_USERNAME?.trim()
  const password = env.MEDIROUTES_PASSWORD
  if (!username)
    throw configError('MEDIROUTES_USERNAME is not set (or pass `username` in the options)')
  if (!password)
    throw configError('MEDIROUTES_PASSWORD is not set (or pass `password` in the options)')
  const options: MediRoutesClientOptions = { username, password }
  const baseUrl = env.MEDIROUTES_BASE_URL?.trim()
  if (baseUrl) options.baseUrl = baseUrl
  const clientId = env.MEDIROUTES_CLIENT_ID?.trim()
  if (clientId) options.clientId = clientId
  return options
}

/** The connection options the environment can supply, and their variables. */
const ENVIRONMENT_OPTIONS = {
  baseUrl: 'MEDIROUTES_BASE_URL',
  username: 'MEDIROUTES_USERNAME',
  password: 'MEDIROUTES_PASSWORD',
  clientId: 'MEDIROUTES_CLIENT_ID',
} as const

/** `process.env` where there is one (Node.js), nothing elsewhere (an edge runtime). */
function processEnv(): MediRoutesEnv {
  return (globalThis as { process?: { env?: MediRoutesEnv } }).process?.env ?? {}
}

/**
 * The options rule every adapter and the CLI follow: each of `baseUrl`, `username`, `password`
 * and `clientId` that you pass wins; each one you leave out (or pass as `undefined`) is read from
 * `MEDIROUTES_BASE_URL`, `MEDIROUTES_USERNAME`, `MEDIROUTES_PASSWORD` and `MEDIROUTES_CLIENT_ID`.
 * Empty variables count as unset. Nothing is required here: the client's own checks name what is
 * still missing. Keys set to `undefined` are dropped.
 */
export function withEnvironment<T extends object>(
  options: T,
  env: MediRoutesEnv = processEnv(),
): T & Partial<MediRoutesClientOptions> {
  const merged = withoutUndefined(options) as Record<string, unknown>
  for (const [option, variable] of Object.entries(ENVIRONMENT_OPTIONS)) {
    if (merged[option] !== undefined) continue
    const raw = env[variable]
    // A password's spaces are its own; the other values are trimmed.
    const value = option === 'password' ? raw : raw?.trim()
    if (value) merged[option] = value
  }
  return merged as T & Partial<MediRoutesClientOptions>
}

/** A copy of `value` without the keys set to `undefined`, so an unset value does not hide a default. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
