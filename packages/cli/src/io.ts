/** A writable stream as the CLI uses it: output, and whether a person is looking at it. */
export interface CliOutput {
  write(chunk: string | Uint8Array): unknown
  /** True when the stream is a terminal (colour, warnings); false or absent when piped. */
  isTTY?: boolean
}

/** A readable stream as the CLI uses it: stdin for `--password-stdin`, `--data -` and the prompt. */
export type CliInput = NodeJS.ReadableStream & {
  isTTY?: boolean
  setRawMode?: (mode: boolean) => unknown
}

/**
 * Everything the CLI touches outside itself, so tests and embedders can run it without a
 * process of its own. Default: the process's streams and environment.
 */
export interface CliIo {
  stdin: CliInput
  stdout: CliOutput
  stderr: CliOutput
  /** Read for `MEDIROUTES_*` and `NO_COLOR`. */
  env: Record<string, string | undefined>
}

/** The current process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  }
}
