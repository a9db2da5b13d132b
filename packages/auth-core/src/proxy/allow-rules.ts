import { configError } from '../errors.js'

/** Methods the proxy can forward. `OPTIONS` is answered by the proxy itself. */
export const FORWARDABLE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** An HTTP method the proxy can forward. */
export type MediRoutesProxyMethod = (typeof FORWARDABLE_METHODS)[number]

/** What a provider function and the `authorize` hook are told: the method and the checked MediRoutes path. */
export interface MediRoutesProxyTarget {
  method: string
  /** The path MediRoutes would get, e.g. `/api/v1/rides/getRidesByDate`, already checked against `allow`. */
  path: string
}

/**
 * The transportation provider a call is made for: its name as the access claims list it, or a
 * function of the (server-side) request that returns one. Never taken from the browser as is:
 * the browser does not choose whose key is used.
 */
export type MediRoutesProxyProvider =
  | string
  | ((request: Request, target: MediRoutesProxyTarget) => string | Promise<string>)

/** One entry of `allow`: a path prefix, alone or with its methods and the provider it calls for. */
export type MediRoutesAllowRule =
  | string
  | {
      path: string
      methods: readonly MediRoutesProxyMethod[]
      /** The provider whose API key is added to calls under `path`. Default: the proxy's `provider`. */
      provider?: MediRoutesProxyProvider
    }

/** A validated rule: the prefix as segments, its methods, and its provider (if any). */
export interface ResolvedRule {
  path: string
  segments: readonly string[]
  methods: ReadonlySet<string>
  provider: MediRoutesProxyProvider | undefined
}

/**
 * Characters refused in a path segment after decoding: `%` (double encoding, which a server
 * decoding again would turn into `../`), backslash (a separator on IIS), and control characters.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const UNSAFE_SEGMENT = /[%\\\u0000-\u001f\u007f]/

function methodList(methods: unknown, where: string): Set<string> {
  if (!Array.isArray(methods) || methods.length === 0) {
    throw configError(`${where} must be a non-empty array of methods such as ['GET', 'POST']`)
  }
  const set = new Set<string>()
  for (const method of methods) {
    const upper = typeof method === 'string' ? method.toUpperCase() : ''
    if (!(FORWARDABLE_METHODS as readonly string[]).includes(upper)) {
      throw configError(
        `${where} lists ${JSON.stringify(method)}; use ${FORWARDABLE_METHODS.join(', ')} (OPTIONS is answered by the proxy)`,
      )
    }
    set.add(upper)
  }
  if (set.has('GET')) set.add('HEAD')
  return set
}

/**
 * Checks a provider option once, when the proxy is created.
 * @throws {MediRoutesAuthError} `invalid_config` naming the option.
 */
export function checkProvider(
  provider: unknown,
  where: string,
): MediRoutesProxyProvider | undefined {
  if (provider === undefined) return undefined
  if (typeof provider === 'function') return provider as MediRoutesProxyProvider
  if (typeof provider === 'string' && provider.trim() !== '') return provider
  throw configError(
    `${where} must be a provider name as the access claims list it, or a function (request) => name`,
  )
}

/**
 * Validates `allow` and `methods` once, when the proxy is created.
 * @throws {MediRoutesAuthError} `invalid_config` naming the entry to fix.
 */
export function resolveAllowRules(allow: unknown, defaultMethods: unknown): ResolvedRule[] {
  if (!Array.isArray(allow) || allow.length === 0) {
    throw configError(
      "allow is required: list the MediRoutes path prefixes the browser may reach, e.g. allow: ['/api/v1/rides/getRidesByDate']",
    )
  }
  const fallback = methodList(defaultMethods, 'methods')
  return allow.map((entry: unknown, index) => {
    const rule = (typeof entry === 'object' && entry !== null ? entry : {}) as {
      path?: unknown
      methods?: unknown
      provider?: unknown
    }
    const path = typeof entry === 'string' ? entry : rule.path
    const where = `allow[${index}]`
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw configError(`${where} must be a path starting with "/", such as '/api/v1/singletrip'`)
    }
    const segments = path.split('/').filter((segment) => segment !== '')
    if (segments.length === 0) {
      throw configError(
        `${where} is "/", which would forward every path; list the API paths the app needs`,
      )
    }
    if (
      /[?#]/.test(path) ||
      segments.some((s) => s === '.' || s === '..' || UNSAFE_SEGMENT.test(s)) ||
      path.includes('//')
    ) {
      throw configError(
        `${where} (${JSON.stringify(path)}) must be a plain path: no "..", "//", "%", "\\", query or fragment`,
      )
    }
    const methods =
      typeof entry === 'string' ? fallback : methodList(rule.methods, `${where}.methods`)
    const provider =
      typeof entry === 'string' ? undefined : checkProvider(rule.provider, `${where}.provider`)
    return { path: `/${segments.join('/')}`, segments, methods, provider }
  })
}

/**
 * The path as MediRoutes would see it, from segments decoded once: encoded slashes split,
 * empty and `.` segments dropped, `..` applied. `undefined` for a path that climbs above the
 * root or holds a character no API path needs.
 */
export function normalizeSegments(decoded: readonly string[]): string[] | undefined {
  const out: string[] = []
  for (const part of decoded.flatMap((segment) => segment.split('/'))) {
    if (UNSAFE_SEGMENT.test(part)) return undefined
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (out.pop() === undefined) return undefined
      continue
    }
    out.push(part)
  }
  return out
}

/** Decodes the segments of a raw URL path; `undefined` when one is not valid percent-encoding. */
export function decodePath(rawPath: string): string[] | undefined {
  try {
    return rawPath.split('/').map((segment) => decodeURIComponent(segment))
  } catch {
    return undefined
  }
}

/** The rule whose prefix matches `segments` on whole segments; the longest prefix wins. */
export function matchRule(
  rules: readonly ResolvedRule[],
  segments: readonly string[],
): ResolvedRule | undefined {
  let best: ResolvedRule | undefined
  for (const rule of rules) {
    if (rule.segments.length > segments.length) continue
    if (!rule.segments.every((segment, i) => segments[i] === segment)) continue
    if (best === undefined || rule.segments.length > best.segments.length) best = rule
  }
  return best
}

/** Segments encoded for the upstream URL, so MediRoutes gets exactly the path that was checked. */
export function encodeSegments(segments: readonly string[]): string {
  return `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`
}
