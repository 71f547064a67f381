import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/config.js';
import { APP_CONFIG } from './config/config.js';
import { LOGGER, type Logger } from './logging/logger.js';
import { Clock, SystemClock } from './time/clock.js';

/** Config (already validated), the JSON logger and the clock, available everywhere. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, logger: Logger, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, LOGGER, Clock],
    };
  }
}
