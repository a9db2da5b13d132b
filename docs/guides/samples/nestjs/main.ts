import { NestFactory } from '@nestjs/core'
import { AppModule } from './app.module.js'

const app = await NestFactory.create(AppModule)
// On SIGTERM the module closes the MediRoutes clients it created.
app.enableShutdownHooks()
await app.listen(Number(process.env.PORT ?? 3000))
