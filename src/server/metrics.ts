import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AttemptRecord } from '../delivery/attempt.ts';
import { readQueueStats } from '../events/queue-stats.sql.ts';

export interface Metrics {
  contentType: string;
  render(): Promise<string>;
  published(events: number): void;
  attempts(records: AttemptRecord[]): void;
}

/** The status class label of an attempt: 2xx..5xx, or `error` when no response came. */
export const statusClass = (status: number | null): string => (status === null ? 'error' : `${Math.floor(status / 100)}xx`);

/**
 * Prometheus metrics at /metrics. Counters and the latency histogram count this process's work
 * (sum them across processes); the gauges read the shared tables at scrape time, so every process
 * reports the same cluster-wide queue, issues and disabled destinations. Each app instance has its
 * own registry (tests run several in one process).
 */
export function createMetrics(pool: pg.Pool): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hookrelay_' });
  const published = new Counter({ name: 'hookrelay_events_published_total', help: 'Events created by publishes (one per connection let through).', registers: [registry] });
  const attempts = new Counter({
    name: 'hookrelay_attempts_total',
    help: 'Delivery attempts, by outcome (success, failure) and status class (2xx..5xx, error).',
    labelNames: ['outcome', 'status_class'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hookrelay_delivery_latency_seconds',
    help: 'From publish to the 2xx response of the attempt that delivered the event.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600],
    registers: [registry],
  });
  const gauges = {
    queued: new Gauge({ name: 'hookrelay_queue_depth', help: 'Pending events (QUEUED or SCHEDULED), across all processes.', registers: [registry] }),
    due: new Gauge({ name: 'hookrelay_queue_due', help: 'Pending events already due, across all processes.', registers: [registry] }),
    oldest: new Gauge({ name: 'hookrelay_queue_oldest_pending_age_seconds', help: 'Age of the oldest pending event (0 when none).', registers: [registry] }),
    held: new Gauge({ name: 'hookrelay_events_held', help: 'Events in HOLD (paused connection or disabled destination).', registers: [registry] }),
    issues: new Gauge({ name: 'hookrelay_issues_open', help: 'Issues not resolved (OPEN or ACKNOWLEDGED).', registers: [registry] }),
    disabled: new Gauge({ name: 'hookrelay_destinations_disabled', help: 'Destinations whose deliveries are stopped.', registers: [registry] }),
  };

  async function readGauges(): Promise<void> {
    const stats = await readQueueStats(pool);
    for (const [name, gauge] of Object.entries(gauges)) gauge.set(stats[name as keyof typeof gauges]);
  }

  return {
    contentType: registry.contentType,
    async render() {
      await readGauges();
      return registry.metrics();
    },
    published: (events) => published.inc(events),
    attempts(records) {
      for (const record of records) {
        attempts.inc({ outcome: record.succeeded ? 'success' : 'failure', status_class: statusClass(record.responseStatus) });
        if (record.succeeded && record.respondedAt) latency.observe((record.respondedAt.getTime() - record.publishedAt.getTime()) / 1000);
      }
    },
  };
}
