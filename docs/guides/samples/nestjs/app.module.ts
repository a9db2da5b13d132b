import { MediRoutesExceptionFilter, MediRoutesModule } from '@mediroutes/nestjs'
import { Module } from '@nestjs/common'
import { APP_FILTER } from '@nestjs/core'
import { TripsController } from './trips/trips.controller.js'
import { TripsService } from './trips/trips.service.js'

@Module({
  // Configured from MEDIROUTES_BASE_URL, MEDIROUTES_USERNAME and MEDIROUTES_PASSWORD.
  imports: [MediRoutesModule],
  controllers: [TripsController],
  providers: [
    TripsService,
    // MediRoutes token trouble becomes a 503 (try later) or 502 (misconfigured), never a 500.
    { provide: APP_FILTER, useClass: MediRoutesExceptionFilter },
  ],
})
export class AppModule {}
