/** What one claim wants from a rate-limited destination's bucket. */
export interface TokenRequest {
  destinationId: string;
  ratePerSecond: number;
  wanted: number;
}

/**
 * When each event refused a token may try again: one token comes back every 1/rate seconds, so
 * the n-th waiting event is due n/rate seconds from now. Spreading them keeps them from all
 * coming back at once to be refused again.
 */
export function deferrals(waiting: number, ratePerSecond: number, now: number): Date[] {
  return Array.from({ length: waiting }, (_, index) => new Date(now + Math.ceil(((index + 1) * 1000) / ratePerSecond)));
}
