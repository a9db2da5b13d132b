import type { Logger, MediRoutesClient, MediRoutesProviderClient } from '@mediroutes/auth-core'
import {
  type MediRoutesActionError,
  type MediRoutesResult,
  toMediRoutesActionError,
} from './action-error.js'
import { consoleLogger, describeError } from './console-logger.js'
import { fetchMediRoutesJson, type MediRoutesRequestInit } from './fetch-json.js'
import { isNextControlFlow } from './next-control-flow.js'
import { containsSecret, currentSecrets } from './secret-scan.js'
import { assertServerRuntime } from './server-only.js'
import { getMediRoutesClient, peekMediRoutesClient } from './shared-client.js'

/** Options for {@link mediRoutesAction}. */
export interface MediRoutesActionOptions {
  /** The client whose tokens must never be in a result. Default: the shared client, when one exists. */
  client?: MediRoutesClient
  /** Where failures are logged, with details the browser does not get. Default: the server console, warnings and errors only. */
  logger?: Logger
}

const LEAKED: MediRoutesActionError = {
  code: 'unexpected',
  status: 500,
  message: 'The result was withheld because it contained a MediRoutes token; see the server log.',
}

/**
 * Wraps the body of a server action so that it returns a {@link MediRoutesResult}: a plain,
 * serialisable `{ ok: true, data }`, or `{ ok: false, error }` with a `code` and a message the UI
 * can show, instead of a thrown error that Next.js would hide behind a generic digest.
 * The wrapper is an async function, as `'use server'` files require of their exports;
 * `redirect()` and `notFound()` still work. A result holding the client's access or refresh
 * token is withheld (and logged) rather than sent to the browser.
 *
 * @throws {TypeError} at once when `action` is not a function.
 * @example
 * 'use server'
 * export const cancelTrip = mediRoutesAction(async (formData: FormData) => {
 *   const tripGuid = String(formData.get('tripGuid'))
 *   return fetchMediRoutesJson('/api/v1/singletrip/cancel', {
 *     method: 'POST',
 *     json: { trip_guid: tripGuid },
 *     provider: 'Lakeside Medical Transport', // from your server-side rules, never from the form
 *   })
 * })
 */
export function mediRoutesAction<Args extends unknown[], T>(
  action: (...args: Args) => T | Promise<T>,
  options: MediRoutesActionOptions = {},
): (...args: Args) => Promise<MediRoutesResult<T>> {
  if (typeof action !== 'function') {
    throw new TypeError('mediRoutesAction(action) expects the action as a function')
  }
  const logger = options.logger ?? consoleLogger
  return async function mediRoutesServerAction(...args: Args): Promise<MediRoutesResult<T>> {
    assertServerRuntime('mediRoutesAction()')
    let data: T
    try {
      data = await action(...args)
    } catch (error) {
      // Next.js signals redirect(), notFound() and dynamic rendering by throwing: let those through.
      if (isNextControlFlow(error)) throw error
      const failure = toMediRoutesActionError(error)
      const level =
        failure.code === 'api_error' ? 'info' : failure.code === 'unexpected' ? 'error' : 'warn'
      logger[level]({ err: describeError(error), code: failure.code }, 'MediRoutes call failed')
      return { ok: false, error: failure }
    }
    const secrets = await currentSecrets(options.client ?? peekMediRoutesClient())
    if (containsSecret(data, secrets)) {
      logger.error(
        { code: 'token_in_result' },
        'a server action tried to return a MediRoutes token; withheld',
      )
      return { ok: false, error: { ...LEAKED } }
    }
    return { ok: true, data }
  }
}

/**
 * {@link fetchMediRoutesJson} that never throws for MediRoutes trouble: it returns a
 * {@link MediRoutesResult}, ready to render or to return from a server action.
 *
 * @example
 * const result = await callMediRoutes<{ Data: Trip[] }>(`/api/v1/rides/getRidesByDate?date=${today}`, {
 *   provider: 'Lakeside Medical Transport',
 * })
 * if (!result.ok) return <p role="alert">{result.error.message}</p>
 */
export function callMediRoutes<T = unknown>(
  path: string,
  init: MediRoutesRequestInit & { logger?: Logger } = {},
): Promise<MediRoutesResult<T>> {
  assertServerRuntime('callMediRoutes()')
  const { logger, ...request } = init
  return mediRoutesAction(() => fetchMediRoutesJson<T>(path, request), {
    ...(request.client === undefined ? {} : { client: request.client }),
    ...(logger === undefined ? {} : { logger }),
  })()
}

/**
 * The shared client bound to one transportation provider, for Server Components and server
 * actions: every call carries that provider's API key, added on the server (the browser never
 * chooses or sees a key), with typed helpers such as `trips.getByDate(date)`. Wrap calls in
 * {@link mediRoutesAction} to return a result the UI can show; its scan then covers the key too.
 *
 * @throws {MediRoutesServerOnlyError} `server_only` in a browser.
 * @throws {MediRoutesAuthError} `invalid_config` for an empty name; calls reject with `unknown_provider` or `access_denied`.
 * @example
 * 'use server'
 * export const tripsOfToday = mediRoutesAction(async (date: string) =>
 *   getMediRoutesProvider('Lakeside Medical Transport').trips.getByDate(date),
 * )
 */
export function getMediRoutesProvider(
  provider: string,
  client: MediRoutesClient = getMediRoutesClient(),
): MediRoutesProviderClient {
  assertServerRuntime('getMediRoutesProvider()')
  return client.forProvider(provider)
}
