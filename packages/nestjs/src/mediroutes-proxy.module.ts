import { createMediRoutesProxy } from '@mediroutes/auth-core/proxy'
import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type Type,
} from '@nestjs/common'
import { HttpAdapterHost } from '@nestjs/core'
import { createProxyController, useWildcardOf } from './mediroutes-proxy.controller.js'
import type { MediRoutesProxyModuleOptions } from './mediroutes-proxy.options.js'

/** Where the proxy is mounted when `path` is not given. */
const DEFAULT_PROXY_PATH = 'mediroutes'

/** Token of the controller class `forRoot` created. */
const MEDIROUTES_PROXY_CONTROLLER = Symbol('MEDIROUTES_PROXY_CONTROLLER')

/**
 * Mounts the core's deny-by-default browser proxy in a Nest app: every method below `/<path>`
 * goes to `createMediRoutesProxy`, which forwards only the `allow`ed MediRoutes paths, with the
 * server's token and the provider's API key added on the server. Works on the Express and the
 * Fastify platform; needs `MediRoutesModule` for the client.
 */
@Module({})
export class MediRoutesProxyModule implements NestModule {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(MEDIROUTES_PROXY_CONTROLLER) private readonly controller: Type,
  ) {}

  /**
   * Runs before Nest maps the routes, once the platform is known: Express wants `{*path}`,
   * Fastify `*` (Express would auto-convert `*`, but with a warning at every boot).
   */
  configure(_consumer: MiddlewareConsumer): void {
    useWildcardOf(this.controller, this.adapterHost.httpAdapter?.getType())
  }

  /**
   * @throws {MediRoutesAuthError} `invalid_config` at once for a bad option.
   * @example
   * MediRoutesProxyModule.forRoot({
   *   path: 'api/mediroutes',
   *   provider: 'Lakeside Medical Transport',
   *   allow: [{ path: '/api/v1/rides/getRidesByDate', methods: ['GET'] }],
   * })
   */
  static forRoot(options: MediRoutesProxyModuleOptions): DynamicModule {
    // Bad options fail at boot, not on the first request (the real proxy waits for the global prefix).
    const { path: _path, name: _name, ...core } = options
    createMediRoutesProxy({ ...core, client: () => Promise.reject(new Error('unused')) })
    const path = (options.path ?? DEFAULT_PROXY_PATH).replace(/^\/+|\/+$/g, '')
    const controller = createProxyController(path, options)
    return {
      module: MediRoutesProxyModule,
      controllers: [controller],
      providers: [{ provide: MEDIROUTES_PROXY_CONTROLLER, useValue: controller }],
    }
  }
}
