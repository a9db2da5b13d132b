// @ts-check
// The Fastify app under load, in its own process. The same route three times: through the plugin;
// with plain fetch and a fixed Authorization header (the baseline); and with a bare core client,
// outside the plugin, to show which part of any difference is the plugin's own.
// Prints its URL, then serves until killed.
import { createMediRoutesClient } from '@mediroutes/auth-core'
import mediRoutes from '@mediroutes/fastify'
import Fastify from 'fastify'

const baseUrl = process.env.EMULATOR_URL
if (!baseUrl) throw new Error('EMULATOR_URL is required')
// The emulator runs with its rate limits off, so the client's own API budget is off too: with the
// default (300 requests per 1.1 s) the benchmark would measure the budget, not the client.
const account = { baseUrl, username: 'demo', password: 'demo-password', apiRateLimit: false }
/** A rider lookup, with the provider's key in the query: set before the load starts. */
let path = ''

const app = Fastify({ logger: false })
await app.register(mediRoutes, account)
const bareClient = createMediRoutesClient(account)
/** One token, fetched once before the load starts, for the baseline route. */
let authorization = ''

/** @param {Response} response @param {import('fastify').FastifyReply} reply */
async function relay(response, reply) {
  return reply
    .code(response.status)
    .type('application/json')
    .send(await response.text())
}

app.get('/plugin', async (request, reply) => relay(await request.mediroutes.fetch(path), reply))
app.get('/fixed', async (_request, reply) =>
  relay(await fetch(`${baseUrl}${path}`, { headers: { authorization } }), reply),
)
app.get('/core', async (_request, reply) => relay(await bareClient.fetch(path), reply))
// CPU time of this process, so the runner can report CPU per request: a figure that other load on
// the machine disturbs far less than requests per second.
app.get('/cpu', async () => {
  const { user, system } = process.cpuUsage()
  return { micros: user + system }
})

await app.ready()
authorization = `Bearer ${await app.mediroutes.getAccessToken()}`
// The key is read once from the claims and put in the path by hand, so all three routes send
// the same request; a provider client (forProvider) would add its own work to the plugin's route.
const [lakeside] = (await app.mediroutes.getAccess()).providers
if (!lakeside) throw new Error('the demo account lists no provider')
path = `/api/v1/riders/getByRiderId?${new URLSearchParams({ api_key: lakeside.apiKey, rider_id: 'LMT-1001' })}`
await bareClient.getAccessToken()
const url = await app.listen({ host: '127.0.0.1', port: 0 })
console.log(`listening on ${url}`)
process.on('SIGTERM', () => {
  Promise.all([app.close(), bareClient.close()]).then(() => process.exit(0))
})
