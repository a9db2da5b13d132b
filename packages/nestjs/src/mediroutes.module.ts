import type { ConfigurableModuleAsyncOptions, DynamicModule } from '@nestjs/common'
import { Module } from '@nestjs/common'
import {
  DEFAULT_MEDIROUTES_CLIENT_NAME,
  MEDIROUTES_MODULE_OPTIONS,
} from './mediroutes.constants.js'
import { ConfigurableModuleClass, clientProviders } from './mediroutes.module-definition.js'
import type { MediRoutesModuleExtras, MediRoutesModuleOptions } from './mediroutes.options.js'

/** Options of `MediRoutesModule.forRoot`: client options plus `isGlobal` and `name`. */
export type MediRoutesModuleRootOptions = MediRoutesModuleOptions & MediRoutesModuleExtras

/**
 * Options of `MediRoutesModule.forRootAsync`: `useFactory` with `inject`, `useClass` or
 * `useExisting` (a class with `createMediRoutesOptions()`), `imports`, plus `isGlobal` and `name`.
 */
export type MediRoutesModuleAsyncOptions = ConfigurableModuleAsyncOptions<
  MediRoutesModuleOptions,
  'createMediRoutesOptions'
> &
  MediRoutesModuleExtras

/**
 * The module behind `forRoot` and `forRootAsync`. It is a separate class from `MediRoutesModule`
 * because Nest merges a class's own `@Module()` metadata into every dynamic module of that class,
 * and `MediRoutesModule`'s own metadata is the environment-configured default client.
 */
@Module({})
export class MediRoutesCoreModule extends ConfigurableModuleClass {}

const fromEnvironment = clientProviders(DEFAULT_MEDIROUTES_CLIENT_NAME)

/**
 * Provides an authenticated MediRoutes client to a Nest app.
 *
 * - `imports: [MediRoutesModule]`: the default client, configured from `MEDIROUTES_*`.
 * - `MediRoutesModule.forRoot({ username, password, ... })`: configured in code.
 * - `MediRoutesModule.forRootAsync({ imports, inject, useFactory })` (or `useClass`/`useExisting`):
 *   configured from another provider, such as `ConfigService`.
 *
 * Inject the client by type (`constructor(private readonly mediroutes: MediRoutesClient)`) or
 * with `@InjectMediRoutes(name?)`. On application shutdown (call `app.enableShutdownHooks()` or
 * `app.close()`) the module closes each client it created, never one handed in.
 *
 * Boot fails with the core's `invalid_config` `MediRoutesAuthError` when the configuration is
 * incomplete: the message names the option or variable to set.
 */
@Module({
  providers: [{ provide: MEDIROUTES_MODULE_OPTIONS, useValue: {} }, ...fromEnvironment.providers],
  exports: fromEnvironment.exports,
})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest identifies modules by class.
export class MediRoutesModule {
  /**
   * Registers a client configured in code. `isGlobal` (default false) makes it injectable
   * everywhere; `name` (default: the default client) registers a named client.
   * @throws {MediRoutesAuthError} `invalid_config` at once for a bad `name` or `isGlobal`, and at boot for bad client options.
   */
  static forRoot(options: MediRoutesModuleRootOptions): DynamicModule {
    return MediRoutesCoreModule.forRoot(options)
  }

  /**
   * Registers a client whose options come from a factory, a class or an existing provider,
   * resolved at boot. `name` and `isGlobal` stay outside the factory: Nest needs them to build the
   * module graph before any factory runs.
   * @throws {MediRoutesAuthError} `invalid_config` at once for a bad `name` or `isGlobal`, and at boot for bad client options.
   */
  static forRootAsync(options: MediRoutesModuleAsyncOptions): DynamicModule {
    return MediRoutesCoreModule.forRootAsync(options)
  }
}
