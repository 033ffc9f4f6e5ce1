import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/prisma.ts';
import type { Dispatcher } from '../delivery/dispatcher.ts';
import type { SecretBox } from '../destinations/secret-box.ts';
import type { PublishDeps } from '../events/publish.ts';
import type { Scheduler } from '../jobs/registry.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { TransformRunner } from '../sandbox/runner.ts';
import type { Principal } from '../tenancy/principal.ts';

/** What every resolver gets: the app's services and who is asking. */
export interface Services {
  config: Config;
  db: Db;
  logger: Logger;
  /** Plain pg pool for set-based SQL (the event lifecycle, publish); Prisma serves the API. */
  pool: pg.Pool;
  scheduler: Scheduler;
  dispatcher: Dispatcher;
  live: LiveBus;
  transforms: TransformRunner;
  secrets: SecretBox;
  metrics: PublishDeps['metrics'];
  policy: PublishDeps['policy'];
  /** The base URL browsers reach Hookrelay at (HOOKRELAY_PUBLIC_URL, or where it listens): portal links. */
  publicUrl(): string;
}

export interface Context extends Services {
  principal: Principal;
}
