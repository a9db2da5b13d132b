import type { MediRoutesClient as CoreMediRoutesClient } from '@mediroutes/auth-core'

/**
 * The authenticated MediRoutes client, as an injection token and a type:
 * `constructor(private readonly mediroutes: MediRoutesClient) {}` receives the default client
 * registered by `MediRoutesModule`. Named clients are injected with `@InjectMediRoutes(name)`.
 *
 * Nest needs a runtime value to inject by type, and the core's client is an interface, so this
 * abstract class stands in for it; its members come from the core's `MediRoutesClient` by
 * interface merging (as `@nestjs/cache-manager` does), so they cannot drift from it. The
 * instance injected is the client created by `createMediRoutesClient` from
 * `@mediroutes/auth-core`, not a subclass: do not test it with `instanceof`. The module closes
 * the clients it created on shutdown; do not call `close()` on those yourself.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the class is the injection token, the interface its members
export abstract class MediRoutesClient {}

/** The core's client members, merged into the injection token's type. */
export interface MediRoutesClient extends CoreMediRoutesClient {}
