import { MediRoutesAuthError } from '@mediroutes/auth-core'
import {
  ConfigurableModuleBuilder,
  type DynamicModule,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common'
import { MEDIROUTES_CLIENT_NAME, MEDIROUTES_MODULE_OPTIONS } from './mediroutes.constants.js'
import type { MediRoutesModuleExtras, MediRoutesModuleOptions } from './mediroutes.options.js'
import {
  checkClientName,
  checkProviderName,
  getMediRoutesClientToken,
  getMediRoutesProviderToken,
} from './mediroutes.tokens.js'
import { MediRoutesClientHost } from './mediroutes-client.host.js'

/**
 * The providers of one client registration: its name, the host that owns the client, and the
 * client under its injection token (the only one exported).
 */
export function clientProviders(
  name: string,
  providerNames: readonly string[] = [],
): {
  providers: Provider[]
  exports: NonNullable<ModuleMetadata['exports']>
} {
  const token = getMediRoutesClientToken(name)
  // One provider-scoped client per listed provider: nothing is read until its first call.
  const scoped = providerNames.map((provider) => ({
    provide: getMediRoutesProviderToken(provider, name),
    useFactory: (host: MediRoutesClientHost) => host.client.forProvider(provider),
    inject: [MediRoutesClientHost],
  }))
  return {
    providers: [
      ...scoped,
      { provide: MEDIROUTES_CLIENT_NAME, useValue: name },
      MediRoutesClientHost,
      {
        provide: token,
        useFactory: (host: MediRoutesClientHost) => host.client,
        inject: [MediRoutesClientHost],
      },
    ],
    exports: [token, ...scoped.map((p) => p.provide)],
  }
}

function checkProviders(value: unknown): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    throw new MediRoutesAuthError(
      'invalid_config',
      "MediRoutesModule option providers must be an array of provider names, e.g. ['Lakeside Medical Transport']",
    )
  }
  const names = value.map(checkProviderName)
  const duplicate = names.find((n, i) => names.indexOf(n) !== i)
  if (duplicate !== undefined) {
    throw new MediRoutesAuthError(
      'invalid_config',
      `MediRoutesModule option providers lists '${duplicate}' twice`,
    )
  }
  return names
}

function withClient(definition: DynamicModule, extras: MediRoutesModuleExtras): DynamicModule {
  if (extras.isGlobal !== undefined && typeof extras.isGlobal !== 'boolean') {
    throw new MediRoutesAuthError(
      'invalid_config',
      `MediRoutesModule option isGlobal must be true or false (got ${typeof extras.isGlobal})`,
    )
  }
  const { providers, exports } = clientProviders(
    checkClientName(extras.name),
    checkProviders(extras.providers),
  )
  return {
    ...definition,
    global: extras.isGlobal === true,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), ...exports],
  }
}

/** `forRoot`/`forRootAsync` built the way the official `@nestjs/*` modules build theirs. */
export const { ConfigurableModuleClass, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<MediRoutesModuleOptions>({
    optionsInjectionToken: MEDIROUTES_MODULE_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createMediRoutesOptions')
    .setExtras<MediRoutesModuleExtras>(
      { isGlobal: false, name: undefined, providers: undefined },
      withClient,
    )
    .build()
