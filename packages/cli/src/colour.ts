import { styleText } from 'node:util'
import type { CliOutput } from './io.js'

/** The styles the CLI uses; each returns its text unchanged when colour is off. */
export interface Palette {
  key(text: string): string
  string(text: string): string
  number(text: string): string
  literal(text: string): string
  label(text: string): string
  good(text: string): string
  warn(text: string): string
}

type Format = Parameters<typeof styleText>[0]
// Node 22 added `validateStream`, which would look at process.stdout; the decision below is ours.
const style = styleText as (
  format: Format,
  text: string,
  options?: { validateStream?: boolean },
) => string

/**
 * Colour only for a person at a terminal: `NO_COLOR` (any non-empty value, see no-color.org)
 * turns it off, `FORCE_COLOR` (non-empty, not `0`) turns it on even when piped.
 */
export function wantsColour(stream: CliOutput, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true
}

function painter(format: Format, on: boolean): (text: string) => string {
  return on ? (text) => style(format, text, { validateStream: false }) : (text) => text
}

/** A palette that colours when `on`, and leaves text untouched otherwise. */
export function palette(on: boolean): Palette {
  return {
    key: painter('blue', on),
    string: painter('green', on),
    number: painter('yellow', on),
    literal: painter('magenta', on),
    label: painter('bold', on),
    good: painter('green', on),
    warn: painter('yellow', on),
  }
}
