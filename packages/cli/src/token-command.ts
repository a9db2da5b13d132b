import { createMediRoutesClient } from '@mediroutes/auth-core'
import { palette, wantsColour } from './colour.js'
import { type CredentialFlags, resolveClientOptions } from './credentials.js'
import { describeDuration } from './durations.js'
import { EXIT_CODES, type ExitCode } from './exit-codes.js'
import type { CliIo } from './io.js'
import { readAccessTokenClaims } from './jwt-payload.js'

/** Flags of `mediroutes token`. */
export interface TokenFlags extends CredentialFlags {
  printToken?: boolean
  json?: boolean
}

/** What `mediroutes token --json` prints (plus `accessToken` with `--print-token`). */
export interface TokenReport {
  baseUrl: string
  username: string
  /** The JWT's `sub` claim, read without verifying the signature; null when the token is not a JWT. */
  subject: string | null
  /** The `userName` MediRoutes returned with the token (else the username sent). */
  userName: string
  tokenType: string
  issuedAt: string
  expiresAt: string
  expiresInSeconds: number
  hasRefreshToken: boolean
  accessToken?: string
}

function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
}

/**
 * Gets a token with the given credentials and describes it. The token itself is printed only
 * with `--print-token`: then stdout holds just the token (or the JSON), so
 * `TOKEN=$(mediroutes token --print-token)` works, and the summary moves to stderr.
 */
export async function tokenCommand(flags: TokenFlags, io: CliIo): Promise<ExitCode> {
  const client = createMediRoutesClient(await resolveClientOptions(flags, io))
  try {
    const tokens = await client.getTokenSet()
    const claims = readAccessTokenClaims(tokens.accessToken)
    const report: TokenReport = {
      baseUrl: client.baseUrl,
      username: client.username,
      subject: claims?.sub ?? null,
      userName: tokens.userName ?? client.username,
      tokenType: tokens.tokenType,
      issuedAt: new Date(tokens.issuedAt).toISOString(),
      expiresAt: new Date(tokens.expiresAt).toISOString(),
      expiresInSeconds: Math.floor((tokens.expiresAt - Date.now()) / 1000),
      hasRefreshToken: tokens.refreshToken !== undefined,
    }
    if (flags.printToken) {
      report.accessToken = tokens.accessToken
      if (io.stdout.isTTY) {
        io.stderr.write(
          `${palette(wantsColour(io.stderr, io.env)).warn('warning:')} the token below lets anyone call MediRoutes as ${report.userName} until ${utc(tokens.expiresAt)}; keep it out of tickets, chats and logs\n`,
        )
      }
    }
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
      return EXIT_CODES.ok
    }
    const summaryStream = flags.printToken ? io.stderr : io.stdout
    const paint = palette(wantsColour(summaryStream, io.env))
    const rows: [string, string][] = [
      ['Subject', report.subject ?? '(the token is not a JWT)'],
      ['User name', report.userName],
      ['Issued', utc(tokens.issuedAt)],
      ['Expires', utc(tokens.expiresAt)],
      ['Expires in', describeDuration(tokens.expiresAt - Date.now())],
    ]
    summaryStream.write(
      `${paint.good('Credentials accepted')} by ${report.baseUrl}\n${rows
        .map(([label, value]) => `  ${paint.label(label.padEnd(11))} ${value}\n`)
        .join('')}`,
    )
    if (flags.printToken) io.stdout.write(`${tokens.accessToken}\n`)
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}
