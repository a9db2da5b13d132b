/**
 * `@mediroutes/auth-core/internal`: what the MediRoutes packages (the framework adapters, the
 * Redis store, the CLI) share so that none keeps a copy. It is **not covered by semantic
 * versioning**: anything here may change in any release. Applications should import from
 * `@mediroutes/auth-core` only.
 * @packageDocumentation
 */
export { describeError, errorClassName } from './describe-error.js'
export { configError } from './errors.js'
export type { HttpErrorBody } from './http-error.js'
export { httpErrorBody, httpErrorHeaders, httpErrorResponse } from './http-error.js'
export { checkLogger, silentLogger } from './logger.js'
export { DEFAULT_BASE_URL, withEnvironment, withoutUndefined } from './options.js'
export type { SleepOptions } from './retry.js'
export { abortable, sleep } from './retry.js'
export { TOKEN_REQUESTS_PER_SECOND } from './token-request-pacer.js'
export { describeTokenSet, isTokenSet, tokenSetProblem } from './token-set.js'
