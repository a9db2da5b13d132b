import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common'
import type { Trip } from './trip.js'
import { TripsService } from './trips.service.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** `GET /trips?date=`, `GET /trips/:id`, `POST /trips/:id/cancel`. */
@Controller('trips')
export class TripsController {
  constructor(private readonly trips: TripsService) {}

  @Get()
  list(@Query('date') date: string | undefined): Promise<Trip[]> {
    if (date === undefined || !DATE.test(date)) {
      throw new BadRequestException('date is required, as YYYY-MM-DD: /trips?date=2024-06-01')
    }
    return this.trips.list(date)
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<Trip> {
    return this.trips.get(id)
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string, @Body() body: { reason?: unknown } | undefined): Promise<Trip> {
    const reason = body?.reason
    if (reason !== undefined && typeof reason !== 'string') {
      throw new BadRequestException('reason, when given, must be a string')
    }
    return this.trips.cancel(id, reason)
  }
}
