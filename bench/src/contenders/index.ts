import type { Contender, ContenderId } from '../contender.js'

/** What some contenders need besides the base URL. */
export interface ContenderSetup {
  /** The baseline's fixed access token. */
  accessToken?: string
  /** Redis for `sdk-redis`. */
  redisUrl?: string
  /** Redis key prefix for `sdk-redis`, unique per run. */
  keyPrefix?: string
}

/**
 * The contender for `id`. Each library is imported only when asked for, so a fleet process
 * starts with the one it runs and nothing else.
 * @throws when `setup` lacks what the contender needs (a token for the baseline, Redis for sdk-redis).
 */
export async function contenderFor(
  id: ContenderId,
  setup: ContenderSetup = {},
): Promise<Contender> {
  switch (id) {
    case 'plain-fetch': {
      if (setup.accessToken === undefined) throw new Error('the baseline needs an access token')
      const { plainFetchContender } = await import('./plain-fetch.js')
      return plainFetchContender(setup.accessToken)
    }
    case 'sdk-memory':
      return (await import('./sdk.js')).sdkMemoryContender
    case 'sdk-redis': {
      if (setup.redisUrl === undefined)
        throw new Error('sdk-redis needs redisUrl (start Redis first)')
      const { sdkRedisContender } = await import('./sdk-redis.js')
      return sdkRedisContender(setup.redisUrl, setup.keyPrefix ?? 'mediroutes-bench:')
    }
    case 'openid-client':
      return (await import('./openid-client.js')).openidClientContender
    case 'simple-oauth2':
      return (await import('./simple-oauth2.js')).simpleOauth2Contender
    case 'axios-auth-refresh':
      return (await import('./axios-auth-refresh.js')).axiosAuthRefreshContender
  }
}
