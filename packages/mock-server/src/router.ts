import type { Reply } from './reply.js'

/** Handles one method of one route; `params` are the pattern's capture groups, URI-decoded. */
export type Handler<C> = (context: C, params: string[]) => Reply | Promise<Reply>

/** A path pattern (anchored) and its handlers by method. */
export interface Route<C> {
  pattern: RegExp
  methods: Partial<Record<string, Handler<C>>>
}

/** Where a request lands: a handler, a known path with another method, or nowhere. */
export type RouteMatch<C> =
  | { kind: 'found'; handler: Handler<C>; params: string[] }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' }

/** Finds the route for `method` and `path`; the first matching pattern decides. */
export function matchRoute<C>(
  routes: readonly Route<C>[],
  method: string,
  path: string,
): RouteMatch<C> {
  for (const route of routes) {
    const match = route.pattern.exec(path)
    if (match === null) continue
    const handler = route.methods[method]
    if (handler === undefined) {
      return { kind: 'method-not-allowed', allow: Object.keys(route.methods).join(', ') }
    }
    const params = match.slice(1).map((param) => safeDecode(param ?? ''))
    return { kind: 'found', handler, params }
  }
  return { kind: 'not-found' }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
