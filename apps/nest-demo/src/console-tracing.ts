import { metrics } from '@opentelemetry/api'
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import {
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node'

/** `OTEL=console`: print spans as they end, and metrics every 10 s, on stdout. */
export function consoleTracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.OTEL === 'console'
}

let started = false

/**
 * Registers an OpenTelemetry SDK that prints to the console, before any MediRoutes client is
 * created (an instrumentation records into the providers registered when it starts). A real
 * service registers its own exporter (OTLP) the same way.
 */
export function startConsoleTracing(): void {
  if (started) return
  started = true
  // Also registers the AsyncLocalStorage context manager, so spans nest under the request's.
  new NodeTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
  }).register()
  metrics.setGlobalMeterProvider(
    new MeterProvider({
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new ConsoleMetricExporter(),
          exportIntervalMillis: 10_000,
        }),
      ],
    }),
  )
}
