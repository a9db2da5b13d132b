import { createInterface, emitKeypressEvents } from 'node:readline'
import type { CliInput, CliOutput } from './io.js'

/** Thrown when the user presses Ctrl+C or Ctrl+D at a prompt. */
export class PromptCancelledError extends Error {
  override readonly name = 'PromptCancelledError'
  constructor() {
    super('cancelled at the prompt')
  }
}

interface Keypress {
  name?: string
  ctrl?: boolean
  meta?: boolean
  sequence?: string
}

/** True when a person can answer prompts: stdin is a terminal that supports raw mode and stderr shows them. */
export function canPrompt(stdin: CliInput, stderr: CliOutput): boolean {
  return stdin.isTTY === true && typeof stdin.setRawMode === 'function' && stderr.isTTY === true
}

/**
 * Asks a visible question on `output` (stderr, so stdout stays clean for `--json`) and resolves
 * with the trimmed answer.
 */
export async function promptVisible(
  question: string,
  input: CliInput,
  output: CliOutput,
): Promise<string> {
  const rl = createInterface({ input, output: output as NodeJS.WritableStream, terminal: true })
  let onClose = (): void => {}
  try {
    return await new Promise<string>((resolve, reject) => {
      onClose = () => reject(new PromptCancelledError())
      rl.once('SIGINT', onClose)
      rl.once('close', onClose)
      rl.question(question, (answer) => resolve(answer.trim()))
    })
  } finally {
    // Only our listener: readline's own 'close' listeners restore the terminal for the next prompt.
    rl.off('close', onClose)
    rl.close()
  }
}

/**
 * Reads a line without echoing it. The terminal is put in raw mode and keys are handled here, so
 * nothing typed ever reaches the screen, scrollback or a terminal log; Backspace and Ctrl+U edit,
 * Enter submits, Ctrl+C or Ctrl+D on an empty line cancels.
 * @throws {PromptCancelledError} when the user cancels.
 */
export function promptHidden(
  question: string,
  input: CliInput,
  output: CliOutput,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = ''
    emitKeypressEvents(input)
    const finish = (outcome: () => void): void => {
      input.removeListener('keypress', onKey)
      input.setRawMode?.(false)
      input.pause()
      output.write('\n')
      outcome()
    }
    const onKey = (text: string | undefined, key: Keypress = {}): void => {
      if (key.ctrl && (key.name === 'c' || (key.name === 'd' && value === ''))) {
        finish(() => reject(new PromptCancelledError()))
      } else if (key.name === 'return' || key.name === 'enter') {
        finish(() => resolve(value))
      } else if (key.name === 'backspace') {
        value = Array.from(value).slice(0, -1).join('')
      } else if (key.ctrl && key.name === 'u') {
        value = ''
      } else if (text && !key.ctrl && !key.meta && !text.startsWith('\u001b')) {
        value += text
      }
    }
    // Raw mode first: whatever is typed once the question shows must never be echoed.
    input.setRawMode?.(true)
    output.write(question)
    input.on('keypress', onKey)
    input.resume()
  })
}
