import type { FastifyPluginAsync } from 'fastify'
import { relay } from './upstream-response.js'

const tripParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^T-\\d{8}-\\d{2}$' } },
} as const

/**
 * The dispatcher's endpoints: list a day's trips, look one up, cancel one. Each calls MediRoutes
 * through `request.mediroutes`, which adds (and when needed refreshes) the token.
 */
export const dispatchRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { date: string } }>(
    '/trips',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['date'],
          properties: { date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) =>
      relay(await request.mediroutes.fetch(`/api/trips?date=${request.query.date}`), reply),
  )

  app.get<{ Params: { id: string } }>(
    '/trips/:id',
    { schema: { params: tripParams } },
    async (request, reply) =>
      relay(await request.mediroutes.fetch(`/api/trips/${request.params.id}`), reply),
  )

  app.post<{ Params: { id: string }; Body: { reason?: string } }>(
    '/trips/:id/cancel',
    {
      // The reason is optional, and so is the body: treat none as {} before the schema sees it.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        params: tripParams,
        body: {
          type: 'object',
          properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const response = await request.mediroutes.fetch(`/api/trips/${request.params.id}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
      })
      return relay(response, reply)
    },
  )
}
