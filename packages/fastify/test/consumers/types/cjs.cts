// Type-checked against the built declarations (dist/index.d.cts), as a CommonJS consumer sees them.
import mediRoutesModule = require('@mediroutes/fastify')
import Fastify = require('fastify')

const app = Fastify()
void app.register(mediRoutesModule.mediRoutes, { username: 'demo', password: 'secret' })
void app.register(mediRoutesModule.default, { client: app.mediroutes, namespace: 'copy' })
app.get('/', async (request) => {
  const status = await request.mediroutes.status()
  return status.state
})
