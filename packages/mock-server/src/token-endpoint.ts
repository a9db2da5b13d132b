import { randomBytes } from 'node:crypto'
import type { EmulatorClock } from './clock.js'
import type { AccessTokenSigner } from './jwt.js'
import type { Reply } from './reply.js'
import { mediaType } from './request-body.js'
import type { TokenRegistry } from './token-registry.js'
import type { Account, UserDirectory } from './users.js'

/** The content type of every `/token` answer, spelled as OWIN sends it. */
export const TOKEN_CONTENT_TYPE = 'application/json;charset=UTF-8'

/** Settings of the token endpoint, defaults already applied. */
export interface TokenEndpointSettings {
  tokenLifetimeSeconds: number
  rotateRefreshTokens: boolean
  refreshRejectionStatus: 400 | 401
}

/** What a token request did: which grant succeeded, or that it was rejected. */
export type TokenOutcome = 'password' | 'refresh' | 'rejected'

/** The answer to a token request and its outcome, for the counters. */
export interface TokenResult {
  reply: Reply
  outcome: TokenOutcome
}

/** Form fields that must not be sent twice: which copy wins would be a guess. */
const SINGLE_VALUED = ['grant_type', 'username', 'password', 'refresh_token', 'client_id']

/**
 * Parses a `/token` body as a form, or returns `null` when the content type is not
 * `application/x-www-form-urlencoded` (any parameters, e.g. a charset, are fine).
 */
export function parseTokenForm(
  contentType: string | undefined,
  body: Buffer,
): URLSearchParams | null {
  if (mediaType(contentType) !== 'application/x-www-form-urlencoded') return null
  return new URLSearchParams(body.toString('utf8'))
}

/**
 * `POST /token`: the password and refresh grants of the vendor's OWIN endpoint.
 */
export class TokenEndpoint {
  readonly #users: UserDirectory
  readonly #registry: TokenRegistry
  readonly #signer: AccessTokenSigner
  readonly #clock: EmulatorClock
  readonly #settings: TokenEndpointSettings

  constructor(deps: {
    users: UserDirectory
    registry: TokenRegistry
    signer: AccessTokenSigner
    clock: EmulatorClock
    settings: TokenEndpointSettings
  }) {
    this.#users = deps.users
    this.#registry = deps.registry
    this.#signer = deps.signer
    this.#clock = deps.clock
    this.#settings = deps.settings
  }

  /**
   * Answers a token request. `form` is `null` when the body was not a form.
   * Never throws for a bad request: every problem is an OAuth error reply.
   */
  async handle(method: string, form: URLSearchParams | null): Promise<TokenResult> {
    if (method !== 'POST') {
      return rejected(405, 'invalid_request', 'The token endpoint only accepts POST.', {
        Allow: 'POST',
      })
    }
    if (form === null) {
      return rejected(
        400,
        'invalid_request',
        'The request body must be application/x-www-form-urlencoded.',
      )
    }
    const repeated = SINGLE_VALUED.find((name) => form.getAll(name).length > 1)
    if (repeated !== undefined) {
      return rejected(
        400,
        'invalid_request',
        `The "${repeated}" parameter was sent more than once.`,
      )
    }
    const grantType = form.get('grant_type')
    const clientId = form.get('client_id')
    if (grantType === 'password') return this.#passwordGrant(form, clientId)
    if (grantType === 'refresh_token') return this.#refreshGrant(form, clientId)
    return rejected(
      401,
      'unsupported_grant_type',
      grantType === null || grantType === ''
        ? 'The "grant_type" parameter is missing: send "password" or "refresh_token".'
        : `The grant type "${grantType}" is not supported: send "password" or "refresh_token".`,
    )
  }

  /**
   * A success body that issues nothing: its tokens are unknown to the registry. The
   * `truncated-json` fault serves half of it without processing the request.
   */
  async sampleSuccess(): Promise<Reply> {
    const account = this.#users.first()
    const lifetime = this.#settings.tokenLifetimeSeconds
    const access = await this.#signer.sign(account, this.#clock.now(), lifetime)
    const refreshToken = randomBytes(48).toString('base64url')
    return {
      status: 200,
      headers: tokenHeaders(),
      body: successBody(access, refreshToken, account.username, lifetime),
    }
  }

  async #passwordGrant(form: URLSearchParams, clientId: string | null): Promise<TokenResult> {
    const username = form.get('username')
    const password = form.get('password')
    // The vendor documents 401 for "username, password and/or grant type incorrect",
    // and nothing else for a missing one.
    if (!username || !password) {
      return rejected(401, 'invalid_grant', 'The user name or password is incorrect.')
    }
    const account = this.#users.authenticate(username, password)
    if (account === undefined) {
      return rejected(401, 'invalid_grant', 'The user name or password is incorrect.')
    }
    const refreshToken = this.#registry.issueRefreshToken({ username: account.username, clientId })
    return { reply: await this.#issue(account, refreshToken), outcome: 'password' }
  }

  async #refreshGrant(form: URLSearchParams, clientId: string | null): Promise<TokenResult> {
    const presented = form.get('refresh_token')
    if (!presented) {
      return rejected(400, 'invalid_request', 'The refresh grant needs "refresh_token".')
    }
    const grant = this.#registry.findRefreshToken(presented)
    const account = grant && this.#users.find(grant.username)
    if (grant === undefined || account === undefined) {
      return rejected(
        this.#settings.refreshRejectionStatus,
        'invalid_grant',
        'The refresh token is invalid, expired, revoked or was already used.',
      )
    }
    let refreshToken = presented
    if (this.#settings.rotateRefreshTokens) {
      this.#registry.revokeRefreshToken(presented)
      refreshToken = this.#registry.issueRefreshToken({
        username: account.username,
        clientId: clientId ?? grant.clientId,
      })
    }
    return { reply: await this.#issue(account, refreshToken), outcome: 'refresh' }
  }

  async #issue(account: Account, refreshToken: string): Promise<Reply> {
    const lifetime = this.#settings.tokenLifetimeSeconds
    const access = await this.#signer.sign(account, this.#clock.now(), lifetime)
    this.#registry.recordAccessToken(access.jti)
    return {
      status: 200,
      headers: tokenHeaders(),
      body: successBody(access, refreshToken, account.username, lifetime),
    }
  }
}

/** The OWIN success body, fields in the vendor's order; dates in RFC 1123 (UTC). */
function successBody(
  access: { token: string; issuedAt: number; expiresAt: number },
  refreshToken: string,
  userName: string,
  lifetimeSeconds: number,
): string {
  return JSON.stringify({
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: lifetimeSeconds,
    refresh_token: refreshToken,
    userName,
    '.issued': new Date(access.issuedAt * 1000).toUTCString(),
    '.expires': new Date(access.expiresAt * 1000).toUTCString(),
  })
}

/** Token answers must never be cached (RFC 6749 §5.1); OWIN also sends `Pragma`. */
function tokenHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Content-Type': TOKEN_CONTENT_TYPE,
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...extra,
  }
}

function rejected(
  status: number,
  error: string,
  description: string,
  headers?: Record<string, string>,
): TokenResult {
  return {
    reply: {
      status,
      headers: tokenHeaders(headers),
      body: JSON.stringify({ error, error_description: description }),
    },
    outcome: 'rejected',
  }
}
