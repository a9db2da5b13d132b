import type { AccessTokenSigner } from './jwt.js'
import { messageReply, type Reply } from './reply.js'
import type { TokenRegistry } from './token-registry.js'

/** The body ASP.NET Web API answers a refused request with. */
export const DENIED_MESSAGE = 'Authorization has been denied for this request.'

const BEARER = /^bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i

/**
 * Checks the `Authorization: Bearer <jwt>` of an API request: signature, expiry at the
 * emulator's `nowMs`, and that it was issued here and not revoked since.
 *
 * Returns the caller's username when the request may proceed, else the 401 to answer. Without any
 * `Authorization` header the challenge carries no error code, as RFC 6750 §3.1 asks;
 * every other refusal says `error="invalid_token"`.
 */
export async function authenticate(
  authorization: string | undefined,
  signer: AccessTokenSigner,
  registry: TokenRegistry,
  nowMs: number,
): Promise<{ username: string } | Reply> {
  if (authorization === undefined || authorization.trim() === '') return denied('Bearer')
  const token = BEARER.exec(authorization)?.[1]
  if (token === undefined) return denied('Bearer error="invalid_token"')
  const check = await signer.verify(token, nowMs)
  if (!check.valid || !registry.isAccessTokenLive(check.jti)) {
    return denied('Bearer error="invalid_token"')
  }
  return { username: check.username }
}

function denied(challenge: string): Reply {
  return messageReply(401, DENIED_MESSAGE, { 'WWW-Authenticate': challenge })
}
