import { createMediRoutesClient } from '@mediroutes/auth-core'
import { CliError } from './cli-error.js'
import { palette, wantsColour } from './colour.js'
import { type CredentialFlags, resolveClientOptions } from './credentials.js'
import { EXIT_CODES, type ExitCode, exitCodeForStatus } from './exit-codes.js'
import type { CliIo } from './io.js'
import { formatJson } from './json-format.js'
import { readAll } from './read-stdin.js'
import { checkJsonBody, parseHeaders, parseMethod } from './request-options.js'

/** Flags of `mediroutes api`. */
export interface ApiFlags extends CredentialFlags {
  /** A JSON body, or `-` to read it from stdin. */
  data?: string
  /** `name:value` pairs, in order. */
  header?: string[]
  /** Print the body byte for byte instead of formatting JSON. */
  raw?: boolean
  /** Call as this provider (its name, as `mediroutes access` lists it): its API key is added. */
  provider?: string
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i

/** Hints for the statuses people meet most; the message never includes the body or headers. */
const STATUS_HINTS: Record<number, string> = {
  401: 'the token was refused even after a refresh; check the account’s API access',
  403: 'this account may not be allowed to do that',
  404: 'check the path and the id',
  429: 'MediRoutes is rate limiting this client; wait and try again',
}

/**
 * Sends one request through the core client (which adds, refreshes and replays the token) and
 * prints the answer: formatted JSON (coloured on a terminal), other text as is, or exactly the
 * bytes received with `--raw`. A non-2xx answer is still printed, and a line on stderr and the
 * exit status say what went wrong.
 */
export async function apiCommand(
  rawMethod: string,
  path: string,
  flags: ApiFlags,
  io: CliIo,
): Promise<ExitCode> {
  const method = parseMethod(rawMethod)
  const headers = parseHeaders(flags.header ?? [])
  const bodyFromStdin = flags.data === '-'
  if (flags.data !== undefined && (method === 'GET' || method === 'HEAD')) {
    throw new CliError(EXIT_CODES.usage, `${method} requests cannot carry a body; drop --data`)
  }
  const options = await resolveClientOptions(flags, io, bodyFromStdin)
  const body = bodyFromStdin ? await readAll(io.stdin) : flags.data
  if (body !== undefined) {
    checkJsonBody(body, bodyFromStdin ? 'the body on stdin' : '--data')
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }
  if (!headers.has('accept')) headers.set('accept', 'application/json')
  const client = createMediRoutesClient(options)
  try {
    const target = flags.provider === undefined ? client : client.forProvider(flags.provider)
    const response = await target.fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    })
    const exitCode = exitCodeForStatus(response.status)
    const printed = await printBody(response, flags.raw === true, io)
    if (exitCode !== EXIT_CODES.ok) {
      const hint = STATUS_HINTS[response.status]
      const where = new URL(response.url || client.baseUrl).pathname
      io.stderr.write(
        `mediroutes: ${method} ${where} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${hint ? `; ${hint}` : ''}\n`,
      )
      return exitCode
    }
    if (!printed) {
      io.stderr.write(
        'mediroutes: the response says it is JSON but is not valid JSON; it was printed as received\n',
      )
      return EXIT_CODES.invalidResponse
    }
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}

/** Writes the body to stdout. Returns false when it claimed to be JSON but did not parse. */
async function printBody(response: Response, raw: boolean, io: CliIo): Promise<boolean> {
  if (raw) {
    const bytes = new Uint8Array(await response.arrayBuffer())
    if (bytes.length > 0) io.stdout.write(bytes)
    return true
  }
  const text = await response.text()
  if (text === '') return true
  const withNewline = text.endsWith('\n') ? text : `${text}\n`
  if (!JSON_TYPE.test(response.headers.get('content-type') ?? '')) {
    io.stdout.write(withNewline)
    return true
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    io.stdout.write(withNewline)
    return false
  }
  io.stdout.write(`${formatJson(value, palette(wantsColour(io.stdout, io.env)))}\n`)
  return true
}
