import * as oidc from 'openid-client'
import { MediRoutesAuthError } from './errors.js'
import type { ResolvedOptions } from './options.js'
import { parseRetryAfter } from './retry.js'
import type { TokenRequestPacer } from './token-request-pacer.js'
import { toTokenSet } from './token-response.js'
import type { TokenSet } from './token-set.js'

/** A grant to send to `/token`. */
export type Grant = { type: 'password' } | { type: 'refresh'; refreshToken: string }

/** Error codes whose request may have reached the server and changed its state. */
const UNSENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
])

/** What one HTTP attempt left behind, captured by the fetch wrapper for classification. */
interface AttemptRecord {
  response?: Response
  fetchError?: unknown
  timedOut: boolean
}

/** A token-endpoint failure, with what the retry logic needs to know. */
export class TokenAttemptError extends MediRoutesAuthError {
  /** True when the request may have been processed although no answer was read. */
  outcomeUnknown = false
  /** True for a 400/401 answer: the credentials or refresh token were refused. */
  rejected = false
}

/**
 * Sends single grant attempts to `{baseUrl}/token` through openid-client.
 * The body holds exactly the documented fields, plus `client_id` only when configured.
 */
export class TokenEndpoint {
  readonly #options: ResolvedOptions
  readonly #config: oidc.Configuration
  readonly #pacer: TokenRequestPacer

  constructor(options: ResolvedOptions, pacer: TokenRequestPacer) {
    this.#options = options
    this.#pacer = pacer
    const clientId = options.clientId
    // openid-client's default client authentication always adds client_id; MediRoutes documents none.
    const clientAuth: oidc.ClientAuth = (_as, _client, body) => {
      if (clientId !== undefined) body.set('client_id', clientId)
    }
    this.#config = new oidc.Configuration(
      { issuer: options.baseUrl, token_endpoint: options.tokenEndpoint },
      clientId ?? 'mediroutes-sdk',
      undefined,
      clientAuth,
    )
    // Our own per-attempt timeout governs; keep openid-client's from firing first.
    this.#config.timeout = Math.ceil(options.timeoutMs / 1000) + 5
    if (options.insecure) oidc.allowInsecureRequests(this.#config)
  }

  /** Runs the user's hook (a fleet budget); its failure must not stop the grant. */
  async #beforeTokenRequest(url: string, signal: AbortSignal): Promise<void> {
    const hook = this.#options.beforeTokenRequest
    if (hook === undefined) return
    try {
      await hook(url, signal)
    } catch (error) {
      if (signal.aborted) throw error
      this.#options.logger.warn(
        {},
        'MediRoutes beforeTokenRequest hook failed; sending the token request anyway',
      )
    }
  }

  /**
   * Sends one attempt. Resolves to the token set; rejects with a {@link TokenAttemptError}, or with
   * `signal.reason` when the caller aborted.
   */
  async send(grant: Grant, signal: AbortSignal): Promise<TokenSet> {
    const record: AttemptRecord = { timedOut: false }
    let timeout: AbortSignal | undefined
    let sentAt = Date.now()
    // One attempt at a time per manager, so a per-attempt fetch wrapper is safe.
    this.#config[oidc.customFetch] = async (url, init) => {
      // Book the pacing slot right before the bytes leave, so the pace holds as the server counts it.
      await this.#pacer.take(signal)
      await this.#beforeTokenRequest(url, signal)
      timeout = AbortSignal.timeout(this.#options.timeoutMs)
      sentAt = Date.now()
      const signals = [timeout, signal, init.signal].filter(
        (s): s is AbortSignal => s instanceof AbortSignal,
      )
      try {
        const response = await this.#options.fetch(url, {
          ...init,
          signal: AbortSignal.any(signals),
        } as RequestInit)
        record.response = response
        return response
      } catch (error) {
        record.fetchError = error
        throw error
      }
    }
    try {
      const response =
        grant.type === 'password'
          ? await oidc.genericGrantRequest(this.#config, 'password', {
              username: this.#options.username,
              password: await this.#options.password(),
            })
          : await oidc.refreshTokenGrant(this.#config, grant.refreshToken)
      const parsed = toTokenSet(
        response as unknown as Record<string, unknown>,
        sentAt,
        this.#options.logger,
      )
      if (typeof parsed === 'string') {
        throw attemptError('invalid_response', parsed, { status: 200, outcomeUnknown: true })
      }
      return parsed
    } catch (error) {
      if (signal.aborted) throw signal.reason
      record.timedOut = timeout?.aborted === true
      if (error instanceof MediRoutesAuthError) throw error
      throw classify(grant, record, this.#options.tokenEndpoint)
    }
  }
}

function attemptError(
  code: ConstructorParameters<typeof MediRoutesAuthError>[0],
  message: string,
  extra: {
    status?: number
    retryAfterMs?: number
    outcomeUnknown?: boolean
    rejected?: boolean
  } = {},
): TokenAttemptError {
  const error = new TokenAttemptError(code, message, {
    ...(extra.status === undefined ? {} : { status: extra.status }),
    ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
  })
  error.outcomeUnknown = extra.outcomeUnknown === true
  error.rejected = extra.rejected === true
  return error
}

/** Turns whatever openid-client or fetch threw into a typed, secret-free error. */
function classify(grant: Grant, record: AttemptRecord, endpoint: string): TokenAttemptError {
  const what = grant.type === 'password' ? 'password grant' : 'refresh grant'
  if (record.timedOut) {
    return attemptError('timeout', `the ${what} to ${endpoint} timed out`, {
      outcomeUnknown: true,
      ...(record.response ? { status: record.response.status } : {}),
    })
  }
  const response = record.response
  if (response === undefined) {
    const code = networkErrorCode(record.fetchError)
    return attemptError(
      'network_error',
      `the ${what} to ${endpoint} failed: ${code ?? 'network error'}`,
      {
        outcomeUnknown: code === undefined || !UNSENT_NETWORK_CODES.has(code),
      },
    )
  }
  const status = response.status
  if (status === 200) {
    const type = response.headers.get('content-type') ?? 'no content type'
    return attemptError(
      'invalid_response',
      `the token endpoint answered 200 with an unusable body (${type}); expected a JSON token response`,
      {
        status,
        outcomeUnknown: true,
      },
    )
  }
  if (status === 400 || status === 401) {
    return attemptError(
      'invalid_credentials',
      grant.type === 'password'
        ? `MediRoutes refused the username or password (HTTP ${status}); check the username and password (the options, or MEDIROUTES_USERNAME and MEDIROUTES_PASSWORD)`
        : `MediRoutes refused the refresh token (HTTP ${status})`,
      { status, rejected: true },
    )
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
    return attemptError(
      'rate_limited',
      `the token endpoint is rate limiting this client (HTTP 429)`,
      {
        status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    )
  }
  if (status === 404 || status === 405) {
    return attemptError(
      'invalid_config',
      `no token endpoint at ${endpoint} (HTTP ${status}); check baseUrl`,
      { status },
    )
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
    return attemptError('server_error', `the token endpoint failed with HTTP ${status}`, {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    })
  }
  return attemptError(
    'invalid_response',
    `the token endpoint answered HTTP ${status}, which is not a token response`,
    { status },
  )
}

function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
