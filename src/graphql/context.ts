import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/prisma.ts';
import type { DeliveryScheduler } from '../delivery/scheduler.ts';
import type { SecretBox } from '../destinations/secret-box.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { TransformRunner } from '../rules/transform.ts';
import type { Principal } from '../tenancy/principal.ts';

/** What every resolver gets: the app's services and who is asking. */
export interface Services {
  config: Config;
  db: Db;
  logger: Logger;
  scheduler: DeliveryScheduler;
  live: LiveBus;
  transforms: TransformRunner;
  secrets: SecretBox;
}

export interface Context extends Services {
  principal: Principal;
}
