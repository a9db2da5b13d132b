import type { MediRoutesClientOptions } from '@mediroutes/auth-core'
import { withEnvironment } from '@mediroutes/auth-core/internal'
import { CliError } from './cli-error.js'
import { EXIT_CODES } from './exit-codes.js'
import type { CliIo } from './io.js'
import { canPrompt, promptHidden, promptVisible } from './password-prompt.js'
import { readFirstLine } from './read-stdin.js'

/** The flags `token` and `api` share for saying which account to use. */
export interface CredentialFlags {
  baseUrl?: string
  username?: string
  passwordStdin?: boolean
  /** Accepted by the parser only to be refused with an explanation. */
  password?: string
  timeout?: string
}

/** Why `--password <value>` is refused; shown whenever someone tries it. */
export const PASSWORD_FLAG_REFUSAL =
  '--password is not accepted: a password on the command line stays in your shell history and ' +
  'is visible to every user of this machine in `ps`. Set MEDIROUTES_PASSWORD, pipe it in with ' +
  '--password-stdin, or run in a terminal to be prompted.'

function usage(message: string): CliError {
  return new CliError(EXIT_CODES.usage, message)
}

function timeoutMs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw) || Number(raw) === 0) {
    throw usage(`--timeout must be a whole number of milliseconds above 0, got "${raw}"`)
  }
  return Number(raw)
}

/**
 * Works out the client options for `token` and `api`. Each value comes from its flag, else its
 * `MEDIROUTES_*` variable, else (username and password only) a prompt when a person is at a
 * terminal. The password is read from stdin only with `--password-stdin`.
 * @param stdinTaken true when stdin is already the request body (`--data -`).
 * @throws {CliError} exit 2 naming the missing value and every way to give it.
 */
export async function resolveClientOptions(
  flags: CredentialFlags,
  io: CliIo,
  stdinTaken = false,
): Promise<MediRoutesClientOptions> {
  if (flags.password !== undefined) throw usage(PASSWORD_FLAG_REFUSAL)
  const interactive = canPrompt(io.stdin, io.stderr)
  // The core's options rule: each value given (here, by a flag) wins, each one left out comes from MEDIROUTES_*.
  const known = withEnvironment({ baseUrl: flags.baseUrl, username: flags.username }, io.env)
  let username = known.username
  if (username === undefined && interactive) {
    username = await promptVisible('MediRoutes username: ', io.stdin, io.stderr)
  }
  if (!username) {
    throw usage('no username: pass --username or set MEDIROUTES_USERNAME')
  }
  let password: string | undefined
  if (flags.passwordStdin) {
    if (stdinTaken) {
      throw usage(
        '--password-stdin and --data - both read stdin; pass the body inline with --data, or the password in MEDIROUTES_PASSWORD',
      )
    }
    password = interactive
      ? await promptHidden('MediRoutes password: ', io.stdin, io.stderr)
      : await readFirstLine(io.stdin)
    if (password === '') throw usage('--password-stdin read an empty password from stdin')
  } else if (typeof known.password === 'string' && known.password) {
    password = known.password
  } else if (interactive && !stdinTaken) {
    password = await promptHidden(`Password for ${username}: `, io.stdin, io.stderr)
    if (password === '') throw usage('no password was typed')
  } else {
    throw usage(
      'no password: set MEDIROUTES_PASSWORD, pipe it in with --password-stdin, or run in a terminal to be prompted',
    )
  }
  if (password === undefined) throw usage('no password was given')
  const options: MediRoutesClientOptions = { ...known, username, password }
  const timeout = timeoutMs(flags.timeout)
  if (timeout !== undefined) options.timeoutMs = timeout
  return options
}
