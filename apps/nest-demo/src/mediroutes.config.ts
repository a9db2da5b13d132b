import { type MediRoutesModuleOptions, mediRoutesOptionsFromEnv } from '@mediroutes/nestjs'
import type { ConfigService } from '@nestjs/config'

/**
 * MediRoutes options from `MEDIROUTES_*`, read through `ConfigService` (so `.env` files and
 * `ConfigModule` validation apply). Going through the core's reader keeps its error messages:
 * a missing variable fails the boot with `invalid_config` naming it.
 */
export function mediRoutesOptions(config: ConfigService): MediRoutesModuleOptions {
  const options = mediRoutesOptionsFromEnv({
    MEDIROUTES_BASE_URL: config.get<string>('MEDIROUTES_BASE_URL'),
    MEDIROUTES_USERNAME: config.get<string>('MEDIROUTES_USERNAME'),
    MEDIROUTES_PASSWORD: config.get<string>('MEDIROUTES_PASSWORD'),
    MEDIROUTES_CLIENT_ID: config.get<string>('MEDIROUTES_CLIENT_ID'),
  })
  return { ...options, telemetry: telemetryRequested(config) }
}

/**
 * The brokerage account's options: `MEDIROUTES_BROKER_USERNAME` and `MEDIROUTES_BROKER_PASSWORD`
 * on the same `MEDIROUTES_BASE_URL`. Without them, the broker routes use the client user's
 * account, so the service also runs against an account of one kind only.
 */
export function brokerOptions(config: ConfigService): MediRoutesModuleOptions {
  const options = mediRoutesOptionsFromEnv({
    MEDIROUTES_BASE_URL: config.get<string>('MEDIROUTES_BASE_URL'),
    MEDIROUTES_USERNAME:
      config.get<string>('MEDIROUTES_BROKER_USERNAME') ?? config.get<string>('MEDIROUTES_USERNAME'),
    MEDIROUTES_PASSWORD:
      config.get<string>('MEDIROUTES_BROKER_PASSWORD') ?? config.get<string>('MEDIROUTES_PASSWORD'),
    MEDIROUTES_CLIENT_ID: config.get<string>('MEDIROUTES_CLIENT_ID'),
  })
  return { ...options, telemetry: telemetryRequested(config) }
}

/** `OTEL=console` (see `console-tracing.ts`): the clients record spans and metrics through OpenTelemetry. */
function telemetryRequested(config: ConfigService): boolean {
  return config.get<string>('OTEL') === 'console'
}
