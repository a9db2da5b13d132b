import 'reflect-metadata'
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { AppModule } from './app.module.js'
import { consoleTracingRequested, startConsoleTracing } from './console-tracing.js'
import { RequestSpanInterceptor } from './request-span.interceptor.js'
import { type TripWebhooksOptions, withTripWebhooks } from './trip-webhooks/trip-webhooks.js'

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /** Nest logger or levels. Default: log, warn and error. */
  logger?: LoggerService | LogLevel[] | false
  /** Close the app (and so the MediRoutes client) on SIGINT/SIGTERM. Default true. */
  shutdownHooks?: boolean
  /** Receive trip webhooks and log each change. Default: off. */
  tripWebhooks?: TripWebhooksOptions | undefined
  /** Print spans and metrics on the console (the MediRoutes clients read `OTEL` too). Default: `OTEL=console`. */
  consoleTracing?: boolean
}

/**
 * Creates (but does not start) the dispatch app, configured from `MEDIROUTES_*`.
 * @throws {MediRoutesAuthError} `invalid_config` when `MEDIROUTES_*` is incomplete.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<INestApplication> {
  // Before the module: its MediRoutes clients record into the SDK registered when they start.
  const tracing = options.consoleTracing ?? consoleTracingRequested()
  if (tracing) startConsoleTracing()
  const app = await NestFactory.create(withTripWebhooks(AppModule, options.tripWebhooks), {
    logger: options.logger ?? ['log', 'warn', 'error'],
    abortOnError: false,
  })
  if (tracing) app.useGlobalInterceptors(new RequestSpanInterceptor())
  if (options.shutdownHooks ?? true) app.enableShutdownHooks()
  return app
}
