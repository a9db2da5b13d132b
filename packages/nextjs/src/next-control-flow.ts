/**
 * Digests of the errors Next.js throws to steer rendering (`redirect()`, `notFound()`,
 * `forbidden()`, dynamic rendering bail-outs). The same checks as Next's `unstable_rethrow`,
 * by digest, because importing `next/navigation` from a package breaks Turbopack's route
 * handler bundles and plain Node ESM alike.
 */
const EXACT_DIGESTS = new Set([
  'BAILOUT_TO_CLIENT_SIDE_RENDERING',
  'DYNAMIC_SERVER_USAGE',
  'HANGING_PROMISE_REJECTION',
  'NEXT_PRERENDER_INTERRUPTED',
])

/** Whether `error` (or its cause) is one of Next.js' control-flow signals, which must propagate. */
export function isNextControlFlow(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false
  const digest = (error as { digest?: unknown }).digest
  if (typeof digest === 'string' && (digest.startsWith('NEXT_') || EXACT_DIGESTS.has(digest))) {
    return true
  }
  if ((error as { $$typeof?: unknown }).$$typeof === Symbol.for('react.postpone')) return true
  return 'cause' in error && isNextControlFlow((error as { cause?: unknown }).cause, depth + 1)
}
