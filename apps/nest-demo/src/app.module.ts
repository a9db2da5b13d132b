import { MediRoutesExceptionFilter, MediRoutesModule } from '@mediroutes/nestjs'
import { MediRoutesHealthIndicator } from '@mediroutes/nestjs/terminus'
import { Module } from '@nestjs/common'
import { ConfigModule, ConfigService } from '@nestjs/config'
import { APP_FILTER } from '@nestjs/core'
import { TerminusModule } from '@nestjs/terminus'
import { HealthController } from './health/health.controller.js'
import { brokerOptions, mediRoutesOptions } from './mediroutes.config.js'
import { BrokerTripsController, ClientTripsController } from './trips/trips.controller.js'
import { TripsService } from './trips/trips.service.js'

/** The dispatch service: trips for a client user and a brokerage user, health, and MediRoutes errors answered by the core's one mapping. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    // The provider's own client user, injected as MediRoutesClient.
    MediRoutesModule.forRootAsync({ inject: [ConfigService], useFactory: mediRoutesOptions }),
    // A brokerage user, injected with @InjectMediRoutes('broker').
    MediRoutesModule.forRootAsync({
      name: 'broker',
      inject: [ConfigService],
      useFactory: brokerOptions,
    }),
    TerminusModule,
  ],
  controllers: [ClientTripsController, BrokerTripsController, HealthController],
  providers: [
    TripsService,
    MediRoutesHealthIndicator,
    { provide: APP_FILTER, useClass: MediRoutesExceptionFilter },
  ],
})
export class AppModule {}
