// An ES module application: import the built package by name and serve one route through it.

import mediRoutes, * as everything from '@mediroutes/fastify'
import Fastify from 'fastify'

const app = Fastify()
await app.register(mediRoutes, {
  baseUrl: process.env.EMULATOR_URL,
  username: 'demo',
  password: 'demo-password',
})
app.get('/rider', async (request) =>
  request.server.mediroutes
    .forProvider('Lakeside Medical Transport')
    .riders.getByRiderId('LMT-1001'),
)
const reply = await app.inject({ url: '/rider' })
await app.close()
console.log(
  JSON.stringify({
    entry: import.meta.resolve('@mediroutes/fastify'),
    status: reply.statusCode,
    rider: reply.json()[0]?.rider_id,
    named: everything.mediRoutes === mediRoutes ? 'same' : 'different',
    exports: Object.keys(everything).sort(),
  }),
)
