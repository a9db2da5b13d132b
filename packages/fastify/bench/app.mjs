// @ts-check
// The Fastify app under load, in its own process: the same route twice, once through the plugin
// and once with plain fetch and a fixed Authorization header. Prints its URL, then serves until killed.
import mediRoutes from '@mediroutes/fastify'
import Fastify from 'fastify'

const baseUrl = process.env.EMULATOR_URL
if (!baseUrl) throw new Error('EMULATOR_URL is required')
const path = '/api/riders/R-1001'

const app = Fastify({ logger: false })
await app.register(mediRoutes, { baseUrl, username: 'demo', password: 'demo-password' })
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
// CPU time of this process, so the runner can report CPU per request: a figure that other load on
// the machine disturbs far less than requests per second.
app.get('/cpu', async () => {
  const { user, system } = process.cpuUsage()
  return { micros: user + system }
})
app.get('/fixed', async (_request, reply) =>
  relay(await fetch(`${baseUrl}${path}`, { headers: { authorization } }), reply),
)

await app.ready()
authorization = `Bearer ${await app.mediroutes.getAccessToken()}`
const url = await app.listen({ host: '127.0.0.1', port: 0 })
console.log(`listening on ${url}`)
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0))
})
