import { MediRoutesModule, type TokenStore } from '@mediroutes/nestjs'
import { createRedisTokenStore } from '@mediroutes/redis-store'
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common'
import { Redis } from 'ioredis'

const TOKEN_STORE = Symbol('TOKEN_STORE')

@Module({
  providers: [
    {
      provide: TOKEN_STORE,
      useFactory: (): TokenStore => {
        const encryptionKey = process.env.MEDIROUTES_TOKEN_KEY
        return createRedisTokenStore({
          client: new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
          ...(encryptionKey === undefined ? {} : { encryptionKey }),
        })
      },
    },
  ],
  exports: [TOKEN_STORE],
})
class TokenStoreModule implements OnApplicationShutdown {
  constructor(@Inject(TOKEN_STORE) private readonly store: TokenStore) {}

  // The store is yours: MediRoutesModule never closes a store it was given.
  async onApplicationShutdown(): Promise<void> {
    await this.store.close?.()
  }
}

/** Import this instead of `MediRoutesModule` when several instances share one account. */
@Module({
  imports: [
    MediRoutesModule.forRootAsync({
      imports: [TokenStoreModule],
      inject: [TOKEN_STORE],
      // Credentials still come from MEDIROUTES_*; only the store is given here.
      useFactory: (store: TokenStore) => ({ store }),
    }),
  ],
  exports: [MediRoutesModule],
})
export class MediRoutesFleetModule {}
