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
    (await request.mediroutes.fetch('/api/riders/R-1001')).json(),
  )
  const reply = await app.inject({ url: '/rider' })
  const named = await app.mediroutes.named.fetch('/api/riders/R-1002')
  await app.close()
  console.log(
    JSON.stringify({
      entry: require.resolve('@mediroutes/fastify'),
      status: reply.statusCode,
      rider: reply.json().id,
      named: named.status,
      exports: Object.keys(plugin).sort(),
    }),
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
