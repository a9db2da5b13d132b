import { isMediRoutesAuthError } from '@mediroutes/auth-core'
import { CliError } from './cli-error.js'
import { EXIT_CODES, type ExitCode, exitCodeForError } from './exit-codes.js'
import { PromptCancelledError } from './password-prompt.js'

/** What to do next, per core error code; the core's own message says what happened. */
const NEXT_STEP: Partial<Record<string, string>> = {
  network_error:
    'check the base URL (--base-url or MEDIROUTES_BASE_URL) and that this machine can reach it',
  timeout: 'MediRoutes did not answer in time; try again, or allow longer with --timeout <ms>',
  server_error: 'MediRoutes is failing; try again later',
  rate_limited: 'wait a moment and try again',
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`
}

/**
 * Turns any failure into the line printed on stderr and the exit status. Only messages written
 * to be shown are used: the core's (which never hold secrets) and the CLI's own.
 */
export function describeFailure(error: unknown): { exitCode: ExitCode; message: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message }
  if (error instanceof PromptCancelledError) {
    return { exitCode: EXIT_CODES.interrupted, message: error.message }
  }
  if (isMediRoutesAuthError(error)) {
    let next = NEXT_STEP[error.code]
    if (error.code === 'rate_limited' && error.retryAfterMs !== undefined) {
      next = `MediRoutes asked to wait ${seconds(error.retryAfterMs)}; try again after that`
    }
    return {
      exitCode: exitCodeForError(error.code),
      message: next ? `${error.message}; ${next}` : error.message,
    }
  }
  // A bug rather than a MediRoutes answer: say so, with the error's class only (its text could be anything).
  const kind = error instanceof Error ? error.name : typeof error
  return {
    exitCode: EXIT_CODES.internal,
    message: `unexpected ${kind}; please report it with the command you ran (without secrets)`,
  }
}
