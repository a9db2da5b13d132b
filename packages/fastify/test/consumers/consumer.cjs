// A CommonJS application: require() the built package by name and serve one route through it.
const Fastify = require('fastify')
const plugin = require('@mediroutes/fastify')

async function main() {
  const app = Fastify()
  // Fastify unwraps `default`, so the module object itself registers; the named export does too.
  await app.register(plugin, {
    baseUrl: process.env.EMULATOR_URL,
    username: 'demo',
    password: 'demo-password',
  })
  await app.register(plugin.mediRoutes, {
    baseUrl: process.env.EMULATOR_URL,
    username: 'demo',
    password: 'demo-password',
    namespace: 'named',
  })
  app.get('/rider', async (request) =>
    request.mediroutes.forProvider('Lakeside Medical Transport').riders.getByRiderId('LMT-1001'),
  )
  const reply = await app.inject({ url: '/rider' })
  const named = await app.mediroutes.named.fetch('/api/v1/access')
  await app.close()
  console.log(
    JSON.stringify({
      entry: require.resolve('@mediroutes/fastify'),
      status: reply.statusCode,
      rider: reply.json()[0]?.rider_id,
      named: named.status,
      exports: Object.keys(plugin).sort(),
    }),
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
