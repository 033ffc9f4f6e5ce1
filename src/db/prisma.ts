import { PrismaPg } from '@prisma/adapter-pg';
import type { Logger } from 'pino';
import { PrismaClient } from '../generated/prisma/client.ts';

export type Db = PrismaClient;

/** With LOG_LEVEL=trace every SQL statement Prisma sends is logged (how N+1 shapes get caught). */
export function createPrisma(databaseUrl: string, poolSize: number, logger?: Logger): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  if (!logger?.isLevelEnabled('trace')) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => logger.trace({ sql: event.query, durationMs: event.duration }, 'database query'));
  return client;
}

export { Prisma } from '../generated/prisma/client.ts';
