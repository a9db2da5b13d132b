import * as oidc from 'openid-client'
import {
  type Caller,
  type Contender,
  DEMO_CREDENTIALS,
  EXPIRY_WINDOW_SECONDS,
} from '../contender.js'

interface CachedTokens {
  accessToken: string
  refreshToken: string | undefined
  /** Epoch ms. */
  expiresAt: number
}

/**
 * openid-client v6 used directly, as a careful user would after reading its docs: a
 * `Configuration` built from known metadata (MediRoutes publishes no discovery document), the
 * password grant through `genericGrantRequest`, `refreshTokenGrant` when the token is about to
 * expire or the API answers 401, `fetchProtectedResource` for the call, and a small in-memory
 * cache in which concurrent callers share one grant in flight. No retries: the library has none
 * and its docs add none.
 */
export const openidClientContender: Contender = {
  id: 'openid-client',
  async createCaller(baseUrl: string): Promise<Caller> {
    const config = new oidc.Configuration(
      { issuer: baseUrl, token_endpoint: `${baseUrl}/token` },
      'mediroutes-bench',
      undefined,
      oidc.None(),
    )
    // The emulator listens on plain HTTP on loopback; production would be https.
    oidc.allowInsecureRequests(config)

    let cached: CachedTokens | undefined
    let inFlight: Promise<CachedTokens> | undefined

    const grant = async (): Promise<CachedTokens> => {
      let response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers
      const refreshToken = cached?.refreshToken
      try {
        response =
          refreshToken === undefined
            ? await oidc.genericGrantRequest(config, 'password', { ...DEMO_CREDENTIALS })
            : await oidc.refreshTokenGrant(config, refreshToken)
      } catch (error) {
        // A refused refresh token (expired, revoked or rotated) means logging in again.
        const refused =
          error instanceof oidc.ResponseBodyError && (error.status === 400 || error.status === 401)
        if (refreshToken === undefined || !refused) throw error
        response = await oidc.genericGrantRequest(config, 'password', { ...DEMO_CREDENTIALS })
      }
      cached = {
        accessToken: response.access_token,
        refreshToken: response.refresh_token ?? refreshToken,
        expiresAt: Date.now() + (response.expiresIn() ?? 0) * 1000,
      }
      return cached
    }
    const renew = (): Promise<CachedTokens> => {
      inFlight ??= grant().finally(() => {
        inFlight = undefined
      })
      return inFlight
    }
    const tokens = (): Promise<CachedTokens> =>
      cached !== undefined && Date.now() < cached.expiresAt - EXPIRY_WINDOW_SECONDS * 1000
        ? Promise.resolve(cached)
        : renew()
    const send = async (accessToken: string, path: string): Promise<Response> => {
      try {
        return await oidc.fetchProtectedResource(config, accessToken, new URL(path, baseUrl), 'GET')
      } catch (error) {
        // A 401 with a WWW-Authenticate challenge arrives as an error that carries the response.
        if (error instanceof oidc.WWWAuthenticateChallengeError) return error.response
        throw error
      }
    }

    return {
      async call(path) {
        const used = await tokens()
        let response = await send(used.accessToken, path)
        if (response.status === 401) {
          await response.arrayBuffer()
          // Refresh only if nobody replaced the refused token meanwhile; then retry once.
          const next = cached !== undefined && cached !== used ? cached : await renew()
          response = await send(next.accessToken, path)
        }
        await response.arrayBuffer()
        return response.status
      },
      close: async () => {},
    }
  },
}
