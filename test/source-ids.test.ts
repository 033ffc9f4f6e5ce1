import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrisma, type Db } from '../src/db/prisma.ts';
import { sourceIdNamed } from '../src/events/event-filter.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let database: TestDatabase;
let db: Db;
let other: TestDatabase;
let otherDb: Db;

beforeAll(async () => {
  [database, other] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  db = createPrisma(database.url, 2);
  otherDb = createPrisma(other.url, 2);
});
afterAll(async () => {
  await Promise.all([db?.$disconnect(), otherDb?.$disconnect()]);
  await Promise.all([database?.drop(), other?.drop()]);
});

describe('source ids by name', () => {
  it('looks a name up once, then answers from memory', async () => {
    await db.source.create({ data: { id: 'src_kept', name: 'kept' } });
    const lookup = vi.spyOn(db.source, 'findUnique');
    expect(await sourceIdNamed(db, 'kept')).toBe('src_kept');
    expect(await sourceIdNamed(db, 'kept')).toBe('src_kept');
    expect(lookup).toHaveBeenCalledTimes(1);
    lookup.mockRestore();
  });

  it('does not remember an unknown name, so a source created later is found', async () => {
    expect(await sourceIdNamed(db, 'later')).toBeNull();
    await db.source.create({ data: { id: 'src_later', name: 'later' } });
    expect(await sourceIdNamed(db, 'later')).toBe('src_later');
  });

  it('keeps each database apart: the same name may be another source elsewhere', async () => {
    await otherDb.source.create({ data: { id: 'src_elsewhere', name: 'kept' } });
    expect(await sourceIdNamed(db, 'kept')).toBe('src_kept');
    expect(await sourceIdNamed(otherDb, 'kept')).toBe('src_elsewhere');
  });
});
