import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import {
  addClient,
  asClientRegistry,
  assertSlotFree,
  createClientRegistry,
  type MediRoutesClients,
} from './client-registry.js'
import { clientSourceFrom } from './client-source.js'
import { fastifyLogger, PLUGIN_NAME } from './fastify-logger.js'
import type { MediRoutesPluginOptions } from './plugin-options.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The MediRoutes client(s) registered by `@mediroutes/fastify`; `.<namespace>` for named accounts. */
    mediroutes: MediRoutesClients
  }
  interface FastifyRequest {
    /** Same as `request.server.mediroutes`: the clients of the context the route belongs to. */
    readonly mediroutes: MediRoutesClients
  }
}

/**
 * The registry this context decorates, created on first use. Inherits from the registry an
 * ancestor context decorated, so a child sees its parent's clients and keeps its own to itself.
 */
function registryFor(fastify: FastifyInstance): MediRoutesClients {
  if (Object.hasOwn(fastify, 'mediroutes')) return asClientRegistry(fastify.mediroutes)
  const inherited = fastify.hasDecorator('mediroutes')
    ? asClientRegistry(fastify.mediroutes)
    : undefined
  if (inherited === undefined) {
    // A getter, not a per-request value: nothing is stored on the request and no hook runs.
    fastify.decorateRequest('mediroutes', {
      getter(this: { server: FastifyInstance }) {
        return this.server.mediroutes
      },
    })
  }
  const registry = createClientRegistry(inherited)
  fastify.decorate('mediroutes', registry)
  return registry
}

const mediRoutesPlugin: FastifyPluginAsync<MediRoutesPluginOptions> = async (fastify, options) => {
  const namespace = options?.namespace
  const clients = registryFor(fastify)
  assertSlotFree(clients, namespace)
  const logger = fastifyLogger(fastify.log, namespace)
  const { client, owned } = clientSourceFrom(options, logger)
  addClient(clients, namespace, client)
  if (owned) {
    fastify.addHook('onClose', async () => {
      await client.close()
      logger.debug({}, 'MediRoutes client closed')
    })
  }
  logger.debug({ baseUrl: client.baseUrl, owned }, 'MediRoutes client registered')
}

/**
 * The Fastify plugin: decorates the instance with an authenticated MediRoutes client as
 * `fastify.mediroutes` (or `fastify.mediroutes.<namespace>`), also reachable as
 * `request.mediroutes`. Closes in `onClose` only a client it created.
 * @throws {MediRoutesAuthError} at registration, code `invalid_config`: missing or wrong options,
 *   a namespace registered twice, or the default client registered twice.
 * @example
 * await fastify.register(mediRoutes, { username, password })
 * fastify.get('/trips', async (req) =>
 *   req.mediroutes.forProvider('Lakeside Medical Transport').trips.getByDate('2026-12-05'))
 */
export const mediRoutes = fp(mediRoutesPlugin, { name: PLUGIN_NAME, fastify: '5.x' })
