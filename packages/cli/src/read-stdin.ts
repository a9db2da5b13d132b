import type { CliInput } from './io.js'

/** Largest stdin the CLI accepts, so a wrong pipe (a log file, /dev/zero) fails instead of filling memory. */
const MAX_STDIN_BYTES = 10 * 1024 * 1024

/**
 * Reads stdin to its end as UTF-8.
 * @throws {RangeError} when stdin holds more than 10 MiB.
 */
export async function readAll(stdin: CliInput): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    size += buffer.length
    if (size > MAX_STDIN_BYTES) throw new RangeError('stdin holds more than 10 MiB')
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The first line of stdin without its line ending, as `docker login --password-stdin` reads
 * it: `printf '%s' "$PW" | …` and `echo "$PW" | …` both work.
 */
export async function readFirstLine(stdin: CliInput): Promise<string> {
  const text = await readAll(stdin)
  return text.split(/\r?\n/, 1)[0] ?? ''
}
