/** Code of the error thrown when a server helper runs in a browser or in the Edge runtime. */
export const SERVER_ONLY_CODE = 'server_only'

/** The error a server helper throws outside the Node.js server runtime. */
export interface MediRoutesServerOnlyError extends Error {
  readonly code: typeof SERVER_ONLY_CODE
}

/**
 * The error for `caller` running where it must not: it would carry the MediRoutes password
 * and tokens to the browser. Built here, without the core, so the browser build stays small.
 */
export function serverOnlyError(caller: string): MediRoutesServerOnlyError {
  const error = new Error(
    `${caller} runs on the server only (Node.js runtime): call it from a Server Component, a route handler or a server action, not from a 'use client' module or the Edge runtime, which would expose MediRoutes credentials`,
  ) as Error & { code: typeof SERVER_ONLY_CODE }
  error.name = 'MediRoutesServerOnlyError'
  error.code = SERVER_ONLY_CODE
  return error
}

/**
 * Throws when running in a browser. Called inside each server helper rather than at import
 * time, so importing the package (for a type, or from shared code) never breaks a build.
 * @throws {MediRoutesServerOnlyError} `server_only` in a browser.
 */
export function assertServerRuntime(caller: string): void {
  const g = globalThis as { window?: unknown; document?: unknown }
  if (typeof g.window !== 'undefined' && typeof g.document !== 'undefined') {
    throw serverOnlyError(caller)
  }
}
