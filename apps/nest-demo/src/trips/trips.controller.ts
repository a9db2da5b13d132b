import type { MediRoutesTrip } from '@mediroutes/auth-core'
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common'
import { type ProviderView, TripsService } from './trips.service.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

function checkDate(date: string | undefined): string {
  if (date === undefined || !DATE.test(date)) {
    throw new BadRequestException('date is required, as YYYY-MM-DD: ?date=2026-12-05')
  }
  return date
}

/**
 * The client user's routes: its one provider, named by its claims.
 * `GET /client/providers`, `GET /client/trips?date=`, `GET /client/trips/:tripGuid`.
 */
@Controller('client')
export class ClientTripsController {
  constructor(private readonly trips: TripsService) {}

  @Get('providers')
  providers(): Promise<ProviderView[]> {
    return this.trips.providers('client')
  }

  @Get('trips')
  async list(@Query('date') date: string | undefined): Promise<MediRoutesTrip[]> {
    const day = checkDate(date)
    return this.trips.list('client', await this.trips.ownProvider(), day)
  }

  @Get('trips/:tripGuid')
  async get(@Param('tripGuid') tripGuid: string): Promise<MediRoutesTrip> {
    return this.trips.get('client', await this.trips.ownProvider(), tripGuid)
  }
}

/**
 * The brokerage user's routes: the provider is named in the path, and must be in its claims.
 * `GET /broker/providers`, `GET /broker/providers/:provider/trips?date=`,
 * `GET /broker/providers/:provider/trips/:tripGuid`.
 */
@Controller('broker')
export class BrokerTripsController {
  constructor(private readonly trips: TripsService) {}

  @Get('providers')
  providers(): Promise<ProviderView[]> {
    return this.trips.providers('broker')
  }

  @Get('providers/:provider/trips')
  list(
    @Param('provider') provider: string,
    @Query('date') date: string | undefined,
  ): Promise<MediRoutesTrip[]> {
    return this.trips.list('broker', provider, checkDate(date))
  }

  @Get('providers/:provider/trips/:tripGuid')
  get(
    @Param('provider') provider: string,
    @Param('tripGuid') tripGuid: string,
  ): Promise<MediRoutesTrip> {
    return this.trips.get('broker', provider, tripGuid)
  }
}
