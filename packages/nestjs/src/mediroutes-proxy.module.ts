import { createMediRoutesProxy } from '@mediroutes/auth-core/proxy'
import { type DynamicModule, Module } from '@nestjs/common'
import { createProxyController } from './mediroutes-proxy.controller.js'
import type { MediRoutesProxyModuleOptions } from './mediroutes-proxy.options.js'

/** Where the proxy is mounted when `path` is not given. */
const DEFAULT_PROXY_PATH = 'mediroutes'

/**
 * Mounts the core's deny-by-default browser proxy in a Nest app: every method below `/<path>`
 * goes to `createMediRoutesProxy`, which forwards only the `allow`ed MediRoutes paths, with the
 * server's token and the provider's API key added on the server. Works on the Express and the
 * Fastify platform; needs `MediRoutesModule` for the client.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest identifies modules by class.
export class MediRoutesProxyModule {
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
    return {
      module: MediRoutesProxyModule,
      controllers: [createProxyController(path, options)],
    }
  }
}
