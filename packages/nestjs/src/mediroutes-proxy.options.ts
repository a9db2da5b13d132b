import type { MediRoutesProxyOptions } from '@mediroutes/auth-core/proxy'

/**
 * Options of `MediRoutesProxyModule.forRoot`: the core proxy's (`@mediroutes/auth-core/proxy`),
 * with the client taken from `MediRoutesModule` and the mount path from `path`.
 */
export type MediRoutesProxyModuleOptions = Omit<
  MediRoutesProxyOptions,
  'client' | 'mountPath' | 'logger'
> & {
  /** Where the proxy is mounted, below any global prefix. Default `mediroutes`. */
  path?: string
  /** The `MediRoutesModule` client to call with (its `name`). Default: the default client. */
  name?: string
  /** Where refusals and failures are logged. Default: Nest's logger, context `MediRoutesProxy`. */
  logger?: MediRoutesProxyOptions['logger']
}
