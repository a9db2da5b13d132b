import { Command, CommanderError, Option } from 'commander'
import packageJson from '../package.json' with { type: 'json' }
import { type AccessFlags, accessCommand } from './access-command.js'
import { type ApiFlags, apiCommand } from './api-command.js'
import { PASSWORD_FLAG_REFUSAL } from './credentials.js'
import { EXIT_CODES } from './exit-codes.js'
import { describeFailure } from './failure-message.js'
import { type CliIo, processIo } from './io.js'
import { type MockFlags, mockCommand } from './mock-command.js'
import { type TokenFlags, tokenCommand } from './token-command.js'

const EXIT_STATUS_HELP = `
Exit status:
  0    success
  1    the API answered a 4xx status other than 429 (api)
  2    usage or configuration error (bad flag, missing username, bad URL)
  3    MediRoutes refused the username or password
  4    rate limited (HTTP 429) for longer than the client waits
  5    MediRoutes unreachable, too slow, or failing with a 5xx
  6    MediRoutes answered something that is not valid (e.g. HTML instead of JSON)
  70   an unexpected internal error
  130  cancelled at the password prompt

Environment:
  MEDIROUTES_BASE_URL   API root URL (default https://api.mediroutes.com)
  MEDIROUTES_USERNAME   account username
  MEDIROUTES_PASSWORD   account password
  MEDIROUTES_CLIENT_ID  OAuth client id, when your account has one
  NO_COLOR              set to turn colour off`

function addCredentialOptions(command: Command): Command {
  return command
    .option('--base-url <url>', 'API root URL (default: MEDIROUTES_BASE_URL, else production)')
    .option('--username <name>', 'account username (default: MEDIROUTES_USERNAME)')
    .option(
      '--password-stdin',
      'read the password from the first line of stdin (default: MEDIROUTES_PASSWORD, else a prompt)',
    )
    .option('--timeout <ms>', 'give up on each HTTP attempt after this long (default 10000)')
    .addOption(new Option('--password <value>', PASSWORD_FLAG_REFUSAL).hideHelp())
}

/**
 * Commander quotes an unknown option as typed, value included (`--passwd=Hunter2`, `-pHunter2`):
 * name the option only, since the value may be a secret typed into the wrong flag.
 */
function withoutOptionValues(text: string): string {
  return text.replace(/unknown option '(--[^'=\s]+|-[^-'\s])[^']*'/g, "unknown option '$1'")
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** The command tree; `done` receives each command's exit status. */
function program(io: CliIo, done: (code: number) => void): Command {
  const root = new Command('mediroutes')
    .description(
      'Check MediRoutes credentials, call the API with a managed token, run the emulator.',
    )
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .addHelpText('after', EXIT_STATUS_HELP)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) =>
        write(`mediroutes: ${withoutOptionValues(text.replace(/^error: /, ''))}`),
    })

  addCredentialOptions(
    root
      .command('token')
      .description(
        'get a token with your credentials and show its subject, user name and expiry (never the token itself unless asked)',
      )
      .option(
        '--print-token',
        'also print the access token (alone on stdout, the summary moves to stderr)',
      )
      .option('--json', 'print the summary as JSON for scripts'),
  )
    .addHelpText(
      'after',
      `
Examples:
  MEDIROUTES_USERNAME=demo mediroutes token            # prompts for the password
  printf '%s' "$PW" | mediroutes token --username demo --password-stdin --json
  TOKEN=$(mediroutes token --print-token)              # for Swagger or curl`,
    )
    .action(async (flags: TokenFlags) => done(await tokenCommand(flags, io)))

  addCredentialOptions(
    root
      .command('api')
      .description('call the API with a managed token and print the answer (JSON formatted)')
      .argument('<method>', 'GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS')
      .argument('<path>', 'a path under the base URL, e.g. "/api/v1/access" (quote it)')
      .option('-d, --data <json>', 'JSON request body; - reads it from stdin')
      .option('-H, --header <name:value>', 'extra request header; repeat for more', collect)
      .option('--raw', 'print the body exactly as received, without formatting')
      .option(
        '--provider <name>',
        "call as this provider: its API key (from the account's access claims) is added as api_key or tp_api_key",
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  mediroutes api GET /api/v1/access                   # the providers and funding sources you may use
  mediroutes api --provider "Lakeside Medical Transport" GET "/api/v1/rides/getRidesByDate?date=2026-12-05"
  jq -n --arg g "$GUID" '{trip_guid: $g, reason: "rider ill"}' \\
    | mediroutes api --provider "Lakeside Medical Transport" POST /api/v1/singletrip/cancel --data -`,
    )
    .action(async (method: string, path: string, flags: ApiFlags) =>
      done(await apiCommand(method, path, flags, io)),
    )

  addCredentialOptions(
    root
      .command('access')
      .description(
        'list the providers and funding sources this account may act for (API keys masked unless asked)',
      )
      .option('--show-keys', 'print the API keys in full')
      .option('--json', 'print the list as JSON for scripts'),
  )
    .addHelpText(
      'after',
      `
Examples:
  mediroutes access
  mediroutes access --json | jq -r '.providers[].name'
  mediroutes api --provider "Lakeside Medical Transport" GET "/api/v1/rides/getRidesByDate?date=2026-12-05"`,
    )
    .action(async (flags: AccessFlags) => done(await accessCommand(flags, io)))

  root
    .command('mock')
    .description('run the MediRoutes emulator until Ctrl+C (the same as mediroutes-mock)')
    .option('--port <n>', 'TCP port; 0 picks a free one', '4010')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option(
      '--user <name:password>',
      'an account to accept; repeat for more (default demo:demo-password)',
      collect,
    )
    .option('--token-lifetime <s>', 'access token lifetime in seconds', '86400')
    .option('--base-path <path>', 'serve everything under this prefix, e.g. /external')
    .option('--no-rotate', 'keep refresh tokens valid after use (default: rotate)')
    .option('--no-rate-limit', "turn the vendor's rate limits off")
    .action(async (flags: MockFlags) => done(await mockCommand(flags, io)))

  return root
}

/**
 * Runs `mediroutes` with `argv` (the arguments after the program name) and resolves with the
 * exit status; it never calls `process.exit`. Errors are printed to `io.stderr` as one line that
 * says what to fix, without secrets.
 * @param io default: the process's streams and environment.
 * @example
 * process.exitCode = await run(process.argv.slice(2))
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT_CODES.ok
  try {
    await program(io, (code) => {
      exitCode = code
    }).parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the help, the version or the error.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage
    }
    const failure = describeFailure(error)
    io.stderr.write(`mediroutes: ${failure.message}\n`)
    return failure.exitCode
  }
}
