import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDatamodel } from '../src/generated/pothos-types.ts';
import { createTestDatabase, queryDatabase } from './helpers/database.ts';

/**
 * Prisma's migration engine cannot run here, so the SQL migrations are written by hand. This keeps
 * them honest: the migrated database must have exactly the tables, columns, types and nullability
 * of prisma/schema.prisma (tables and columns are the snake_case of model and field names).
 */
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const sqlType: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp with time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

/** information_schema names an array's element by its internal type name (int4), not its SQL name. */
const arrayElement: Record<string, string> = { int4: 'integer', int8: 'bigint', bool: 'boolean' };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let columns: { table: string; column: string; type: string; nullable: boolean }[];

beforeAll(async () => {
  database = await createTestDatabase();
  const rows = await queryDatabase<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
    database.url,
    `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  );
  columns = rows.map((row) => ({
    table: row.table_name,
    column: row.column_name,
    type: row.data_type === 'USER-DEFINED' ? `enum ${row.udt_name}` : row.data_type === 'ARRAY' ? `${arrayElement[row.udt_name.slice(1)] ?? row.udt_name.slice(1)}[]` : row.data_type,
    nullable: row.is_nullable === 'YES',
  }));
});
afterAll(async () => database?.drop());

describe('SQL migrations', () => {
  it('produce exactly the Prisma datamodel', () => {
    const expected = Object.entries(getDatamodel().datamodel.models).flatMap(([model, { fields }]) =>
      fields
        .filter((field) => field.kind === 'scalar' || field.kind === 'enum')
        .map((field) => ({
          table: snake(model),
          column: snake(field.name),
          type:
            field.kind === 'enum'
              ? field.isList ? `${snake(field.type)}[]` : `enum ${snake(field.type)}`
              : `${sqlType[field.type]}${field.isList ? '[]' : ''}`,
          // Prisma keeps scalar lists nullable in SQL and treats NULL as an empty list.
          nullable: field.isList ? true : !field.isRequired,
        })),
    );
    const byKey = (list: typeof columns) =>
      Object.fromEntries(list.map(({ table, column, ...rest }) => [`${table}.${column}`, rest]));
    expect(byKey(columns)).toEqual(byKey(expected));
  });
});
