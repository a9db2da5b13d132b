export type { ExitCode } from './exit-codes.js'
export { EXIT_CODES } from './exit-codes.js'
export type { CliInput, CliIo, CliOutput } from './io.js'
export { run } from './run.js'
