import { MediRoutesAuthError, type MediRoutesErrorCode } from '@mediroutes/auth-core'
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { MEDIROUTES_LOGGER_CONTEXT } from './mediroutes.constants.js'

/** Failures that may pass by themselves: the client should try again later. */
const UNAVAILABLE: ReadonlySet<MediRoutesErrorCode> = new Set<MediRoutesErrorCode>([
  'rate_limited',
  'timeout',
  'network_error',
  'server_error',
  'closed',
])

/** The body the filter answers with. It never carries the upstream message, which names configuration. */
export interface MediRoutesErrorBody {
  statusCode: 502 | 503
  error: 'Bad Gateway' | 'Service Unavailable'
  /** The `MediRoutesAuthError` code, e.g. `rate_limited`. */
  code: MediRoutesErrorCode
  message: string
}

/**
 * Turns a `MediRoutesAuthError` thrown from a route into a safe answer instead of Nest's 500:
 * `503 Service Unavailable` for `rate_limited`, `timeout`, `network_error`, `server_error` and
 * `closed` (with `Retry-After` when MediRoutes sent one), `502 Bad Gateway` for
 * `invalid_credentials`, `invalid_response`, `invalid_config` and anything else. The body holds the
 * status, the error `code` and a generic message; the full error (itself secret-free) is logged
 * through Nest's `Logger`. Other errors are left to the app's other filters.
 *
 * Register it globally with `{ provide: APP_FILTER, useClass: MediRoutesExceptionFilter }` or
 * `app.useGlobalFilters(new MediRoutesExceptionFilter(app.get(HttpAdapterHost)))`, or per
 * controller with `@UseFilters(MediRoutesExceptionFilter)`. HTTP only: in other contexts it
 * rethrows the error.
 */
// The core's class matches errors from its ESM and its CommonJS copy alike.
@Catch(MediRoutesAuthError)
export class MediRoutesExceptionFilter implements ExceptionFilter<MediRoutesAuthError> {
  readonly #logger = new Logger(MEDIROUTES_LOGGER_CONTEXT)
  readonly #adapterHost: HttpAdapterHost | undefined

  constructor(@Optional() @Inject(HttpAdapterHost) adapterHost?: HttpAdapterHost) {
    this.#adapterHost = adapterHost
  }

  catch(exception: MediRoutesAuthError, host: ArgumentsHost): void {
    const adapter = this.#adapterHost?.httpAdapter
    if (host.getType() !== 'http' || adapter === undefined) {
      // Without an HTTP adapter there is no safe way to answer: let Nest's own handler do it.
      throw exception
    }
    const unavailable = UNAVAILABLE.has(exception.code)
    const body: MediRoutesErrorBody = unavailable
      ? {
          statusCode: 503,
          error: 'Service Unavailable',
          code: exception.code,
          message: 'The MediRoutes API is unavailable right now; try again later.',
        }
      : {
          statusCode: 502,
          error: 'Bad Gateway',
          code: exception.code,
          message: 'The MediRoutes API could not be used; the server needs attention.',
        }
    this.#logger.warn(
      `request failed with ${body.statusCode}: ${JSON.stringify(exception.toJSON())}`,
    )
    const response: unknown = host.switchToHttp().getResponse()
    if (unavailable && exception.retryAfterMs !== undefined) {
      const seconds = Math.max(1, Math.ceil(exception.retryAfterMs / 1000))
      adapter.setHeader(response, 'Retry-After', String(seconds))
    }
    adapter.reply(response, body, body.statusCode)
  }
}
