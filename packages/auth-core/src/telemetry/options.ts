/**
 * OpenTelemetry settings of a client (`telemetry: true` takes the global providers). Typed
 * structurally so this package's types never require `@opentelemetry/api` to be installed.
 */
export interface MediRoutesTelemetryOptions {
  /** Where spans go. Default: the global tracer provider the OpenTelemetry SDK registered. */
  tracerProvider?: { getTracer(name: string, version?: string): unknown }
  /** Where metrics go. Default: the global meter provider the OpenTelemetry SDK registered. */
  meterProvider?: { getMeter(name: string, version?: string): unknown }
}

/** The `telemetry` client option: off unless `true` or an object. */
export type TelemetryOption = boolean | MediRoutesTelemetryOptions | undefined
