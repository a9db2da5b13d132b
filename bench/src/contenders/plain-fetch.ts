import { type Caller, type Contender, statusAfterBody } from '../contender.js'

/**
 * The baseline: `fetch` with a fixed `Authorization` header and no token logic at all. The
 * harness hands it a token it fetched beforehand, so its rows show what the call costs alone.
 */
export function plainFetchContender(accessToken: string): Contender {
  return {
    id: 'plain-fetch',
    async createCaller(baseUrl: string): Promise<Caller> {
      const headers = { authorization: `Bearer ${accessToken}` }
      return {
        call: async (path) => statusAfterBody(await fetch(`${baseUrl}${path}`, { headers })),
        close: async () => {},
      }
    },
  }
}

/**
 * A password grant sent by hand, for the baseline's token.
 * @throws when the emulator does not answer 200 with an access token.
 */
export async function fetchAccessToken(
  baseUrl: string,
  credentials: { username: string; password: string },
): Promise<string> {
  const response = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', ...credentials }),
  })
  const body = (await response.json()) as { access_token?: unknown }
  if (response.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`the baseline's password grant answered ${response.status}`)
  }
  return body.access_token
}
