import { NestFactory } from '@nestjs/core'
import { AppModule } from './app.module.js'

// A function, not top-level await: `nest new` creates a CommonJS project, where TypeScript
// refuses `await` outside a function.
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule)
  // On SIGTERM the module closes the MediRoutes clients it created.
  app.enableShutdownHooks()
  await app.listen(Number(process.env.PORT ?? 3000))
}

void bootstrap()
