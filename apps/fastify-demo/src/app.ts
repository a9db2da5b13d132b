import mediRoutes, {
  type MediRoutesPluginOptions,
  mediRoutesErrorHandler,
} from '@mediroutes/fastify'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { dispatchRoutes } from './dispatch-routes.js'
import { healthRoute } from './health-route.js'

export interface AppOptions {
  /** Options of `@mediroutes/fastify`. Default: none, so it reads `MEDIROUTES_*`. */
  mediroutes?: MediRoutesPluginOptions
  /** Fastify's logger option. Default: JSON lines at `info`. */
  logger?: FastifyServerOptions['logger']
}

/**
 * The dispatch API, ready to listen.
 * @throws {MediRoutesAuthError} `invalid_config` when the MediRoutes settings are missing or wrong.
 */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? { level: 'info' } })
  app.setErrorHandler(mediRoutesErrorHandler)
  await app.register(mediRoutes, options.mediroutes ?? {})
  await app.register(dispatchRoutes)
  await app.register(healthRoute)
  return app
}
