import type { ExitCode } from './exit-codes.js'

/**
 * A failure the CLI reports as one line on stderr and an exit status. Its message must say what
 * to fix and must never hold a password or token.
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  readonly exitCode: ExitCode

  constructor(exitCode: ExitCode, message: string) {
    super(message)
    this.exitCode = exitCode
  }
}
