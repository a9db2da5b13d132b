import {
  DEMO_USER,
  MOCK_PROVIDERS,
  type MockServer,
  startMockServer,
} from '@mediroutes/mock-server'
import { trace } from '@opentelemetry/api'
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'

// What `OTEL=console` shows, recorded in memory instead of printed.
const spans = new InMemorySpanExporter()
let server: MockServer
let app: FastifyInstance

beforeAll(async () => {
  new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).register()
  server = await startMockServer()
  const account = { baseUrl: server.url, ...DEMO_USER }
  app = await buildApp({
    mediroutes: account,
    broker: { ...account, namespace: 'broker' },
    tripWebhooks: undefined,
    logger: false,
    telemetry: true,
  })
})

afterAll(async () => {
  await app.close()
  await server.close()
  trace.disable()
})

it('traces a route with the MediRoutes calls it made as its children, without API keys', async () => {
  const response = await app.inject('/client/trips?date=2026-12-05')
  expect(response.statusCode).toBe(200)

  const finished = spans.getFinishedSpans()
  const route = finished.find((s) => s.name === 'GET /client/trips')
  const rides = finished.find((s) => s.name === 'GET /api/v1/rides/getRidesByDate')
  expect(route).toBeDefined()
  expect(rides?.parentSpanContext?.spanId).toBe(route?.spanContext().spanId)
  expect(rides?.attributes['http.response.status_code']).toBe(200)
  const token = finished.find((s) => s.name === 'mediroutes.token')
  expect(token?.parentSpanContext?.traceId).toBe(route?.spanContext().traceId)

  const recorded = JSON.stringify(finished.map((s) => [s.name, s.attributes, s.events]))
  for (const provider of MOCK_PROVIDERS) expect(recorded).not.toContain(provider.apiKey)
  expect(recorded).not.toContain(DEMO_USER.password)
})
