import 'reflect-metadata'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MediRoutesClient } from '@mediroutes/auth-core'
import {
  createTripWebhookReceiver,
  nodeWebhookRequest,
  type TripChange,
  type TripWebhookFailure,
} from '@mediroutes/auth-core/webhooks'
import { mediRoutesTripWebhooks } from '@mediroutes/fastify'
import {
  MediRoutesTripWebhooks,
  MediRoutesTripWebhooksModule,
  OnTripChanged,
} from '@mediroutes/nestjs'
import { createMediRoutesTripWebhooks } from '@mediroutes/nextjs'
import { type INestApplication, Inject, Injectable, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { FastifyAdapter } from '@nestjs/platform-fastify'
import Fastify from 'fastify'

/** What every receiver app is started with. */
export interface ReceiverSetup {
  client: MediRoutesClient
  secret: string
  onTripChanged: (change: TripChange) => void | Promise<void>
  onError: (failure: TripWebhookFailure) => void
}

/** A running receiver app: where its callback URLs start, and a way to wait for its queue. */
export interface ReceiverApp {
  /** The callback URL without the secret segment. */
  callbackBase: string
  /** Resolves when every accepted delivery was read back and handled. */
  idle(): Promise<void>
  close(): Promise<void>
}

export interface Harness {
  name: string
  start(setup: ReceiverSetup): Promise<ReceiverApp>
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Serves a web-standard handler on `node:http`: how the core is used without a framework. */
async function serveWeb(
  handle: (request: Request, source: string) => Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const response = await handle(nodeWebhookRequest(req), req.socket.remoteAddress ?? 'unknown')
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  const url = await listen(server)
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const core: Harness = {
  name: 'core receiver on node:http',
  async start({ client, secret, onTripChanged, onError }) {
    const receiver = createTripWebhookReceiver({ client, secret, onTripChanged, onError })
    const served = await serveWeb((request, source) => receiver(request, { source }))
    return {
      callbackBase: `${served.url}/hooks/mediroutes`,
      idle: () => receiver.idle(),
      close: async () => {
        await served.close()
        await receiver.close()
      },
    }
  },
}

const fastify: Harness = {
  name: 'Fastify route plugin',
  async start({ client, secret, onTripChanged, onError }) {
    const receiver = createTripWebhookReceiver({ client, secret, onTripChanged, onError })
    const app = Fastify()
    await app.register(mediRoutesTripWebhooks, { prefix: '/hooks/mediroutes', receiver })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    return {
      callbackBase: `${url}/hooks/mediroutes`,
      idle: () => receiver.idle(),
      close: async () => {
        await app.close()
        await receiver.close()
      },
    }
  },
}

const next: Harness = {
  name: 'Next.js route handler',
  async start({ client, secret, onTripChanged, onError }) {
    const { POST, receiver } = createMediRoutesTripWebhooks({
      client,
      secret,
      onTripChanged,
      onError,
    })
    // What Next.js does for `app/api/mediroutes/webhooks/[secret]/route.ts`: call POST with the Request.
    const served = await serveWeb((request) => POST(request))
    return {
      callbackBase: `${served.url}/api/mediroutes/webhooks`,
      idle: () => receiver.idle(),
      close: async () => {
        await served.close()
        await receiver.close()
      },
    }
  },
}

const SUITE_SETUP = 'WEBHOOK_SUITE_SETUP'

@Injectable()
class Dispatch {
  constructor(@Inject(SUITE_SETUP) private readonly setup: ReceiverSetup) {}

  @OnTripChanged()
  tripChanged(change: TripChange): void | Promise<void> {
    return this.setup.onTripChanged(change)
  }
}

function nestHarness(platform: 'express' | 'fastify'): Harness {
  return {
    name: `NestJS module on the ${platform === 'express' ? 'Express' : 'Fastify'} platform`,
    async start(setup) {
      @Module({
        imports: [
          MediRoutesTripWebhooksModule.forRoot({
            path: 'hooks/mediroutes',
            client: setup.client,
            secret: setup.secret,
            onError: setup.onError,
          }),
        ],
        providers: [{ provide: SUITE_SETUP, useValue: setup }, Dispatch],
      })
      class AppModule {}
      const app: INestApplication =
        platform === 'express'
          ? await NestFactory.create(AppModule, { logger: false })
          : await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false })
      await app.listen(0, '127.0.0.1')
      const { port } = app.getHttpServer().address() as AddressInfo
      const webhooks = app.get(MediRoutesTripWebhooks)
      return {
        callbackBase: `http://127.0.0.1:${port}/hooks/mediroutes`,
        idle: () => webhooks.receiver.idle(),
        close: () => app.close(),
      }
    },
  }
}

/** Every way the SDK receives trip webhooks. */
export const HARNESSES: readonly Harness[] = [
  core,
  nestHarness('express'),
  nestHarness('fastify'),
  fastify,
  next,
]
