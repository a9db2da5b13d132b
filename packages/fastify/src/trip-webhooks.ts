import {
  createTripWebhookReceiver,
  nodeWebhookRequest,
  type TripWebhookClient,
  type TripWebhookReceiver,
  type TripWebhookReceiverOptions,
  type WebhookTrip,
} from '@mediroutes/auth-core/webhooks'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { fastifyLogger } from './fastify-logger.js'

/**
 * Options of {@link mediRoutesTripWebhooks}: the core receiver's (with the client optional), or
 * `{ receiver }`, one you created with `createTripWebhookReceiver` (for its `stats()` and
 * `idle()`; you close it).
 */
export type MediRoutesTripWebhooksOptions<T extends WebhookTrip = WebhookTrip> =
  | (Omit<TripWebhookReceiverOptions<T>, 'client'> & {
      /**
       * The client that reads notified trips back. Default: the client `@mediroutes/fastify`
       * registered on this instance (`fastify.mediroutes`).
       */
      client?: TripWebhookClient
      receiver?: never
    })
  | {
      receiver: TripWebhookReceiver
      /** Set when the receiver reads the secret from a header: the route is then `POST <prefix>`. */
      secretHeader?: string
    }

async function send(reply: FastifyReply, response: Response): Promise<void> {
  reply.code(response.status)
  response.headers.forEach((value, name) => {
    reply.header(name, value)
  })
  await reply.send()
}

const plugin: FastifyPluginAsync<MediRoutesTripWebhooksOptions> = async (fastify, options) => {
  const owned = options.receiver === undefined
  const receiver =
    options.receiver ??
    createTripWebhookReceiver({
      logger: fastifyLogger(fastify.log, undefined),
      ...options,
      client:
        options.client ??
        (fastify.hasDecorator('mediroutes')
          ? (fastify.mediroutes as unknown as TripWebhookClient)
          : (undefined as unknown as TripWebhookClient)),
    })
  // Only inside this plugin's context: the body stays an unread stream for the receiver.
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined))
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await send(reply, await receiver(nodeWebhookRequest(request.raw), { source: request.ip }))
  }
  fastify.post(options.secretHeader === undefined ? '/:secret' : '/', handler)
  if (owned) {
    fastify.addHook('onClose', async () => {
      await receiver.close()
    })
  }
}

/**
 * A Fastify route plugin receiving MediRoutes trip webhooks: registers `POST <prefix>/:secret`
 * (or `POST <prefix>` with `secretHeader`) and hands each delivery to the core receiver, which
 * answers 202, reads the trip back and calls `onTripChanged`. Register it with a `prefix`; it is
 * encapsulated, so its raw-body handling stays inside it. Closes the receiver in `onClose`.
 * @throws {MediRoutesAuthError} at registration, code `invalid_config`, for a missing client,
 *   a short secret or a missing handler.
 * @example
 * await fastify.register(mediRoutesTripWebhooks, {
 *   prefix: '/hooks/mediroutes',
 *   secret: process.env.MEDIROUTES_WEBHOOK_SECRET!,
 *   onTripChanged: ({ trip }) => fastify.log.info({ trip: trip.trip_guid, status: trip.status }, 'trip changed'),
 * })
 */
export const mediRoutesTripWebhooks: FastifyPluginAsync<MediRoutesTripWebhooksOptions> = plugin
