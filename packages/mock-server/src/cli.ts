#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { BROKER_USER, DEMO_USER } from './providers.js'
import { startMockServer } from './server.js'
import type { MockServer, MockServerOptions, MockUser } from './types.js'

const USAGE = `Usage: mediroutes-mock [options]

Runs the MediRoutes API emulator until Ctrl+C.

Options:
  --port <n>             TCP port; 0 picks a free one (default 4010)
  --host <address>       interface to listen on (default 127.0.0.1)
  --user <name:password> an account to accept; repeat for more
                         (default demo:demo-password and broker:broker-password)
  --token-lifetime <s>   access token lifetime in seconds (default 86400)
  --base-path <path>     serve everything under this prefix, e.g. /external
  --no-rotate            keep refresh tokens valid after use (default: rotate)
  --rate-limit-per <w>   second or minute: the vendor's two readings (default second)
  --rate-limit-window <ms>  squeeze that window, e.g. 3000, for tests of the minute reading
  --no-rate-limit        turn the vendor's rate limits off
  -h, --help             show this help`

/** Thrown for a bad command line: print the message and the usage, exit 2. */
class UsageError extends Error {}

/**
 * Turns the command line into server options.
 *
 * @throws {UsageError} for an unknown flag or a value that is not usable.
 */
function parseCommandLine(argv: string[]): MockServerOptions | 'help' {
  let parsed: ReturnType<typeof parseFlags>
  try {
    parsed = parseFlags(argv)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values } = parsed
  if (values.help) return 'help'
  const options: MockServerOptions = {
    port: integer(values.port, '--port'),
    host: values.host,
    tokenLifetimeSeconds: integer(values['token-lifetime'], '--token-lifetime'),
    rotateRefreshTokens: !values['no-rotate'],
  }
  if (values['base-path'] !== undefined) options.basePath = values['base-path']
  const per = values['rate-limit-per']
  if (per !== undefined && per !== 'second' && per !== 'minute') {
    throw new UsageError(`--rate-limit-per must be second or minute, got "${per}"`)
  }
  const window = values['rate-limit-window']
  if (values['no-rate-limit']) options.rateLimit = false
  else if (per !== undefined || window !== undefined) {
    options.rateLimit = {
      ...(per === undefined ? {} : { per }),
      ...(window === undefined ? {} : { windowMs: integer(window, '--rate-limit-window') }),
    }
  }
  if (values.user !== undefined) options.users = values.user.map(user)
  return options
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      user: { type: 'string', multiple: true },
      'token-lifetime': { type: 'string', default: '86400' },
      'base-path': { type: 'string' },
      'no-rotate': { type: 'boolean', default: false },
      'rate-limit-per': { type: 'string' },
      'rate-limit-window': { type: 'string' },
      'no-rate-limit': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
}

function integer(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, got "${value}"`)
  return Number(value)
}

function user(value: string): MockUser {
  const colon = value.indexOf(':')
  if (colon <= 0 || colon === value.length - 1) {
    // The value is not echoed: it may well be a password typed without its user.
    throw new UsageError(
      '--user must look like name:password (the password starts after the first colon)',
    )
  }
  return { username: value.slice(0, colon), password: value.slice(colon + 1) }
}

async function main(): Promise<void> {
  let options: MockServerOptions | 'help'
  try {
    options = parseCommandLine(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`mediroutes-mock: ${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (options === 'help') {
    console.log(USAGE)
    return
  }
  let server: MockServer
  try {
    server = await startMockServer(options)
  } catch (error) {
    console.error(`mediroutes-mock: ${(error as Error).message}`)
    process.exit(error instanceof TypeError || error instanceof RangeError ? 2 : 1)
  }
  const names = (options.users ?? [DEMO_USER, BROKER_USER]).map((account) => account.username)
  console.log(`MediRoutes emulator listening on ${server.url}`)
  console.log(`Users: ${names.join(', ')}`)
  const stop = (): void => {
    server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main()
