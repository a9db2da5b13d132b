import type { MediRoutesClient } from '@mediroutes/auth-core'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const
const dateQuery = {
  type: 'object',
  required: ['date'],
  properties: { date: DATE },
  additionalProperties: false,
} as const

/** The account a route acts as: the provider's own client user, or the brokerage user. */
type Account = 'client' | 'broker'

function accountOf(request: FastifyRequest, account: Account): MediRoutesClient {
  if (account === 'client') return request.mediroutes
  const broker = request.mediroutes.broker
  if (broker === undefined) throw new Error('the broker account is not configured')
  return broker
}

/** The account's providers and funding sources, from its access claims; never a key. */
async function providersOf(client: MediRoutesClient) {
  const { providers } = await client.getAccess()
  return providers.map((provider) => ({
    name: provider.name,
    fundingSources: provider.fundingSources.map(({ id, name }) => ({ id, name })),
  }))
}

/**
 * The dispatcher's endpoints, for two accounts:
 * - `/client/…`: the provider's own (client) user, which acts for exactly one provider;
 * - `/broker/…`: a brokerage user, which names the provider in the path.
 * Each calls MediRoutes through a provider-scoped client, which adds the provider's key.
 */
export const dispatchRoutes: FastifyPluginAsync = async (app) => {
  for (const account of ['client', 'broker'] as const) {
    app.get(`/${account}/providers`, async (request) => providersOf(accountOf(request, account)))
  }

  // A client user acts for its one provider: no name needed.
  app.get<{ Querystring: { date: string } }>(
    '/client/trips',
    { schema: { querystring: dateQuery } },
    async (request) => {
      const client = request.mediroutes
      const [own] = (await client.getAccess()).providers
      if (own === undefined) return []
      return client.forProvider(own.name).trips.getByDate(request.query.date)
    },
  )

  app.get<{ Params: { provider: string }; Querystring: { date: string } }>(
    '/broker/providers/:provider/trips',
    { schema: { querystring: dateQuery } },
    async (request) =>
      accountOf(request, 'broker')
        .forProvider(request.params.provider)
        .trips.getByDate(request.query.date),
  )

  app.get<{ Params: { provider: string; tripGuid: string } }>(
    '/broker/providers/:provider/trips/:tripGuid',
    async (request) =>
      accountOf(request, 'broker')
        .forProvider(request.params.provider)
        .trips.get({ tripGuid: request.params.tripGuid }),
  )

  app.get<{ Params: { tripGuid: string } }>('/client/trips/:tripGuid', async (request) => {
    const client = request.mediroutes
    const [own] = (await client.getAccess()).providers
    return client.forProvider(own?.name ?? '').trips.get({ tripGuid: request.params.tripGuid })
  })

  app.get<{ Params: { provider: string; riderId: string } }>(
    '/broker/providers/:provider/riders/:riderId',
    async (request) =>
      accountOf(request, 'broker')
        .forProvider(request.params.provider)
        .riders.getByRiderId(request.params.riderId),
  )
}
