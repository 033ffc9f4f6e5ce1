import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../errors.ts';
import type { Context } from '../graphql/context.ts';
import { toGraphQLError } from '../graphql/errors.ts';
import type { SessionRegistry } from './sessions.ts';

/**
 * Ends a tenant's subscription stream when its token expires or is revoked, with one last result
 * carrying UNAUTHENTICATED: over server-sent events nothing else would stop it (a WebSocket is
 * closed as well, by ws.ts).
 */
export function useSubscriptionLifetime(sessions: SessionRegistry): Plugin<Context> {
  return {
    onSubscribe: ({ args }) => {
      const { principal } = args.contextValue;
      if (principal.kind !== 'tenant') return;
      return {
        onSubscribeResult: ({ result, setResult }) => {
          if (!(Symbol.asyncIterator in result)) return;
          const stream = untilLapsed(result);
          const release = sessions.watch({ principal, close: (_code, reason) => stream.lapse(reason) });
          setResult(stream.results(release));
        },
      };
    },
  };
}

/**
 * The source's results until lapse(), then one result with UNAUTHENTICATED and the end. lapse()
 * returns the source, which ends the pending next() of ours (events.on and graphql's mapped
 * iterators do); no Promise.race, whose reactions would pile up on a promise pending for days.
 */
function untilLapsed(source: AsyncIterable<ExecutionResult>) {
  const iterator = source[Symbol.asyncIterator]();
  let last: ExecutionResult | undefined;
  let finished = false;
  let release = () => {};
  const finish = async () => {
    if (finished) return;
    finished = true;
    release();
    await iterator.return?.();
  };
  const ended: IteratorReturnResult<undefined> = { done: true, value: undefined };
  return {
    lapse(reason: string) {
      last = { errors: [toGraphQLError(new DomainError('UNAUTHENTICATED', reason))] };
      void finish();
    },
    results(onFinish: () => void): AsyncIterableIterator<ExecutionResult> {
      release = onFinish;
      const results: AsyncIterableIterator<ExecutionResult> = {
        [Symbol.asyncIterator]: () => results,
        async next() {
          const next = finished ? ended : await iterator.next();
          if (last) {
            const value = last;
            last = undefined;
            return { done: false, value };
          }
          if (next.done) await finish();
          return next.done ? ended : next;
        },
        async return() {
          await finish();
          return ended;
        },
      };
      return results;
    },
  };
}
