import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Connections, PublishEvent, RetryEvent } from './documents.ts';
import { useTestApp } from './helpers/app.ts';

const lines: { level: number; msg?: string }[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(JSON.parse(String(chunk)));
    done();
  },
});
const fixture = useTestApp({}, pino({ level: 'debug' }, sink));

describe('log levels', () => {
  it('logs refusals a client can act on below error level, so alerts on errors stay meaningful', async () => {
    lines.length = 0;
    const refusals = [
      await fixture.t.raw(Connections, {}, 'Bearer not-the-key-00000000'),
      await fixture.t.raw(Connections, {}, null),
      await fixture.t.raw(PublishEvent, { input: { source: 'no-such-source', body: {} } }),
      await fixture.t.raw(RetryEvent, { id: 'evt_unknown' }),
    ];
    expect(refusals.map((result) => result.errors?.[0]?.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'NOT_FOUND', 'NOT_FOUND']);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.some((line) => line.msg === 'request refused')).toBe(true);
  });
});
