import { isMediRoutesAuthError } from './errors.js'

const IDENTIFIER = /^[A-Za-z_$][\w$]{0,63}$/

/**
 * The class name of a thrown value (`TypeError`, `VaultError`), or its `typeof` for a non-object:
 * what may be said about an error whose message could hold anything (a user function's, a store's).
 */
export function errorClassName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return error === null ? 'null' : typeof error
  const constructorName = (error as { constructor?: { name?: unknown } }).constructor?.name
  if (typeof constructorName === 'string' && IDENTIFIER.test(constructorName))
    return constructorName
  const own = (error as { name?: unknown }).name
  return typeof own === 'string' && IDENTIFIER.test(own) ? own : 'Object'
}

/**
 * A log-safe description of a thrown value: a `MediRoutesAuthError`'s secret-free `toJSON()`,
 * otherwise only its class name and string `code`, never its message (which might echo input
 * or a secret).
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (isMediRoutesAuthError(error)) return error.toJSON()
  const own = (error as { name?: unknown } | null)?.name
  const described: Record<string, unknown> = {
    name: typeof own === 'string' && IDENTIFIER.test(own) ? own : errorClassName(error),
  }
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && IDENTIFIER.test(code)) described.code = code
  return described
}
