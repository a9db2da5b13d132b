import { MediRoutesAuthError } from '@mediroutes/auth-core'
import {
  ConfigurableModuleBuilder,
  type DynamicModule,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common'
import { MEDIROUTES_CLIENT_NAME, MEDIROUTES_MODULE_OPTIONS } from './mediroutes.constants.js'
import type { MediRoutesModuleExtras, MediRoutesModuleOptions } from './mediroutes.options.js'
import { checkClientName, getMediRoutesClientToken } from './mediroutes.tokens.js'
import { MediRoutesClientHost } from './mediroutes-client.host.js'

/**
 * The providers of one client registration: its name, the host that owns the client, and the
 * client under its injection token (the only one exported).
 */
export function clientProviders(name: string): {
  providers: Provider[]
  exports: NonNullable<ModuleMetadata['exports']>
} {
  const token = getMediRoutesClientToken(name)
  return {
    providers: [
      { provide: MEDIROUTES_CLIENT_NAME, useValue: name },
      MediRoutesClientHost,
      {
        provide: token,
        useFactory: (host: MediRoutesClientHost) => host.client,
        inject: [MediRoutesClientHost],
      },
    ],
    exports: [token],
  }
}

function withClient(definition: DynamicModule, extras: MediRoutesModuleExtras): DynamicModule {
  if (extras.isGlobal !== undefined && typeof extras.isGlobal !== 'boolean') {
    throw new MediRoutesAuthError(
      'invalid_config',
      `MediRoutesModule option isGlobal must be true or false (got ${typeof extras.isGlobal})`,
    )
  }
  const { providers, exports } = clientProviders(checkClientName(extras.name))
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
    .setExtras<MediRoutesModuleExtras>({ isGlobal: false, name: undefined }, withClient)
    .build()
