import { nodeWebhookRequest } from '@mediroutes/auth-core/webhooks'
import { Controller, Inject, Post, Req, Res, type Type } from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { MediRoutesTripWebhooks } from './mediroutes-trip-webhooks.host.js'

/** What Express and Fastify requests (and Fastify's `raw`) share that the controller reads. */
interface PlatformRequest {
  raw?: PlatformRequest
  originalUrl?: string
  url?: string
  ip?: string
  body?: unknown
  rawBody?: unknown
  readableEnded?: boolean
}

/**
 * The body as the platform left it: the untouched stream when nothing parsed it, else the raw
 * bytes (`rawBody: true`) or the parsed JSON written back.
 */
function bodyOf(request: PlatformRequest, raw: PlatformRequest): string | Uint8Array | undefined {
  if (request.rawBody instanceof Uint8Array) return request.rawBody
  if (request.body === undefined && raw.readableEnded !== true) return undefined
  if (typeof request.body === 'string' || request.body instanceof Uint8Array) return request.body
  return JSON.stringify(request.body ?? null)
}

/** A controller class mounted at `path`, so one app can choose where deliveries arrive. */
export function createTripWebhooksController(path: string, secretInHeader: boolean): Type {
  @Controller(path)
  class MediRoutesTripWebhooksController {
    constructor(
      @Inject(MediRoutesTripWebhooks) private readonly webhooks: MediRoutesTripWebhooks,
      @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    ) {}

    @Post(secretInHeader ? '' : ':secret')
    async receive(@Req() request: PlatformRequest, @Res() reply: unknown): Promise<void> {
      const raw = request.raw ?? request
      const body = bodyOf(request, raw)
      const url = request.originalUrl ?? raw.url ?? request.url
      const web = nodeWebhookRequest(raw as Parameters<typeof nodeWebhookRequest>[0], {
        ...(url === undefined ? {} : { url }),
        ...(body === undefined ? {} : { body }),
      })
      const response = await this.webhooks.receiver(web, { source: request.ip ?? 'unknown' })
      const adapter = this.adapterHost.httpAdapter
      adapter.status(reply, response.status)
      response.headers.forEach((value, name) => {
        adapter.setHeader(reply, name, value)
      })
      adapter.end(reply)
    }
  }
  return MediRoutesTripWebhooksController
}
