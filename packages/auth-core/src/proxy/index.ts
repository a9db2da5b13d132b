export type {
  MediRoutesAllowRule,
  MediRoutesProxyMethod,
  MediRoutesProxyProvider,
  MediRoutesProxyTarget,
} from './allow-rules.js'
export type {
  MediRoutesAuthorize,
  MediRoutesProxy,
  MediRoutesProxyOptions,
  MediRoutesProxyRoute,
} from './proxy.js'
export { createMediRoutesProxy } from './proxy.js'
export type { MediRoutesProxyRefusalCode } from './responses.js'
export { clientSecrets } from './secrets.js'
