import type { Meter, Tracer } from '@opentelemetry/api'
import type { GrantLoop, GrantResult } from '../grant-loop.js'
import type { Logger } from '../logger.js'
import { ApiCallTelemetry, type SendAttempt } from './api-call-tracing.js'
import { createInstruments, type Instruments } from './instruments.js'
import { loadOpenTelemetryApi, type OtelApi } from './load-api.js'
import { INSTRUMENTATION_SCOPE } from './names.js'
import type { TelemetryOption } from './options.js'
import { runTracedGrantLoop } from './token-tracing.js'

/**
 * A client's OpenTelemetry hooks. A client without telemetry holds `undefined` instead, so its
 * calls pay one comparison and `@opentelemetry/api` is never loaded.
 */
export class ClientTelemetry {
  readonly #api: OtelApi
  readonly #tracer: Tracer
  readonly #instruments: Instruments

  constructor(api: OtelApi, tracer: Tracer, meter: Meter) {
    this.#api = api
    this.#tracer = tracer
    this.#instruments = createInstruments(meter)
  }

  /** The grant and its retries, in a `mediroutes.token` span. */
  readonly runGrantLoop = (loop: GrantLoop): Promise<GrantResult> =>
    runTracedGrantLoop(this.#api, this.#tracer, this.#instruments, loop)

  /** The hooks of one `client.fetch` call; `sendAttempt` sends one HTTP attempt. */
  apiCall<A extends unknown[]>(
    url: URL,
    method: string,
    sendAttempt: SendAttempt<A>,
  ): ApiCallTelemetry<A> {
    return new ApiCallTelemetry(
      this.#api,
      this.#tracer,
      this.#instruments,
      url,
      method,
      sendAttempt,
    )
  }
}

let warnedMissingApi = false

/**
 * The telemetry a client asked for with its `telemetry` option, or `undefined` when it did not
 * ask or `@opentelemetry/api` is not installed (said once per process, at `warn`).
 */
export function createClientTelemetry(
  option: TelemetryOption,
  logger: Logger,
): ClientTelemetry | undefined {
  if (option === undefined || option === false) return undefined
  const api = loadOpenTelemetryApi()
  if (api === undefined) {
    if (!warnedMissingApi) {
      warnedMissingApi = true
      logger.warn(
        {},
        'MediRoutes telemetry was requested but @opentelemetry/api is not installed; no spans or metrics are recorded',
      )
    }
    return undefined
  }
  const settings = option === true ? {} : option
  const tracer = (settings.tracerProvider ?? api.trace).getTracer(INSTRUMENTATION_SCOPE) as Tracer
  const meter = (settings.meterProvider ?? api.metrics).getMeter(INSTRUMENTATION_SCOPE) as Meter
  return new ClientTelemetry(api, tracer, meter)
}
