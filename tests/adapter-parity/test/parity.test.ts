import 'reflect-metadata'
import {
  createMediRoutesClient,
  MediRoutesAuthError,
  type MediRoutesClient,
  type MediRoutesErrorCode,
  toHttpError,
} from '@mediroutes/auth-core'
import { mediRoutesErrorHandler } from '@mediroutes/fastify'
import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import { MediRoutesExceptionFilter } from '@mediroutes/nestjs'
import { createMediRoutesHandlers } from '@mediroutes/nextjs'
import { Controller, Get, type INestApplication, Module } from '@nestjs/common'
import { HttpAdapterHost, NestFactory } from '@nestjs/core'
import Fastify from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

/** What a caller sees of an answer: all that must be equal across frameworks. */
interface Answer {
  status: number
  retryAfter: string | null
  body: unknown
}

/** The failure the next request meets: thrown by a route, or by the client the Next.js proxy calls. */
let failure: () => Promise<unknown> = async () => undefined

async function fail(): Promise<never> {
  throw await failure()
}

@Controller()
class FailingController {
  @Get('call')
  async call(): Promise<never> {
    return fail()
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

let nest: INestApplication
let nestUrl: string
const fastify = Fastify({ logger: false })
fastify.setErrorHandler(mediRoutesErrorHandler)
fastify.get('/call', fail)

const nextHandlers = createMediRoutesHandlers({
  allow: ['/api/v1/access'],
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  client: {
    baseUrl: 'http://mediroutes.invalid',
    fetch: fail,
    getTokenSet: fail,
    getAccessToken: fail,
  } as unknown as MediRoutesClient,
})

beforeAll(async () => {
  nest = await NestFactory.create(FailingModule, { logger: false })
  nest.useGlobalFilters(new MediRoutesExceptionFilter(nest.get(HttpAdapterHost)))
  await nest.listen(0, '127.0.0.1')
  nestUrl = await nest.getUrl()
  await fastify.ready()
})
afterAll(async () => {
  await nest.close()
  await fastify.close()
})

async function answerOf(response: Response): Promise<Answer> {
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  }
}

/** The same failure, answered by each framework. */
async function answers(): Promise<Record<'nest' | 'fastify' | 'next', Answer>> {
  const fromFastify = await fastify.inject({ method: 'GET', url: '/call' })
  return {
    nest: await answerOf(await fetch(`${nestUrl.replace('[::1]', '127.0.0.1')}/call`)),
    fastify: {
      status: fromFastify.statusCode,
      retryAfter: (fromFastify.headers['retry-after'] as string | undefined) ?? null,
      body: fromFastify.json(),
    },
    next: await answerOf(
      await nextHandlers.GET(new Request('http://app.test/api/mediroutes/api/v1/access')),
    ),
  }
}

function expectParity(all: Record<string, Answer>, error: unknown): void {
  const expected = toHttpError(error)
  for (const [framework, answer] of Object.entries(all)) {
    expect(answer, framework).toEqual({
      status: expected.status,
      retryAfter:
        expected.retryAfterSeconds === undefined ? null : String(expected.retryAfterSeconds),
      body: {
        statusCode: expected.status,
        error: expect.any(String),
        code: expected.code,
        message: expected.message,
      },
    })
  }
  expect(all.fastify).toEqual(all.nest)
  expect(all.next).toEqual(all.nest)
}

const CODES: MediRoutesErrorCode[] = [
  'invalid_config',
  'invalid_credentials',
  'rate_limited',
  'server_error',
  'network_error',
  'timeout',
  'invalid_response',
  'closed',
  'api_error',
  'access_denied',
  'unknown_provider',
]

describe('Nest, Fastify and Next.js answer the same failure the same way', () => {
  it.each(CODES)('%s', async (code) => {
    const error = new MediRoutesAuthError(code, 'detail for the server log: baseUrl=x', {
      status: 401,
    })
    failure = async () => error
    const all = await answers()
    expectParity(all, error)
    expect(JSON.stringify(all)).not.toContain('detail for the server log')
  })

  it('passes on Retry-After for a rate limit', async () => {
    const error = new MediRoutesAuthError('rate_limited', 'slow down', { retryAfterMs: 4500 })
    failure = async () => error
    const all = await answers()
    expectParity(all, error)
    expect(all.nest.retryAfter).toBe('5')
  })

  it.each([400, 404, 409, 422])(
    'passes on the API status %i of an api_error, with its message',
    async (status) => {
      const error = new MediRoutesAuthError('api_error', `the API said ${status}`, { status })
      failure = async () => error
      const all = await answers()
      expectParity(all, error)
      expect(all.next.status).toBe(status)
    },
  )
})

describe('real failures of the emulator, through a real client', () => {
  let server: MockServer
  const clients: MediRoutesClient[] = []
  beforeAll(async () => {
    server = await startMockServer()
  })
  afterEach(async () => {
    server.reset()
    await Promise.all(clients.splice(0).map((client) => client.close()))
  })
  afterAll(() => server.close())

  function clientWith(password: string): MediRoutesClient {
    const client = createMediRoutesClient({
      baseUrl: server.url,
      username: DEMO_USER.username,
      password,
      maxRetries: 0,
    })
    clients.push(client)
    return client
  }

  it('refused credentials are 503 everywhere, never the upstream 401', async () => {
    const client = clientWith('a-wrong-password')
    let error: unknown
    failure = async () => {
      error ??= await client.getAccessToken().catch((caught: unknown) => caught)
      return error
    }
    const all = await answers()
    expectParity(all, error)
    expect(all.nest.status).toBe(503)
  })

  it('a failing token endpoint is 502 everywhere', async () => {
    server.injectFault({ target: 'token', fault: { kind: 'status', status: 500 }, count: 10 })
    const client = clientWith(DEMO_USER.password)
    let error: unknown
    failure = async () => {
      error ??= await client.getAccessToken().catch((caught: unknown) => caught)
      return error
    }
    const all = await answers()
    expectParity(all, error)
    expect(all.fastify.status).toBe(502)
  })
})
