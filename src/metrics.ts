import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prometheus metrics at /metrics; each app instance has its own registry (tests run several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hookrelay_' });
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
  };
}
