import { inspect } from 'node:util'
import {
  type MediRoutesAccess,
  MediRoutesAuthError,
  type MediRoutesClient,
  type MediRoutesEventName,
  type MediRoutesListener,
  type MediRoutesProviderClient,
  type TokenSet,
  type TokenStatus,
} from '@mediroutes/auth-core'

/**
 * Names of the accounts registered with `namespace`. Empty until you merge your own names into
 * it, which types `fastify.mediroutes.<name>` as a client instead of `MediRoutesClient | undefined`.
 * @example
 * declare module '@mediroutes/fastify' {
 *   interface MediRoutesNamespaces {
 *     broker: MediRoutesClient
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the application's declaration merging.
export interface MediRoutesNamespaces {}

/**
 * What `fastify.mediroutes` holds: the default client's methods (registered without `namespace`)
 * plus one property per namespace. Calling a client method when only namespaces are registered
 * throws `invalid_config`.
 */
export type MediRoutesClients = MediRoutesClient &
  MediRoutesNamespaces & { readonly [namespace: string]: MediRoutesClient | undefined }

/**
 * Where a registry keeps its default client: a symbol, so it never collides with a namespace.
 * Registered symbols (`Symbol.for`) so that an ESM and a CommonJS copy of this package loaded
 * in one app still see each other's clients.
 */
const DEFAULT_CLIENT: unique symbol = Symbol.for('@mediroutes/fastify/defaultClient')
/** Marks a registry, whichever copy of the package made it. */
const REGISTRY: unique symbol = Symbol.for('@mediroutes/fastify/registry')

/**
 * One per Fastify context that registered the plugin. A child context's registry inherits from
 * its parent's through the prototype chain, so it sees the parent's clients while its own never
 * leak to the parent or to a sibling: the same rule as Fastify's own decorators. The promise
 * methods are `async` so that a missing default client rejects, as the client's own would.
 */
class ClientRegistry implements MediRoutesClient {
  declare [DEFAULT_CLIENT]: MediRoutesClient | undefined

  get [REGISTRY](): true {
    return true
  }

  async fetch(input: string | URL, init?: RequestInit): Promise<Response> {
    return defaultClient(this).fetch(input, init)
  }

  async getAccessToken(): Promise<string> {
    return defaultClient(this).getAccessToken()
  }

  async getTokenSet(): Promise<TokenSet> {
    return defaultClient(this).getTokenSet()
  }

  async status(): Promise<TokenStatus> {
    return defaultClient(this).status()
  }

  async getAccess(): Promise<MediRoutesAccess> {
    return defaultClient(this).getAccess()
  }

  /** The default client's provider-scoped client; namespaces have their own (`fastify.mediroutes.broker.forProvider(...)`). */
  forProvider(nameOrApiKey: string): MediRoutesProviderClient {
    return defaultClient(this).forProvider(nameOrApiKey)
  }

  on<E extends MediRoutesEventName>(event: E, listener: MediRoutesListener<E>): () => void {
    return defaultClient(this).on(event, listener)
  }

  get baseUrl(): string {
    return defaultClient(this).baseUrl
  }

  get username(): string {
    return defaultClient(this).username
  }

  async close(): Promise<void> {
    return defaultClient(this).close()
  }

  toJSON(): Record<string, unknown> {
    return { default: this[DEFAULT_CLIENT] ?? null, ...namespacesOf(this) }
  }

  [inspect.custom](_depth: number, options: object): string {
    const shown = { default: this[DEFAULT_CLIENT], ...namespacesOf(this) }
    return `MediRoutesClients ${inspect(shown, options)}`
  }
}

/** Names a namespace may not take: the client's own members, `Object.prototype`'s, and `then` (a thenable would confuse `await`). */
function isReserved(name: string): boolean {
  return name in ClientRegistry.prototype || name === 'then'
}

function namespacesOf(registry: ClientRegistry): Record<string, MediRoutesClient> {
  const found: Record<string, MediRoutesClient> = {}
  // for…in on purpose: a child context also shows the namespaces it inherits.
  for (const name in registry) {
    const client = (registry as unknown as Record<string, MediRoutesClient>)[name]
    if (client !== undefined) found[name] = client
  }
  return found
}

function defaultClient(registry: ClientRegistry): MediRoutesClient {
  const client = registry[DEFAULT_CLIENT]
  if (client !== undefined) return client
  const names = Object.keys(namespacesOf(registry))
  const hint =
    names.length === 0
      ? 'register @mediroutes/fastify first'
      : `registered namespaces: ${names.join(', ')}; use fastify.mediroutes.${names[0]}, or register @mediroutes/fastify once without \`namespace\``
  throw new MediRoutesAuthError(
    'invalid_config',
    `@mediroutes/fastify: no default MediRoutes client on this Fastify instance (${hint})`,
  )
}

/**
 * `value` as a registry, for a `mediroutes` decorator found on an instance.
 * @throws {MediRoutesAuthError} `invalid_config` when something else already took the name.
 */
export function asClientRegistry(value: unknown): MediRoutesClients {
  if (typeof value === 'object' && value !== null && REGISTRY in value) {
    return value as unknown as MediRoutesClients
  }
  throw new MediRoutesAuthError(
    'invalid_config',
    '@mediroutes/fastify: fastify.mediroutes is already decorated by something else; remove that decorator or rename it',
  )
}

/** A registry for a context, inheriting from `parent` (the registry the context sees from its ancestors). */
export function createClientRegistry(parent?: MediRoutesClients): MediRoutesClients {
  const registry: ClientRegistry =
    parent === undefined ? new ClientRegistry() : Object.create(parent)
  return registry as unknown as MediRoutesClients
}

/**
 * Refuses a slot that is taken (here or in an ancestor context) or that no namespace may use.
 * Called before the plugin creates a client, so a refused registration leaves nothing to close.
 * @throws {MediRoutesAuthError} `invalid_config` naming the clash and the fix.
 */
export function assertSlotFree(clients: MediRoutesClients, namespace: unknown): void {
  const registry = clients as unknown as ClientRegistry
  if (namespace === undefined) {
    if (registry[DEFAULT_CLIENT] !== undefined) {
      throw new MediRoutesAuthError(
        'invalid_config',
        '@mediroutes/fastify is already registered without a namespace on this Fastify instance (or a parent context); pass `namespace` to add another account',
      )
    }
    return
  }
  if (typeof namespace !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(namespace)) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `@mediroutes/fastify: namespace must be a JavaScript identifier such as "broker", so fastify.mediroutes.<namespace> works (got ${typeof namespace === 'string' ? JSON.stringify(namespace) : typeof namespace})`,
    )
  }
  if (isReserved(namespace)) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `@mediroutes/fastify: namespace "${namespace}" is taken by a client member (fetch, status, close, …); choose another name`,
    )
  }
  if (namespace in registry) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `@mediroutes/fastify: namespace "${namespace}" is already registered on this Fastify instance (or a parent context); choose another name`,
    )
  }
}

/** Puts `client` in its slot; call {@link assertSlotFree} first. */
export function addClient(
  clients: MediRoutesClients,
  namespace: string | undefined,
  client: MediRoutesClient,
): void {
  const key = namespace ?? DEFAULT_CLIENT
  // Read-only: a route must not be able to swap the account for every later request.
  Object.defineProperty(clients, key, {
    value: client,
    enumerable: namespace !== undefined,
    writable: false,
    configurable: false,
  })
}
