import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { MediRoutesClient } from '@mediroutes/auth-core'
import { createMediRoutesProxy, type MediRoutesProxy } from '@mediroutes/auth-core/proxy'
import { nodeWebhookRequest } from '@mediroutes/auth-core/webhooks'
import { All, Controller, Inject, Req, Res, type Type } from '@nestjs/common'
import { ApplicationConfig, ModuleRef } from '@nestjs/core'
import { getMediRoutesClientToken } from './mediroutes.tokens.js'
import type { MediRoutesProxyModuleOptions } from './mediroutes-proxy.options.js'
import { nestLoggerBridge } from './nest-logger.bridge.js'

/** What Express and Fastify requests (and Fastify's `raw`) share that the controller reads. */
interface PlatformRequest {
  raw?: PlatformRequest
  originalUrl?: string
  url?: string
  method?: string
  headers: Record<string, string | string[] | undefined>
  body?: unknown
  rawBody?: unknown
  readableEnded?: boolean
}

/** The body as the platform left it: the unread stream, the raw bytes, or parsed JSON written back. */
function bodyOf(request: PlatformRequest, raw: PlatformRequest): string | Uint8Array | undefined {
  if (request.rawBody instanceof Uint8Array) return request.rawBody
  if (request.body === undefined && raw.readableEnded !== true) return undefined
  if (typeof request.body === 'string' || request.body instanceof Uint8Array) return request.body
  return JSON.stringify(request.body ?? null)
}

/** Writes the web `Response` to Node's response, streaming the body. */
async function send(reply: unknown, response: Response): Promise<void> {
  const platform = reply as { raw?: ServerResponse; hijack?: () => void }
  // Fastify: the reply is written here, not by Fastify.
  platform.hijack?.()
  const res = platform.raw ?? (reply as ServerResponse)
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  res.writeHead(response.status, headers)
  if (response.body === null) {
    res.end()
    return
  }
  await new Promise<void>((resolve) => {
    const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>)
    body.once('error', () => res.destroy())
    res.once('close', resolve)
    body.pipe(res)
  })
}

function mountOf(globalPrefix: string, path: string): string {
  const parts = [globalPrefix, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p)
  return `/${parts.join('/')}`
}

/** Nest's route path metadata key (`PATH_METADATA` of `@nestjs/common`). */
const PATH_METADATA = 'path'

/** Points the controller's catch-all route at the platform's wildcard syntax. */
export function useWildcardOf(controller: Type, platform: string | undefined): void {
  const forward = (controller.prototype as { forward: object }).forward
  Reflect.defineMetadata(PATH_METADATA, platform === 'express' ? '{*path}' : '*', forward)
}

/** A controller class mounted at `path`, forwarding every method below it to the core proxy. */
export function createProxyController(path: string, options: MediRoutesProxyModuleOptions): Type {
  const { path: _path, name, logger, ...core } = options
  @Controller(path)
  class MediRoutesProxyController {
    private proxy: MediRoutesProxy | undefined

    constructor(
      @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
      @Inject(ApplicationConfig) private readonly config: ApplicationConfig,
    ) {}

    /** Built on the first request, once the app's global prefix is known. */
    private proxyFor(): MediRoutesProxy {
      this.proxy ??= createMediRoutesProxy({
        ...core,
        client: () =>
          this.moduleRef.get<MediRoutesClient>(getMediRoutesClientToken(name) as string, {
            strict: false,
          }),
        mountPath: mountOf(this.config.getGlobalPrefix(), path),
        logger: logger ?? nestLoggerBridge('MediRoutesProxy'),
      })
      return this.proxy
    }

    // `*` works on both platforms; the module switches Express to `{*path}` before routes are mapped.
    @All('*')
    async forward(@Req() request: PlatformRequest, @Res() reply: unknown): Promise<void> {
      const raw = request.raw ?? request
      const body = bodyOf(request, raw)
      const url = request.originalUrl ?? raw.url ?? request.url
      const web = nodeWebhookRequest(raw as Parameters<typeof nodeWebhookRequest>[0], {
        ...(url === undefined ? {} : { url }),
        ...(body === undefined ? {} : { body }),
      })
      await send(reply, await this.proxyFor()(web))
    }
  }
  return MediRoutesProxyController
}
