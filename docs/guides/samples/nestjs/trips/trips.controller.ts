import type { MediRoutesTrip } from '@mediroutes/auth-core'
import { Controller, Get, Param, Query } from '@nestjs/common'
import { TripsService } from './trips.service.js'

@Controller('providers')
export class TripsController {
  constructor(private readonly trips: TripsService) {}

  @Get()
  providers(): Promise<string[]> {
    return this.trips.providers()
  }

  @Get(':provider/trips')
  list(
    @Param('provider') provider: string,
    @Query('date') date: string,
  ): Promise<MediRoutesTrip[]> {
    return this.trips.list(provider, date)
  }

  @Get(':provider/trips/:tripGuid')
  get(
    @Param('provider') provider: string,
    @Param('tripGuid') tripGuid: string,
  ): Promise<MediRoutesTrip> {
    return this.trips.get(provider, tripGuid)
  }
}
