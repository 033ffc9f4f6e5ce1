import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { ExecutionArgs, GraphQLError } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import { DomainError } from '../errors.ts';
import { measureCost } from './cost.ts';
import { toGraphQLError } from './errors.ts';

/** How large one GraphQL operation may be; every caller, the admin included, on every transport. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /** Items a list is assumed to have without `first`: the connections' default page size. */
  defaultListSize: number;
}

type Limit = 'depth' | 'aliases' | 'tokens' | 'directives' | 'cost';

const settings: Record<Limit, string> = {
  depth: 'HOOKRELAY_MAX_QUERY_DEPTH',
  aliases: 'HOOKRELAY_MAX_QUERY_ALIASES',
  tokens: 'HOOKRELAY_MAX_QUERY_TOKENS',
  directives: 'HOOKRELAY_MAX_QUERY_DIRECTIVES',
  cost: 'HOOKRELAY_MAX_QUERY_COST',
};

const explain: Record<Limit, (max: number, found: number | undefined) => string> = {
  depth: (max, found) => `This operation nests fields ${found} deep; the limit is ${max}. Ask for fewer nested levels: fetch nested lists in a second query, by id.`,
  aliases: (max, found) => `This operation has ${found} aliased fields; the limit is ${max}. Send fewer aliases, or page through one list with first/after.`,
  tokens: (max) => `This document has more than ${max} tokens, so it was not parsed. Send a shorter document: fewer fields, and values as variables.`,
  directives: (max, found) => `This operation has ${found} directives; the limit is ${max}. Use fewer directives.`,
  cost: (max, found) =>
    `This operation could resolve ${found} fields (each counted once per item of the lists around it: their first/last, or 20); the limit is ${max}. Ask for smaller pages, fewer nested lists, or split it into several queries.`,
};

export function queryTooComplex(limit: Limit, max: number, found?: number): DomainError {
  return new DomainError('QUERY_TOO_COMPLEX', `${explain[limit](max, found)} (${settings[limit]})`, { limit: settings[limit], max, ...(found === undefined ? {} : { found }) });
}

/**
 * graphql-armor's checks throw its own "Syntax Error: ... limit of N exceeded, found M." without a
 * code; the first reject handler to throw wins, so ours replaces it with QUERY_TOO_COMPLEX. Each
 * check throws at the operation's start, before graphql-js's own rules walk the selections: the
 * overlapping-fields rule alone is quadratic in the number of aliases.
 */
function refuseAs(limit: Limit, max: number) {
  return {
    n: max,
    propagateOnRejection: true,
    onReject: [
      (_context: unknown, error: GraphQLError) => {
        const found = /found (\d+)/.exec(error.message)?.[1];
        throw queryTooComplex(limit, max, found === undefined ? undefined : Number(found));
      },
    ],
  };
}

/** The size limits as envelop plugins: depth, aliases, tokens and directives while parsing and validating, cost once variables are known. */
export function queryLimitPlugins(limits: QueryLimits, logger: Logger): Plugin[] {
  const armor = EnvelopArmorPlugin<YogaInitialContext>({
    // Introspection counts too: armor's exemption covers `__schema` only, and a deep one fans out
    // over every type's fields.
    maxDepth: { ...refuseAs('depth', limits.maxDepth), ignoreIntrospection: false, flattenFragments: true },
    maxAliases: refuseAs('aliases', limits.maxAliases),
    maxTokens: refuseAs('tokens', limits.maxTokens),
    maxDirectives: refuseAs('directives', limits.maxDirectives),
    // Armor's cost rule reads `first` only when written out (`first: $n` counts as one) and counts
    // a list without it as one item: ours (cost.ts) runs once variables are known.
    costLimit: { enabled: false },
    // Suggestions name fields of a schema that is public anyway, and help people fix queries.
    blockFieldSuggestion: { enabled: false },
  });
  return [armor, useQueryCost(limits, logger)];
}

function useQueryCost(limits: QueryLimits, logger: Logger): Plugin {
  const check = (args: ExecutionArgs, stop: (result: { errors: GraphQLError[] }) => void) => {
    const cost = measureCost({ ...args, variables: args.variableValues }, { defaultListSize: limits.defaultListSize });
    if (cost === null || cost <= limits.maxCost) return;
    const refusal = queryTooComplex('cost', limits.maxCost, cost);
    logger.debug({ code: refusal.code, cost, max: limits.maxCost }, 'query refused: over the cost limit');
    stop({ errors: [toGraphQLError(refusal, {}, true)] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}
