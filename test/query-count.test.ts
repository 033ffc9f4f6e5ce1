import { Writable } from 'node:stream';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { Events, PublishEvent, SourceByName, UpsertConnection } from './documents.ts';
import { useTestApp } from './helpers/app.ts';

const queries: string[] = [];
// LOG_LEVEL=trace logs every SQL statement Prisma sends; counting them exposes N+1 shapes.
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      const entry = JSON.parse(line) as { msg?: string; sql?: string };
      if (entry.msg === 'database query' && entry.sql) queries.push(entry.sql);
    }
    done();
  },
});
const fixture = useTestApp({ logLevel: 'trace' }, pino({ level: 'trace' }, sink));

beforeAll(async () => {
  for (const name of ['one', 'two', 'three']) {
    await fixture.t.gql(UpsertConnection, {
      // Held back an hour: no delivery runs queries while this file counts them.
      input: { name, source: { name: 'counted' }, destination: { name, url: 'http://127.0.0.1:9/x' }, rules: { delayMs: 3_600_000 } },
    });
  }
  for (let i = 0; i < 15; i++) await fixture.t.gql(PublishEvent, { input: { source: 'counted', body: { i } } });
});

async function countQueries(first: number): Promise<number> {
  queries.length = 0;
  const { events } = await fixture.t.gql(Events, { filter: { sourceName: 'counted' }, first });
  expect(events.edges).toHaveLength(first);
  return queries.length;
}

describe('events history', () => {
  it('loads nested connection, source and request without a query per event (no N+1)', async () => {
    // The first call also looks the source's name up; later ones have its id from memory.
    await countQueries(1);
    const small = await countQueries(3);
    const large = await countQueries(45);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(6);
  });
});

describe('what a history page reads', () => {
  it('reads only the event and connection columns the query asks for, not bodies or rules', async () => {
    queries.length = 0;
    await fixture.t.gql(Events, { filter: { sourceName: 'counted' }, first: 5 });
    const page = queries.find((sql) => /FROM "public"\."event"/.test(sql) && sql.includes('ORDER BY')) ?? '';
    const connections = queries.find((sql) => /FROM "public"\."connection"/.test(sql)) ?? '';
    expect(page).toContain('"public"."event"."status"');
    expect(page).not.toMatch(/"public"\."event"\."(body|body_text|headers)"/);
    expect(connections).toContain('"public"."connection"."name"');
    expect(connections).not.toMatch(/"public"\."connection"\."(filter|transform_code)"/);
  });
});

describe('events by source name', () => {
  it('looks the name up first, so the page is read off the (source_id, id) index instead of a join and a sort', async () => {
    queries.length = 0;
    await fixture.t.gql(Events, { filter: { sourceName: 'counted' }, first: 5 });
    const page = queries.find((sql) => /FROM "public"\."event"/.test(sql) && sql.includes('ORDER BY'));
    expect(page).toContain('"public"."event"."source_id" = $');
    expect(page).not.toMatch(/JOIN "public"\."source"/);
  });

  it('matches nothing for an unknown name, or a name of another source than sourceId', async () => {
    const { source } = await fixture.t.gql(SourceByName, { name: 'counted' });
    expect(source).not.toBeNull();
    const pages = await Promise.all([
      fixture.t.gql(Events, { filter: { sourceName: 'no-such-source' }, first: 5 }),
      fixture.t.gql(Events, { filter: { sourceName: 'counted', sourceId: 'src_00000000000000000000000000' }, first: 5 }),
      fixture.t.gql(Events, { filter: { sourceName: 'counted', sourceId: source?.id }, first: 5 }),
    ]);
    expect(pages.map(({ events }) => events.edges.length)).toEqual([0, 0, 5]);
  });
});
