import type { RateLimit as Limit } from '../delivery/rate-limit.ts';
import { builder } from '../graphql/builder.ts';

const RateLimitPeriod = builder.enumType('RateLimitPeriod', {
  values: ['SECOND', 'MINUTE', 'HOUR'] as const,
});

const LIMIT_MEANING =
  'No window of one period, however it is placed, holds more than count deliveries, across every Hookrelay process: they go period / count apart.';

const RateLimit = builder.objectRef<Limit>('RateLimit').implement({
  description: `Deliveries allowed to a destination per period. ${LIMIT_MEANING} Events over it wait (QUEUED) until their slot.`,
  fields: (t) => ({
    count: t.exposeInt('count'),
    period: t.expose('period', { type: RateLimitPeriod }),
  }),
});

export const RateLimitInput = builder.inputType('RateLimitInput', {
  description: `${LIMIT_MEANING} rateLimitPerSecond: n is the same as { count: n, period: SECOND }.`,
  fields: (t) => ({
    count: t.int({ required: true, description: '1 to 100000.' }),
    period: t.field({ type: RateLimitPeriod, required: true }),
  }),
});

builder.prismaObjectFields('Destination', (t) => ({
  rateLimit: t.field({
    type: RateLimit,
    nullable: true,
    description: 'The rate limit; null means unlimited.',
    select: { rateLimitCount: true, rateLimitPeriod: true },
    resolve: (d) => (d.rateLimitCount !== null && d.rateLimitPeriod !== null ? { count: d.rateLimitCount, period: d.rateLimitPeriod } : null),
  }),
  rateLimitPerSecond: t.int({
    nullable: true,
    description: 'Deliveries per second allowed to this URL (rateLimit.count when its period is SECOND); null means unlimited, or a limit per MINUTE or HOUR: see rateLimit.',
    select: { rateLimitCount: true, rateLimitPeriod: true },
    resolve: (d) => (d.rateLimitPeriod === 'SECOND' ? d.rateLimitCount : null),
  }),
}));
