import { type HttpErrorCode, MediRoutesAuthError } from '@mediroutes/auth-core'
import { httpErrorBody, httpErrorHeaders } from '@mediroutes/auth-core/internal'
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

/** The body the filter answers with, the same in every MediRoutes adapter. It never carries the upstream message, which names configuration. */
export interface MediRoutesErrorBody {
  /** The HTTP status, from the core's one mapping (`toHttpError`). */
  statusCode: number
  /** The status's reason phrase, e.g. `Service Unavailable`. */
  error: string
  /** The `MediRoutesAuthError` code, e.g. `rate_limited`. */
  code: HttpErrorCode
  message: string
}

/**
 * Turns a `MediRoutesAuthError` thrown from a route into a safe answer instead of Nest's 500,
 * with the core's one mapping (`toHttpError` from `@mediroutes/auth-core`), so a Nest app answers
 * a failure exactly as a Fastify or Next.js app does: 503 for `invalid_credentials`,
 * `rate_limited`, `network_error` and `closed` (with `Retry-After` when MediRoutes sent one), 504
 * for `timeout`, 502 for `invalid_response`, `server_error` and `api_error`, the API's own
 * 400/404/409/410/422 for an `api_error` the caller caused, 403 for `access_denied` and
 * `unknown_provider`, 500 for `invalid_config`. The body holds the status, the error `code` and a
 * message written for the caller; the full error (itself secret-free) is logged through Nest's
 * `Logger`. Other errors are left to the app's other filters.
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
    const body: MediRoutesErrorBody = httpErrorBody(exception)
    this.#logger.warn(
      `request failed with ${body.statusCode}: ${JSON.stringify(exception.toJSON())}`,
    )
    const response: unknown = host.switchToHttp().getResponse()
    for (const [name, value] of Object.entries(httpErrorHeaders(exception)))
      adapter.setHeader(response, name, value)
    adapter.reply(response, body, body.statusCode)
  }
}
