import mediRoutes, {
  type MediRoutesPluginOptions,
  mediRoutesErrorHandler,
} from '@mediroutes/fastify'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { dispatchRoutes } from './dispatch-routes.js'
import { healthRoute } from './health-route.js'
import { traceRequests } from './request-spans.js'
import {
  type TripWebhooksOptions,
  tripWebhooks,
  tripWebhooksFromEnv,
} from './trip-webhooks/trip-webhooks.js'

export interface AppOptions {
  /** The client user's options of `@mediroutes/fastify`. Default: none, so it reads `MEDIROUTES_*`. */
  mediroutes?: MediRoutesPluginOptions
  /** The brokerage user's options (registered as the `broker` namespace). Default: {@link brokerFromEnv}. */
  broker?: MediRoutesPluginOptions
  /** Fastify's logger option. Default: JSON lines at `info`. */
  logger?: FastifyServerOptions['logger']
  /** Receive trip webhooks and log each change. Default: {@link tripWebhooksFromEnv}, off without a secret. */
  tripWebhooks?: TripWebhooksOptions | undefined
  /** Spans and metrics through OpenTelemetry, whose SDK must be registered first. Default false. */
  telemetry?: boolean
}

/**
 * The brokerage account from `MEDIROUTES_BROKER_USERNAME` and `MEDIROUTES_BROKER_PASSWORD`, on
 * `MEDIROUTES_BASE_URL`. Without them, the broker routes use the client user's account too.
 */
export function brokerFromEnv(env: NodeJS.ProcessEnv = process.env): MediRoutesPluginOptions {
  const username = env.MEDIROUTES_BROKER_USERNAME
  const password = env.MEDIROUTES_BROKER_PASSWORD
  // Without a broker account, { namespace } alone reads MEDIROUTES_* like the client user.
  if (username === undefined || password === undefined) return { namespace: 'broker' }
  const baseUrl = env.MEDIROUTES_BASE_URL
  return { namespace: 'broker', username, password, ...(baseUrl === undefined ? {} : { baseUrl }) }
}

/** `options` with OpenTelemetry on, unless they bring a client made with options of its own. */
function withTelemetry(options: MediRoutesPluginOptions, on: boolean): MediRoutesPluginOptions {
  if (!on || options.client !== undefined) return options
  return { ...options, telemetry: true } as MediRoutesPluginOptions
}

/**
 * The dispatch API, ready to listen: a client user's routes and a brokerage user's routes.
 * @throws {MediRoutesAuthError} `invalid_config` when the MediRoutes settings are missing or wrong.
 */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? { level: 'info' } })
  app.setErrorHandler(mediRoutesErrorHandler)
  const telemetry = options.telemetry === true
  if (telemetry) traceRequests(app)
  await app.register(mediRoutes, withTelemetry(options.mediroutes ?? {}, telemetry))
  await app.register(mediRoutes, {
    ...withTelemetry(options.broker ?? brokerFromEnv(), telemetry),
    namespace: 'broker',
  })
  await app.register(dispatchRoutes)
  await app.register(healthRoute)
  const webhooks = 'tripWebhooks' in options ? options.tripWebhooks : tripWebhooksFromEnv()
  if (webhooks !== undefined) await app.register(tripWebhooks, webhooks)
  return app
}
