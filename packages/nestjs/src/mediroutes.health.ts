import type { MediRoutesClient as CoreMediRoutesClient, TokenStatus } from '@mediroutes/auth-core'
import { Inject, Injectable } from '@nestjs/common'
import { ModuleRef } from '@nestjs/core'
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus'
import { checkClientName, getMediRoutesClientToken } from './mediroutes.tokens.js'

/** Options of {@link MediRoutesHealthIndicator.isHealthy}. */
export interface MediRoutesHealthOptions {
  /** Which client to report on. Default: the default client. */
  name?: string
}

/**
 * A `@nestjs/terminus` health indicator for a MediRoutes client. It reads `client.status()`,
 * which never calls `/token`, so a probe every second costs MediRoutes nothing.
 *
 * - `up`: a valid token, or none yet and no failure (the next call will get one);
 * - `degraded`: the token is still valid, but the last refresh failed;
 * - `down`: credentials were refused recently (`cooldown`), or there is no usable token and the
 *   last attempt to get one failed.
 *
 * The details hold the state, expiry, whether a grant is running and the last error's code and
 * message; never a token. Add the class to a module's `providers` next to `TerminusModule`.
 */
@Injectable()
export class MediRoutesHealthIndicator {
  readonly #health: HealthIndicatorService
  readonly #moduleRef: ModuleRef

  constructor(
    @Inject(HealthIndicatorService) health: HealthIndicatorService,
    @Inject(ModuleRef) moduleRef: ModuleRef,
  ) {
    this.#health = health
    this.#moduleRef = moduleRef
  }

  /**
   * Reports on a client under `key` (default `mediroutes`).
   * @throws {MediRoutesAuthError} `invalid_config` when `options.name` is given but empty.
   * @throws Nest's `UnknownElementException` when no client of that name is registered.
   */
  async isHealthy<const Key extends string = 'mediroutes'>(
    key: Key = 'mediroutes' as Key,
    options: MediRoutesHealthOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const token = getMediRoutesClientToken(checkClientName(options.name))
    const client = this.#moduleRef.get<CoreMediRoutesClient>(token, { strict: false })
    const session = this.#health.check(key)
    const status = await client.status()
    const details = describeStatus(status)
    if (status.state === 'valid') {
      return status.lastError === undefined ? session.up(details) : session.degraded(details)
    }
    if (status.state === 'cooldown' || status.lastError !== undefined) return session.down(details)
    return session.up(details)
  }
}

function describeStatus(status: TokenStatus): Record<string, unknown> {
  return {
    state: status.state,
    refreshing: status.refreshing,
    ...(status.expiresAt === undefined
      ? {}
      : { expiresAt: new Date(status.expiresAt).toISOString() }),
    ...(status.lastGrantAt === undefined
      ? {}
      : { lastGrantAt: new Date(status.lastGrantAt).toISOString() }),
    ...(status.lastError === undefined
      ? {}
      : {
          lastError: {
            code: status.lastError.code,
            message: status.lastError.message,
            at: new Date(status.lastError.at).toISOString(),
          },
        }),
  }
}
