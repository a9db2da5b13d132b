import { MediRoutesExceptionFilter, MediRoutesModule } from '@mediroutes/nestjs'
import { MediRoutesHealthIndicator } from '@mediroutes/nestjs/terminus'
import { Module } from '@nestjs/common'
import { ConfigModule, ConfigService } from '@nestjs/config'
import { APP_FILTER } from '@nestjs/core'
import { TerminusModule } from '@nestjs/terminus'
import { HealthController } from './health/health.controller.js'
import { mediRoutesOptions } from './mediroutes.config.js'
import { TripsController } from './trips/trips.controller.js'
import { TripsService } from './trips/trips.service.js'

/** The dispatch service: trips, health, and MediRoutes errors answered as 502/503. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    MediRoutesModule.forRootAsync({ inject: [ConfigService], useFactory: mediRoutesOptions }),
    TerminusModule,
  ],
  controllers: [TripsController, HealthController],
  providers: [
    TripsService,
    MediRoutesHealthIndicator,
    { provide: APP_FILTER, useClass: MediRoutesExceptionFilter },
  ],
})
export class AppModule {}
