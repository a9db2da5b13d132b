import { MOCK_PROVIDERS, type MockServer } from '@mediroutes/mock-server'
import { context, metrics, type Span, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MediRoutesClient, MediRoutesClientOptions } from '../src/index.js'
import { clientFor, emulator, LAKESIDE, rejectionOf, TRIPS_PATH } from './helpers.js'

/** An account of its own, so its username and password can be searched for in what was recorded. */
const USER = { username: 'otel-dispatcher', password: 'otel-s3cret-passw0rd' }

/** Metrics are read when the test asks, not on a timer. */
class ManualMetricReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** An OpenTelemetry SDK recording into memory: the spans ended, and the metrics on demand. */
function inMemorySdk() {
  const spans = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  })
  const reader = new ManualMetricReader({
    aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
  })
  const meterProvider = new MeterProvider({ readers: [reader] })
  return {
    tracerProvider,
    meterProvider,
    finishedSpans: () => spans.getFinishedSpans(),
    tokenSpans: () => spans.getFinishedSpans().filter((s) => s.name === 'mediroutes.token'),
    apiSpans: () => spans.getFinishedSpans().filter((s) => s.attributes['url.path'] !== undefined),
    /** Every data point of the metric `name`, with its attributes. */
    async points(name: string): Promise<DataPoint<number | Histogram>[]> {
      const { resourceMetrics } = await reader.collect()
      return resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .filter((metric) => metric.descriptor.name === name)
        .flatMap((metric) => metric.dataPoints as DataPoint<number | Histogram>[])
    },
    async allMetrics() {
      return (await reader.collect()).resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)
    },
  }
}

type Sdk = ReturnType<typeof inMemorySdk>

/** The sum of a counter's points whose attributes include `attributes`. */
async function counted(sdk: Sdk, name: string, attributes: Record<string, unknown> = {}) {
  const points = await sdk.points(name)
  return points
    .filter((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v))
    .reduce((sum, p) => sum + (p.value as number), 0)
}

let server: MockServer

/** A client of `server` as {@link USER}, recording into `sdk`. */
function tracedClient(sdk: Sdk, options: Partial<MediRoutesClientOptions> = {}): MediRoutesClient {
  return clientFor(server, {
    ...USER,
    telemetry: { tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider },
    ...options,
  })
}

beforeAll(() => {
  // Parenting follows the active context, as in an application that registered the SDK.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
})

afterAll(() => {
  context.disable()
})

beforeEach(async () => {
  server = await emulator({ users: [USER] })
})

function attributesOf(span: ReadableSpan) {
  return span.attributes
}

describe('token request spans', () => {
  it('records a password grant: grant, outcome, attempts and status, and counts it', async () => {
    const sdk = inMemorySdk()
    const client = tracedClient(sdk)
    await client.getAccessToken()

    const [span, ...others] = sdk.tokenSpans()
    expect(others).toHaveLength(0)
    expect(attributesOf(span!)).toMatchObject({
      'mediroutes.token.grant': 'password',
      'mediroutes.token.outcome': 'ok',
      'mediroutes.token.attempts': 1,
      'http.response.status_code': 200,
    })
    expect(span!.status.code).toBe(0) // UNSET: no error
    expect(
      await counted(sdk, 'mediroutes.token.requests', {
        'mediroutes.token.grant': 'password',
        'mediroutes.token.outcome': 'ok',
      }),
    ).toBe(1)
    const [duration] = await sdk.points('mediroutes.token.request.duration')
    expect((duration!.value as Histogram).count).toBe(1)
  })

  it('records a refresh after the API refused the token, and counts the 401 replay', async () => {
    const sdk = inMemorySdk()
    const client = tracedClient(sdk)
    await client.getAccessToken()
    server.revokeAccessTokens()

    const response = await client.fetch('/api/v1/access')
    expect(response.status).toBe(200)

    const refresh = sdk
      .tokenSpans()
      .find((s) => s.attributes['mediroutes.token.grant'] === 'refresh')
    expect(refresh?.attributes).toMatchObject({
      'mediroutes.token.outcome': 'ok',
      'mediroutes.token.attempts': 1,
      'http.response.status_code': 200,
    })
    expect(
      await counted(sdk, 'mediroutes.token.refreshes', { 'mediroutes.token.outcome': 'ok' }),
    ).toBe(1)
    expect(
      await counted(sdk, 'mediroutes.api.replays_after_401', { 'http.request.method': 'GET' }),
    ).toBe(1)

    const [refused, replay] = sdk.apiSpans()
    expect(refused?.attributes['http.response.status_code']).toBe(401)
    expect(replay?.attributes).toMatchObject({
      'http.response.status_code': 200,
      'http.request.resend_count': 1,
      'mediroutes.api.replay_after_401': true,
    })
  })

  it('says when a refused refresh token fell back to the password grant', async () => {
    const sdk = inMemorySdk()
    const client = tracedClient(sdk)
    await client.getAccessToken()
    server.revokeRefreshTokens()
    server.revokeAccessTokens()

    expect((await client.fetch('/api/v1/access')).status).toBe(200)

    const renewal = sdk.tokenSpans()[1]
    expect(renewal?.attributes).toMatchObject({
      'mediroutes.token.grant': 'password',
      'mediroutes.token.outcome': 'ok',
      'mediroutes.token.attempts': 2,
      'mediroutes.token.password_fallback': true,
    })
    expect(renewal?.events.map((e) => e.attributes)).toEqual([
      {
        'mediroutes.token.grant': 'refresh',
        'error.type': 'invalid_credentials',
        'http.response.status_code': 401,
      },
    ])
    expect(
      await counted(sdk, 'mediroutes.token.refreshes', {
        'mediroutes.token.outcome': 'password_fallback',
      }),
    ).toBe(1)
  })

  it('marks a refused password as an error with its code and status', async () => {
    const sdk = inMemorySdk()
    const client = tracedClient(sdk, { password: 'not-the-password' })
    await rejectionOf(client.getAccessToken())

    const [span] = sdk.tokenSpans()
    expect(span?.attributes).toMatchObject({
      'mediroutes.token.outcome': 'invalid_credentials',
      'error.type': 'invalid_credentials',
      'http.response.status_code': 401,
    })
    expect(span?.status.code).toBe(2) // ERROR
    expect(
      await counted(sdk, 'mediroutes.token.requests', {
        'mediroutes.token.outcome': 'invalid_credentials',
      }),
    ).toBe(1)
  })

  it('counts the wait after a 429 from the token endpoint, and the retry in the same span', async () => {
    const sdk = inMemorySdk()
    const client = tracedClient(sdk)
    server.injectFault({
      target: 'token',
      fault: { kind: 'status', status: 429, retryAfter: '0' },
      count: 1,
    })
    await client.getAccessToken()

    const [span] = sdk.tokenSpans()
    expect(span?.attributes).toMatchObject({
      'mediroutes.token.outcome': 'ok',
      'mediroutes.token.attempts': 2,
    })
    expect(span?.events[0]?.attributes).toMatchObject({
      'error.type': 'rate_limited',
      'http.response.status_code': 429,
    })
    expect(
      await counted(sdk, 'mediroutes.rate_limit.waits', { 'mediroutes.endpoint': 'token' }),
    ).toBe(1)
  })
})

describe('API call spans', () => {
  it('are children of the caller’s active span, with the path but not the query', async () => {
    const sdk = inMemorySdk()
    const client = tracedClient(sdk)
    const tracer = sdk.tracerProvider.getTracer('the-app')

    const status = await tracer.startActiveSpan('dispatch', async (caller: Span) => {
      try {
        return (await client.fetch(TRIPS_PATH)).status
      } finally {
        caller.end()
      }
    })
    expect(status).toBe(200)

    const caller = sdk.finishedSpans().find((s) => s.name === 'dispatch')!
    const [call, ...more] = sdk.apiSpans()
    expect(more).toHaveLength(0)
    expect(call!.name).toBe('GET /api/v1/rides/getRidesByDate')
    expect(call!.kind).toBe(2) // CLIENT
    expect(call!.spanContext().traceId).toBe(caller.spanContext().traceId)
    expect(call!.parentSpanContext?.spanId).toBe(caller.spanContext().spanId)
    expect(call!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/api/v1/rides/getRidesByDate',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
    })
    // The token the call needed was requested on the caller's behalf.
    const [token] = sdk.tokenSpans()
    expect(token!.parentSpanContext?.spanId).toBe(caller.spanContext().spanId)
  })

  it('counts the wait after a 429 and says so on the attempt that followed it', async () => {
    const sdk = inMemorySdk()
    const client = tracedClient(sdk)
    await client.getAccessToken()
    server.injectFault({
      target: 'api',
      fault: { kind: 'status', status: 429, retryAfter: '0' },
      count: 1,
    })

    expect((await client.fetch('/api/v1/access')).status).toBe(200)

    const [limited, retry] = sdk.apiSpans()
    expect(limited?.attributes['http.response.status_code']).toBe(429)
    expect(retry?.attributes['http.request.resend_count']).toBe(1)
    expect(retry?.attributes['mediroutes.api.rate_limit_wait_ms']).toBeTypeOf('number')
    expect(
      await counted(sdk, 'mediroutes.rate_limit.waits', { 'mediroutes.endpoint': 'api' }),
    ).toBe(1)
    const [wait] = await sdk.points('mediroutes.rate_limit.wait.duration')
    expect((wait!.value as Histogram).count).toBe(1)
  })
})

describe('secrets', () => {
  it('appear in no span name, attribute, event or metric attribute', async () => {
    const sdk = inMemorySdk()
    const client = tracedClient(sdk)
    const tokens = [await client.getTokenSet()]
    const provider = client.forProvider(LAKESIDE.name)
    await provider.riders.getByRiderId('LMT-1001')
    await client.fetch(TRIPS_PATH)
    server.revokeAccessTokens()
    await client.fetch('/api/v1/access')
    tokens.push(await client.getTokenSet())
    server.injectFault({
      target: 'api',
      fault: { kind: 'status', status: 429, retryAfter: '0' },
      count: 1,
    })
    await provider.trips.getByDate('2024-06-01')

    const recorded = JSON.stringify({
      spans: sdk.finishedSpans().map((s) => ({
        name: s.name,
        attributes: s.attributes,
        events: s.events,
        status: s.status,
        links: s.links,
      })),
      metrics: (await sdk.allMetrics()).map((m) => ({
        name: m.descriptor.name,
        attributes: m.dataPoints.map((p) => p.attributes),
      })),
    })
    const secrets = [
      USER.password,
      USER.username,
      ...tokens.flatMap((t) => [t.accessToken, t.refreshToken ?? '']),
      ...MOCK_PROVIDERS.map((p) => p.apiKey),
    ].filter((s) => s !== '')
    expect(secrets.length).toBeGreaterThan(6)
    // The record is real: it holds the calls made, so a leak would show.
    expect(recorded).toContain('/api/v1/riders/getByRiderId')
    for (const secret of secrets) expect(recorded).not.toContain(secret)
  })
})

describe('without opting in', () => {
  afterEach(() => {
    trace.disable()
    metrics.disable()
  })

  it('records nothing, even with an SDK registered globally', async () => {
    const sdk = inMemorySdk()
    trace.setGlobalTracerProvider(sdk.tracerProvider)
    metrics.setGlobalMeterProvider(sdk.meterProvider)
    const client = clientFor(server, USER)
    await client.getAccessToken()
    await client.fetch('/api/v1/access')

    expect(sdk.finishedSpans()).toEqual([])
    expect(await sdk.allMetrics()).toEqual([])
  })

  it('`telemetry: true` records into the globally registered SDK', async () => {
    const sdk = inMemorySdk()
    trace.setGlobalTracerProvider(sdk.tracerProvider)
    metrics.setGlobalMeterProvider(sdk.meterProvider)
    const client = clientFor(server, { ...USER, telemetry: true })
    await client.fetch('/api/v1/access')

    expect(sdk.tokenSpans()).toHaveLength(1)
    expect(sdk.apiSpans()).toHaveLength(1)
    expect(await counted(sdk, 'mediroutes.token.requests')).toBe(1)
  })
})
