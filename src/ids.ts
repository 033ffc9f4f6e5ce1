import { randomBytes } from 'node:crypto';

/**
 * Ids carry a type prefix (so a log line says what it points at) and start with the creation time
 * in milliseconds, so sorting by id is sorting by creation: keyset pagination needs only the id.
 * Layout: prefix + 10 Crockford base32 chars of time + 16 of randomness (80 bits), like a ULID.
 */
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'src' | 'des' | 'con' | 'evt' | 'req' | 'atm' | 'tok' | 'iss' | 'blk' | 'alr' | 'ety';

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

// One randomBytes call per id cost 2.5 % of the server's CPU while delivering (every attempt and
// event gets an id); a pool refilled every 256 ids costs one call for all of them. Ids are not
// secrets (tokens draw their own bytes), only unique.
const POOL_BYTES = 4_096;
let pool = Buffer.alloc(0);
let taken = POOL_BYTES;

function encodeRandom(): string {
  if (taken + 16 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    taken = 0;
  }
  let out = '';
  for (let i = taken; i < taken + 16; i++) out += alphabet[pool[i] % 32];
  taken += 16;
  return out;
}

export function newId(prefix: IdPrefix, now = Date.now()): string {
  return `${prefix}_${encodeTime(now)}${encodeRandom()}`;
}

/** The smallest id that could have been made at `ms`: bounds a keyset scan by time. */
export function idFloorAt(prefix: IdPrefix, ms: number): string {
  return `${prefix}_${encodeTime(ms)}`;
}
