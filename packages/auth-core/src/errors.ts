import { gatewayStatus } from './http-status.js'

/** Why a MediRoutes call failed. Branch on this, not on `instanceof`. */
export type MediRoutesErrorCode =
  | 'invalid_config'
  | 'invalid_credentials'
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  | 'timeout'
  | 'invalid_response'
  | 'closed'
  /** The API answered an error status for a call (see `status`). */
  | 'api_error'
  /** The API refused a provider key or a resource outside the account's claims (HTTP 403). */
  | 'access_denied'
  /** No provider of that name or key is in the account's claims. */
  | 'unknown_provider'

/** Options for {@link MediRoutesAuthError}. */
export interface MediRoutesAuthErrorOptions {
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number
  /** How long the server asked us to wait (from `Retry-After`), in ms. */
  retryAfterMs?: number
  /** A non-secret underlying error, kept for debugging. */
  cause?: unknown
}

const BRAND = Symbol.for('@mediroutes/auth-core/MediRoutesAuthError')

/**
 * The only error type the SDK throws for token and configuration problems.
 *
 * Messages say what to fix and never contain a password, access token or refresh token.
 * When both the ESM and the CommonJS copy of the package are loaded, `instanceof` can be
 * wrong: use {@link isMediRoutesAuthError} and `error.code`.
 */
export class MediRoutesAuthError extends Error {
  override readonly name = 'MediRoutesAuthError'
  readonly code: MediRoutesErrorCode
  /** HTTP status MediRoutes answered with (the upstream's, e.g. 401 for refused credentials). */
  readonly status?: number
  readonly retryAfterMs?: number
  /**
   * The status a gateway should answer its own caller with, the same as `toHttpError(error).status`:
   * 500 for `invalid_config`, 403 for `access_denied` and `unknown_provider`, 503 when trying later
   * may help, 504 for `timeout`, the API's own 400/404/409/410/422 for `api_error`, 502 otherwise.
   * Frameworks that answer unhandled errors with `error.statusCode` (Fastify) then never pass
   * MediRoutes' 401 on to your users.
   */
  readonly statusCode: number

  constructor(
    code: MediRoutesErrorCode,
    message: string,
    options: MediRoutesAuthErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.statusCode = gatewayStatus(code, options.status)
    if (options.status !== undefined) this.status = options.status
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs
    Object.defineProperty(this, BRAND, { value: true })
  }

  /**
   * `instanceof MediRoutesAuthError` holds for errors from either copy (ESM or CommonJS) of this
   * package, so frameworks that match errors by class (Nest's `@Catch`) see them all.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep the ordinary prototype check; `this` is whichever class is asked.
    // biome-ignore lint/complexity/noThisInStatic: the receiver decides which check applies
    if (this !== MediRoutesAuthError)
      // biome-ignore lint/complexity/noThisInStatic: the receiver decides which check applies
      return Function.prototype[Symbol.hasInstance].call(this, value)
    return isMediRoutesAuthError(value)
  }

  /** Plain, secret-free form for logs and API answers. */
  toJSON(): {
    name: string
    code: MediRoutesErrorCode
    message: string
    status?: number
    retryAfterMs?: number
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    }
  }
}

/** True for a {@link MediRoutesAuthError} from any copy (ESM or CommonJS) of this package. */
export function isMediRoutesAuthError(value: unknown): value is MediRoutesAuthError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  )
}

/** An `invalid_config` error: the message names the option to fix and never holds a secret. */
export function configError(message: string): MediRoutesAuthError {
  return new MediRoutesAuthError('invalid_config', message)
}
