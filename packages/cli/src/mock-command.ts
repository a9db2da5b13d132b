import type { MockServerOptions, MockUser } from '@mediroutes/mock-server'
import { CliError } from './cli-error.js'
import { EXIT_CODES, type ExitCode } from './exit-codes.js'
import type { CliIo } from './io.js'

/** Flags of `mediroutes mock`, the same as those of `mediroutes-mock`. */
export interface MockFlags {
  port: string
  host: string
  user?: string[]
  tokenLifetime: string
  basePath?: string
  /** False with `--no-rotate`. */
  rotate: boolean
  /** False with `--no-rate-limit`. */
  rateLimit: boolean
}

function usage(message: string): CliError {
  return new CliError(EXIT_CODES.usage, message)
}

function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw usage(`${flag} must be a whole number, got "${value}"`)
  return Number(value)
}

function account(value: string): MockUser {
  const colon = value.indexOf(':')
  if (colon <= 0 || colon === value.length - 1) {
    // Not echoed: it may be a password typed without its user.
    throw usage('--user must look like name:password (the password starts after the first colon)')
  }
  return { username: value.slice(0, colon), password: value.slice(colon + 1) }
}

/** Turns the flags into emulator options. @throws {CliError} exit 2 for a bad value. */
export function mockServerOptions(flags: MockFlags): MockServerOptions {
  const options: MockServerOptions = {
    port: wholeNumber(flags.port, '--port'),
    host: flags.host,
    tokenLifetimeSeconds: wholeNumber(flags.tokenLifetime, '--token-lifetime'),
    rotateRefreshTokens: flags.rotate,
  }
  if (flags.basePath !== undefined) options.basePath = flags.basePath
  if (!flags.rateLimit) options.rateLimit = false
  if (flags.user !== undefined) options.users = flags.user.map(account)
  return options
}

/** Resolves on the first SIGINT or SIGTERM. */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve(signal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

/**
 * Runs the emulator until SIGINT or SIGTERM, then closes it and resolves with exit 0. Prints the
 * URL and the usernames, never a password.
 */
export async function mockCommand(flags: MockFlags, io: CliIo): Promise<ExitCode> {
  const options = mockServerOptions(flags)
  // Loaded here so `token` and `api` do not pay for the emulator's code, and need it not
  // installed at all: it is an optional peer dependency.
  const { DEMO_USER, startMockServer } = await loadMockServer()
  let server: Awaited<ReturnType<typeof startMockServer>>
  try {
    server = await startMockServer(options)
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown }
    if (e.code === 'EADDRINUSE') {
      throw usage(`port ${options.port} is already in use; pass --port 0 for a free one`)
    }
    if (error instanceof TypeError || error instanceof RangeError) throw usage(error.message)
    throw error
  }
  const stopped = shutdownSignal()
  const names = (options.users ?? [DEMO_USER]).map((user) => user.username)
  io.stdout.write(`MediRoutes emulator listening on ${server.url}\nUsers: ${names.join(', ')}\n`)
  io.stderr.write(
    `Point the SDK or this CLI at it: export MEDIROUTES_BASE_URL=${server.url}\nStop with Ctrl+C.\n`,
  )
  await stopped
  await server.close()
  return EXIT_CODES.ok
}

/** The emulator package, or a usage error that says how to install it. */
async function loadMockServer(): Promise<typeof import('@mediroutes/mock-server')> {
  try {
    return await import('@mediroutes/mock-server')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error
    throw usage(
      '`mediroutes mock` runs the emulator, which is a separate package: npm install --save-dev @mediroutes/mock-server',
    )
  }
}
