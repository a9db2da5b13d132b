import axios, { isAxiosError } from 'axios'
import { createAuthRefresh } from 'axios-auth-refresh'
import { type Caller, type Contender, DEMO_CREDENTIALS } from '../contender.js'

/** What the plugin hands the refresh logic: the failed request's response, whose config is replayed. */
interface FailedRequest {
  response: { config: { headers: Record<string, string> } }
}

interface TokenResponse {
  access_token: string
  refresh_token?: string
}

/**
 * axios with axios-auth-refresh, as its README shows it: a request interceptor adds the current
 * token, and `createAuthRefresh` (default options, as recommended) runs the refresh logic on a 401,
 * pausing the instance and replaying the failed request. The refresh logic uses the refresh token
 * and logs in with the password when it is refused. Before the first token exists, the request
 * interceptor waits for one shared login, as a server would do at start-up.
 */
export const axiosAuthRefreshContender: Contender = {
  id: 'axios-auth-refresh',
  async createCaller(baseUrl: string): Promise<Caller> {
    const api = axios.create({ baseURL: baseUrl })
    let accessToken: string | undefined
    let refreshToken: string | undefined
    let login: Promise<string> | undefined

    const tokenRequest = async (form: Record<string, string>): Promise<string> => {
      const { data } = await axios.post<TokenResponse>(
        `${baseUrl}/token`,
        new URLSearchParams(form),
      )
      accessToken = data.access_token
      refreshToken = data.refresh_token ?? refreshToken
      return accessToken
    }
    const logIn = (): Promise<string> => {
      login ??= tokenRequest({ grant_type: 'password', ...DEMO_CREDENTIALS }).finally(() => {
        login = undefined
      })
      return login
    }

    api.interceptors.request.use(async (request) => {
      request.headers.Authorization = `Bearer ${accessToken ?? (await logIn())}`
      return request
    })
    // The plugin's typings resolve axios's CommonJS types, ours the ESM ones: same instance, two names.
    const instance = api as unknown as Parameters<typeof createAuthRefresh>[0]
    createAuthRefresh(instance, async (failedRequest: FailedRequest) => {
      let token: string
      try {
        token =
          refreshToken === undefined
            ? await logIn()
            : await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken })
      } catch (error) {
        const status = isAxiosError(error) ? error.response?.status : undefined
        if (refreshToken === undefined || (status !== 400 && status !== 401)) throw error
        refreshToken = undefined
        token = await logIn()
      }
      failedRequest.response.config.headers.Authorization = `Bearer ${token}`
    })

    return {
      async call(path) {
        try {
          return (await api.get(path, { responseType: 'arraybuffer' })).status
        } catch (error) {
          // axios rejects every non-2xx answer; the harness wants the status.
          if (isAxiosError(error) && error.response !== undefined) return error.response.status
          throw error
        }
      },
      close: async () => {},
    }
  },
}
