import { type AccessToken, ResourceOwnerPassword } from 'simple-oauth2'
import {
  type Caller,
  type Contender,
  DEMO_CREDENTIALS,
  EXPIRY_WINDOW_SECONDS,
  statusAfterBody,
} from '../contender.js'

/**
 * simple-oauth2's resource-owner password grant as its README shows it: `getToken` to log in,
 * `expired(window)` before each use, `refresh()` when it says so. Two things a careful user adds:
 * concurrent callers share the grant in flight, and a 401 from the API triggers one refresh and
 * one retry. A failed refresh drops the token so the next call logs in again.
 */
export const simpleOauth2Contender: Contender = {
  id: 'simple-oauth2',
  async createCaller(baseUrl: string): Promise<Caller> {
    const client = new ResourceOwnerPassword({
      // MediRoutes has no OAuth client credentials; the library requires the fields.
      client: { id: '', secret: '' },
      auth: { tokenHost: baseUrl, tokenPath: '/token' },
    })
    let token: AccessToken | undefined
    let inFlight: Promise<AccessToken> | undefined

    const renew = (): Promise<AccessToken> => {
      inFlight ??= (async () => {
        try {
          token =
            token === undefined
              ? await client.getToken({ ...DEMO_CREDENTIALS })
              : await token.refresh()
          return token
        } catch (error) {
          token = undefined
          throw error
        } finally {
          inFlight = undefined
        }
      })()
      return inFlight
    }
    const current = (): Promise<AccessToken> =>
      token !== undefined && !token.expired(EXPIRY_WINDOW_SECONDS)
        ? Promise.resolve(token)
        : renew()
    const send = (accessToken: AccessToken, path: string): Promise<Response> =>
      fetch(`${baseUrl}${path}`, {
        headers: { authorization: `Bearer ${String(accessToken.token.access_token)}` },
      })

    return {
      async call(path) {
        let response = await send(await current(), path)
        if (response.status === 401) {
          await response.arrayBuffer()
          response = await send(await renew(), path)
        }
        return statusAfterBody(response)
      },
      close: async () => {},
    }
  },
}
