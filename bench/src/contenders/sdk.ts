import { createMediRoutesClient, type TokenStore } from '@mediroutes/auth-core'
import {
  type Caller,
  type Contender,
  DEMO_CREDENTIALS,
  EXPIRY_WINDOW_SECONDS,
  statusAfterBody,
} from '../contender.js'

/** A caller on this SDK's `client.fetch`, with `store` (default: the SDK's own memory store). */
export function sdkCaller(
  baseUrl: string,
  store?: TokenStore,
  onClose?: () => Promise<void>,
): Caller {
  const client = createMediRoutesClient({
    baseUrl,
    ...DEMO_CREDENTIALS,
    // The same early-refresh window the peers get; everything else is the SDK's default.
    refreshWindowMs: EXPIRY_WINDOW_SECONDS * 1000,
    ...(store === undefined ? {} : { store }),
  })
  return {
    call: async (path) => statusAfterBody(await client.fetch(path)),
    close: async () => {
      await client.close()
      await onClose?.()
    },
  }
}

/** This SDK with its default in-process store: what one process gets out of the box. */
export const sdkMemoryContender: Contender = {
  id: 'sdk-memory',
  createCaller: async (baseUrl) => sdkCaller(baseUrl),
}
