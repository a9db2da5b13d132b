import { Controller, Get, Param, Query } from '@nestjs/common'
import { type Trip, TripsService } from './trips.service.js'

@Controller('trips')
export class TripsController {
  constructor(private readonly trips: TripsService) {}

  @Get()
  list(@Query('date') date: string): Promise<Trip[]> {
    return this.trips.list(date)
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<Trip> {
    return this.trips.get(id)
  }
}
