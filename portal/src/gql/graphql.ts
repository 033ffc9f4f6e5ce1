/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
};

export type Attempt = {
  durationMs?: Maybe<Scalars['Int']['output']>;
  /** Why no usable response came: TIMEOUT, CONNECTION_REFUSED, CONNECTION_RESET, DNS, TLS, INVALID_RESPONSE, SSRF_BLOCKED, INVALID_DESTINATION, NETWORK. */
  errorCode?: Maybe<Scalars['String']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  number: Scalars['Int']['output'];
  requestedAt: Scalars['DateTime']['output'];
  respondedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Response body, truncated to a configured size. */
  responseBody?: Maybe<Scalars['String']['output']>;
  responseStatus?: Maybe<Scalars['Int']['output']>;
  status: AttemptStatus;
  trigger: AttemptTrigger;
};

export type AttemptStatus =
  | 'FAILED'
  | 'SUCCESSFUL';

export type AttemptTrigger =
  | 'AUTOMATIC'
  | 'BULK_RETRY'
  | 'INITIAL'
  | 'MANUAL';

export type AuthStrategy =
  /** The key (token) in the header headerName. */
  | 'API_KEY'
  /** Authorization: Basic base64(username:password). */
  | 'BASIC'
  /** Authorization: Bearer <token>. */
  | 'BEARER'
  /** HMAC-SHA256 of the raw body with the destination's secret, base64, in one header. */
  | 'CUSTOM_SIGNATURE'
  /** No signature headers. */
  | 'NONE'
  /** Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body>). */
  | 'STANDARD_WEBHOOKS';

/** A bulk retry scheduling its events in the background, in publish order. */
export type BulkRetry = {
  createdAt: Scalars['DateTime']['output'];
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** Events scheduled so far (an event that changed state meanwhile is skipped). */
  scheduled: Scalars['Int']['output'];
  status: BulkRetryStatus;
  /** Events the filter covered when the retry was asked for. */
  total: Scalars['Int']['output'];
};

export type BulkRetryResult = {
  /** How many events were scheduled for another attempt. */
  count: Scalars['Int']['output'];
  /** Follow it with bulkRetryProgress(id) or the bulkRetryOperation(id) query. */
  id: Scalars['ID']['output'];
  operation: BulkRetry;
};

export type BulkRetryStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'RUNNING';

/** A Source wired to a Destination, with the rules applied on the way. */
export type Connection = {
  createdAt: Scalars['DateTime']['output'];
  /** Set once deleteConnection removed it. */
  deletedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Free text shown beside the endpoint, e.g. what it is for. */
  description?: Maybe<Scalars['String']['output']>;
  destination: Destination;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Set while paused: new events are held. */
  pausedAt?: Maybe<Scalars['DateTime']['output']>;
  rules: ConnectionRules;
  source: Source;
  updatedAt: Scalars['DateTime']['output'];
};

export type ConnectionConnection = {
  edges: Array<ConnectionEdge>;
  pageInfo: PageInfo;
};

export type ConnectionEdge = {
  cursor: Scalars['String']['output'];
  node: Connection;
};

export type ConnectionFilter = {
  destinationId?: InputMaybe<Scalars['ID']['input']>;
  sourceId?: InputMaybe<Scalars['ID']['input']>;
  sourceName?: InputMaybe<Scalars['String']['input']>;
};

export type ConnectionRules = {
  deduplicate?: Maybe<DeduplicateRule>;
  /** Delay before the first attempt, in milliseconds. */
  delayMs: Scalars['Int']['output'];
  /** Event types received ("order.*" matches a prefix); null: every type. */
  eventTypes?: Maybe<Array<Scalars['String']['output']>>;
  /** Filter on body, headers, path and query; null delivers everything. */
  filter?: Maybe<Scalars['JSON']['output']>;
  /** Deliver this connection's events strictly in publish order. */
  ordered: Scalars['Boolean']['output'];
  retry: RetryRule;
  /** Source of the transformation run on each event before delivery; null for none. */
  transformCode?: Maybe<Scalars['String']['output']>;
};

/** Each rule left out keeps its current value (its default on create); null resets it to its default. */
export type ConnectionRulesInput = {
  /** Default: no deduplication. */
  deduplicate?: InputMaybe<DeduplicateRuleInput>;
  /** Default 0. */
  delayMs?: InputMaybe<Scalars['Int']['input']>;
  /** Event types this connection receives; "order.*" matches a prefix; null receives all. */
  eventTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** e.g. { "body": { "type": { "$in": ["order.created"] } } }; default: none. */
  filter?: InputMaybe<Scalars['JSON']['input']>;
  /** Default false (parallel delivery). */
  ordered?: InputMaybe<Scalars['Boolean']['input']>;
  /** Default: EXPONENTIAL, 5 retries, 30000 ms. */
  retry?: InputMaybe<RetryRuleInput>;
  /** JavaScript `(request) => request` (or null to drop); default: none. */
  transformCode?: InputMaybe<Scalars['String']['input']>;
};

export type DeduplicateRule = {
  /** Body paths compared; null compares the whole body. */
  fields?: Maybe<Array<Scalars['String']['output']>>;
  windowMs: Scalars['Int']['output'];
};

export type DeduplicateRuleInput = {
  /** Dot-separated body paths, e.g. "order.id"; left out: the whole body. */
  fields?: InputMaybe<Array<Scalars['String']['input']>>;
  windowMs: Scalars['Int']['input'];
};

/** Deliveries of one destination over a time window. */
export type DeliveryStats = {
  /** Attempts that did not (each retry counts). */
  failed: Scalars['Int']['output'];
  lastFailureAt?: Maybe<Scalars['DateTime']['output']>;
  lastSuccessAt?: Maybe<Scalars['DateTime']['output']>;
  /** Attempt durations in the window, in milliseconds (estimated from a per-minute histogram). */
  latencyP50Ms?: Maybe<Scalars['Float']['output']>;
  latencyP95Ms?: Maybe<Scalars['Float']['output']>;
  /** Events not final now (waiting, scheduled for a retry, or held), counted up to 100000. */
  pending: Scalars['Int']['output'];
  since: Scalars['DateTime']['output'];
  /** successful / (successful + failed); null when none finished in the window. */
  successRate?: Maybe<Scalars['Float']['output']>;
  /** Attempts that got a 2xx. */
  successful: Scalars['Int']['output'];
};

export type DeliveryUpdate = {
  /** The attempt that caused this update; null when the status changed without one. */
  attempt?: Maybe<Attempt>;
  event: Event;
};

/** A customer's webhook URL. */
export type Destination = {
  auth: DestinationAuth;
  /** Events whose delivery failed since the last success (an event retried several times counts once). */
  consecutiveFailures: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** Set when deliveries are stopped, by hand or after too many consecutive failures; events wait in HOLD until enableDestination. */
  disabledAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why it was disabled: MANUAL, or the failure rule that did it. */
  disabledReason?: Maybe<Scalars['String']['output']>;
  /** First failure since the last success. */
  failingSince?: Maybe<Scalars['DateTime']['output']>;
  /** Added to every delivery to this URL (Hookrelay's own headers win on a clash). */
  headers: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The rate limit; null means unlimited. */
  rateLimit?: Maybe<RateLimit>;
  /** Deliveries per second allowed to this URL (rateLimit.count when its period is SECOND); null means unlimited, or a limit per MINUTE or HOUR: see rateLimit. */
  rateLimitPerSecond?: Maybe<Scalars['Int']['output']>;
  /** Until then deliveries are signed with the previous secret too (after rotateDestinationSecret). */
  secretRotatedUntil?: Maybe<Scalars['DateTime']['output']>;
  source: Source;
  /** Default window: the last 24 hours. */
  stats: DeliveryStats;
  updatedAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
};


/** A customer's webhook URL. */
export type DestinationStatsArgs = {
  since?: InputMaybe<Scalars['DateTime']['input']>;
};

export type DestinationAuth = {
  /** Header that carries the value (CUSTOM_SIGNATURE, API_KEY). */
  headerName?: Maybe<Scalars['String']['output']>;
  strategy: AuthStrategy;
};

export type DestinationAuthInput = {
  /** CUSTOM_SIGNATURE (default x-hookrelay-signature) and API_KEY (required). */
  headerName?: InputMaybe<Scalars['String']['input']>;
  /** BASIC. */
  password?: InputMaybe<Scalars['String']['input']>;
  /** Secret for signatures; generated when absent. */
  secret?: InputMaybe<Scalars['String']['input']>;
  strategy: AuthStrategy;
  /** BEARER token, or the API_KEY value. */
  token?: InputMaybe<Scalars['String']['input']>;
  /** BASIC. */
  username?: InputMaybe<Scalars['String']['input']>;
};

export type DestinationInput = {
  /** Left out: unchanged on update, STANDARD_WEBHOOKS on create. */
  auth?: InputMaybe<DestinationAuthInput>;
  /** Headers added to every delivery to this destination (a string map). Left out: unchanged; null: none. */
  headers?: InputMaybe<Scalars['JSON']['input']>;
  name: Scalars['String']['input'];
  /** Deliveries per second, minute or hour; not with rateLimitPerSecond. Left out: unchanged; null: unlimited. */
  rateLimit?: InputMaybe<RateLimitInput>;
  /** Deliveries per second across all processes: rateLimit { count, period: SECOND }. Left out: unchanged; null: unlimited. */
  rateLimitPerSecond?: InputMaybe<Scalars['Int']['input']>;
  url: Scalars['String']['input'];
};

/** One delivery of one published request through one connection. */
export type Event = {
  attemptCount: Scalars['Int']['output'];
  attempts: Array<Attempt>;
  /** The body delivered: the transformed one, or the request body when no transformation ran. */
  body?: Maybe<Scalars['JSON']['output']>;
  connection: Connection;
  createdAt: Scalars['DateTime']['output'];
  /** Why the event failed without an attempt, e.g. TRANSFORM_ERROR. */
  errorCode?: Maybe<Scalars['String']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  /** The published headers delivered (transformed when a transformation ran), before Hookrelay adds its own. */
  headers: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  lastResponseStatus?: Maybe<Scalars['Int']['output']>;
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  request: EventRequest;
  source: Source;
  status: EventStatus;
  /** True for events sent by sendTestEvent. */
  test: Scalars['Boolean']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type EventConnection = {
  edges: Array<EventEdge>;
  pageInfo: PageInfo;
};

export type EventEdge = {
  cursor: Scalars['String']['output'];
  node: Event;
};

export type EventFilter = {
  connectionId?: InputMaybe<Scalars['ID']['input']>;
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Events of these types ("order.*" matches a prefix). */
  eventTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  sourceId?: InputMaybe<Scalars['ID']['input']>;
  sourceName?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Array<EventStatus>>;
};

/** What the platform published, as received. */
export type EventRequest = {
  body?: Maybe<Scalars['JSON']['output']>;
  eventType?: Maybe<Scalars['String']['output']>;
  events: Array<Event>;
  headers: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  path: Scalars['String']['output'];
  query: Scalars['JSON']['output'];
  receivedAt: Scalars['DateTime']['output'];
  /** Connections that created no event for this request, and why. */
  skipped: Array<SkippedConnection>;
  source: Source;
};

export type EventStatus =
  /** Stopped before succeeding: cancelEvent, or its connection was deleted. */
  | 'CANCELLED'
  /** The last allowed attempt failed. */
  | 'FAILED'
  /** Held back; no attempts until released. */
  | 'HOLD'
  /** Due now; a delivery is about to run or running. */
  | 'QUEUED'
  /** Waiting for its next attempt time (a delay or a retry). */
  | 'SCHEDULED'
  /** A 2xx response was received. */
  | 'SUCCESSFUL';

/** A kind of event the platform publishes (e.g. order.created), with the shape of its body. */
export type EventType = {
  createdAt: Scalars['DateTime']['output'];
  deprecated: Scalars['Boolean']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** An example body: what sendTestEvent delivers and what a tenant UI shows. */
  example?: Maybe<Scalars['JSON']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** JSON Schema (draft 2020-12) of the body; null accepts any body. */
  schema?: Maybe<Scalars['JSON']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};

export type EventTypeInput = {
  /** Hidden from eventTypes unless includeDeprecated; still accepted on publish. */
  deprecated?: InputMaybe<Scalars['Boolean']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** Must match the schema. Left out: unchanged. */
  example?: InputMaybe<Scalars['JSON']['input']>;
  /** Dotted lowercase words, e.g. "order.created". */
  name: Scalars['String']['input'];
  /** JSON Schema (draft 2020-12) published bodies must match. Left out: unchanged; null: any body. */
  schema?: InputMaybe<Scalars['JSON']['input']>;
};

/** Failures of one connection, grouped until deliveries succeed again. */
export type Issue = {
  acknowledgedAt?: Maybe<Scalars['DateTime']['output']>;
  connection: Connection;
  /** Failed attempts grouped into this issue. */
  failureCount: Scalars['Int']['output'];
  firstFailureAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Set when the last failure got no response (TIMEOUT, CONNECTION_REFUSED...). */
  lastErrorCode?: Maybe<Scalars['String']['output']>;
  lastFailureAt: Scalars['DateTime']['output'];
  lastResponseStatus?: Maybe<Scalars['Int']['output']>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  source: Source;
  status: IssueStatus;
};

export type IssueChange =
  | 'ACKNOWLEDGED'
  | 'DESTINATION_DISABLED'
  | 'DESTINATION_ENABLED'
  | 'OPENED'
  | 'RESOLVED'
  | 'UPDATED';

export type IssueStatus =
  /** Someone is on it; failures still add to it. */
  | 'ACKNOWLEDGED'
  /** Deliveries through the connection are failing. */
  | 'OPEN'
  /** A delivery succeeded again, or it was resolved by hand. */
  | 'RESOLVED';

/** A change of delivery health: an issue opened, grew or was resolved, or a destination was disabled or enabled. */
export type IssueUpdate = {
  change: IssueChange;
  destination?: Maybe<Destination>;
  issue?: Maybe<Issue>;
};

export type Mutation = {
  /** Marks an open issue as being looked at. It still resolves itself when deliveries succeed. */
  acknowledgeIssue: Issue;
  /** Retries every event matching the filter that is in a final state (trigger BULK_RETRY), in publish order, in the background. Returns at once with the count. */
  bulkRetry: BulkRetryResult;
  /** Stops the pending attempts of an event (status CANCELLED). An attempt already under way still finishes and is recorded. */
  cancelEvent: Event;
  /** The platform's backend opens the portal for one of its customers: send the user to url. The token travels in the URL fragment, so it reaches no server log; the capabilities are enforced on every call. */
  createPortalSession: PortalSession;
  /** A token that can read and subscribe to one source's data only, for tenant-facing UIs. */
  createTenantToken: Scalars['String']['output'];
  /** Removes the connection: its history stays readable, its pending deliveries are cancelled. */
  deleteConnection: Scalars['Boolean']['output'];
  /** Stops deliveries to the destination: pending and new events wait in HOLD until enableDestination. Nothing is lost. */
  disableDestination: Destination;
  /** Lets deliveries go again; held events are delivered in publish order (those of a paused connection stay held). Answers once the first 1,000 are due; the rest are released right after, in the background. */
  enableDestination: Destination;
  /** Holds new and pending events (status HOLD, no attempts) until unpaused; nothing is lost. */
  pauseConnection: Connection;
  /** Publishes to a source: the platform's backend call (admin API key only). */
  publishEvent: PublishEventResult;
  /** Closes an issue by hand; a later failure opens a new one. */
  resolveIssue: Issue;
  /** Schedules one more attempt now (trigger MANUAL) for an event in a final state (SUCCESSFUL, FAILED or CANCELLED). */
  retryEvent: Event;
  /** Refuses the token from now on (UNAUTHENTICATED), on every process; its open WebSockets close within HOOKRELAY_WS_RECHECK_MS. False when it is unknown or already revoked. */
  revokeTenantToken: Scalars['Boolean']['output'];
  /** Starts signing with a new secret; the old one stays valid for expireCurrentInSeconds. */
  rotateDestinationSecret: Destination;
  /** Delivers the type's example (or a ping body) through this one connection only, as a test event. */
  sendTestEvent: Event;
  /** Releases held events, delivered in publish order (a disabled destination keeps its events held). Answers once the first 1,000 are due; the rest are released right after, in the background. */
  unpauseConnection: Connection;
  upsertConnection: Connection;
  /** Creates or updates an event type by name (admin only; idempotent). */
  upsertEventType: EventType;
};


export type MutationAcknowledgeIssueArgs = {
  id: Scalars['ID']['input'];
};


export type MutationBulkRetryArgs = {
  filter: EventFilter;
};


export type MutationCancelEventArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreatePortalSessionArgs = {
  input: PortalSessionInput;
};


export type MutationCreateTenantTokenArgs = {
  canManage?: InputMaybe<Scalars['Boolean']['input']>;
  capabilities?: InputMaybe<Array<PortalCapability>>;
  sourceName: Scalars['String']['input'];
  ttlSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationDeleteConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDisableDestinationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationEnableDestinationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationPauseConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationPublishEventArgs = {
  input: PublishEventInput;
};


export type MutationResolveIssueArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRetryEventArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeTenantTokenArgs = {
  token: Scalars['String']['input'];
};


export type MutationRotateDestinationSecretArgs = {
  destinationId: Scalars['ID']['input'];
  expireCurrentInSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationSendTestEventArgs = {
  connectionId: Scalars['ID']['input'];
  eventType?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUnpauseConnectionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpsertConnectionArgs = {
  input: UpsertConnectionInput;
};


export type MutationUpsertEventTypeArgs = {
  input: EventTypeInput;
};

export type PageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** What a portal session (or tenant token) may do beyond reading its own source. */
export type PortalCapability =
  /** Add, edit, pause, delete endpoints; send test events. */
  | 'MANAGE_ENDPOINTS'
  /** Retry, cancel and bulk-retry events. */
  | 'RETRY'
  /** Reveal and rotate signing secrets. */
  | 'VIEW_SECRETS';

/** A link that opens the tenant portal for one source, with what it may do. */
export type PortalSession = {
  capabilities: Array<PortalCapability>;
  expiresAt: Scalars['DateTime']['output'];
  token: Scalars['String']['output'];
  /** Opens the portal: <public base URL>/portal#token=..., the token in the fragment. */
  url: Scalars['String']['output'];
};

export type PortalSessionInput = {
  /** Default: none (read only). */
  capabilities?: InputMaybe<Array<PortalCapability>>;
  /** Where an expired session sends the user to get a new one. */
  returnUrl?: InputMaybe<Scalars['String']['input']>;
  /** The customer's source; created when new, so a customer can open the portal before it has any endpoint. */
  sourceName: Scalars['String']['input'];
  /** Lifetime, 60 s to 7 days; default 3600. */
  ttlSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type PublishEventInput = {
  body: Scalars['JSON']['input'];
  /** The event's type; checked against the catalog's schema when the type has one. */
  eventType?: InputMaybe<Scalars['String']['input']>;
  /** Header names to string values, passed on to every destination. */
  headers?: InputMaybe<Scalars['JSON']['input']>;
  /** Publishing twice with the same key for the same source returns the first request. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Path of the original request, matched by filters (e.g. "/orders"); default "". */
  path?: InputMaybe<Scalars['String']['input']>;
  /** Query parameters of the original request, matched by filters; default {}. */
  query?: InputMaybe<Scalars['JSON']['input']>;
  /** Source name. */
  source: Scalars['String']['input'];
};

export type PublishEventResult = {
  eventRequestId: Scalars['ID']['output'];
  events: Array<Event>;
  /** True when the idempotency key matched an earlier request. */
  replayed: Scalars['Boolean']['output'];
};

export type Query = {
  bulkRetryOperation?: Maybe<BulkRetry>;
  connections: ConnectionConnection;
  /** The destination's current signing secret (STANDARD_WEBHOOKS: whsec_<base64>). */
  destinationSecret?: Maybe<Scalars['String']['output']>;
  event?: Maybe<Event>;
  eventRequest?: Maybe<EventRequest>;
  eventType?: Maybe<EventType>;
  /** The catalog, by name. */
  eventTypes: Array<EventType>;
  /** Newest first. */
  events: EventConnection;
  /** Newest first; `after` is the id of the last issue of the previous page. */
  issues: Array<Issue>;
  source?: Maybe<Source>;
  /** Who this call is made as, and what it may do: the portal shows only what the session can do. */
  viewer: Viewer;
};


export type QueryBulkRetryOperationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConnectionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ConnectionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDestinationSecretArgs = {
  destinationId: Scalars['ID']['input'];
};


export type QueryEventArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEventRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEventTypeArgs = {
  name: Scalars['String']['input'];
};


export type QueryEventTypesArgs = {
  includeDeprecated?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<EventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryIssuesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  sourceName?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Array<IssueStatus>>;
};


export type QuerySourceArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};

/** Deliveries allowed to a destination per period. No window of one period, however it is placed, holds more than count deliveries, across every Hookrelay process: they go period / count apart. Events over it wait (QUEUED) until their slot. */
export type RateLimit = {
  count: Scalars['Int']['output'];
  period: RateLimitPeriod;
};

/** No window of one period, however it is placed, holds more than count deliveries, across every Hookrelay process: they go period / count apart. rateLimitPerSecond: n is the same as { count: n, period: SECOND }. */
export type RateLimitInput = {
  /** 1 to 100000. */
  count: Scalars['Int']['input'];
  period: RateLimitPeriod;
};

export type RateLimitPeriod =
  | 'HOUR'
  | 'MINUTE'
  | 'SECOND';

export type RetryRule = {
  /** Automatic retries after the first attempt; 0 disables retries. */
  count: Scalars['Int']['output'];
  /** Base interval in milliseconds. */
  intervalMs: Scalars['Int']['output'];
  /** Status codes or ranges that trigger a retry, e.g. ["500-599", "429"]; null: any non-2xx. */
  responseStatusCodes?: Maybe<Array<Scalars['String']['output']>>;
  strategy: RetryStrategy;
};

export type RetryRuleInput = {
  count: Scalars['Int']['input'];
  intervalMs: Scalars['Int']['input'];
  responseStatusCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  strategy: RetryStrategy;
};

export type RetryStrategy =
  | 'EXPONENTIAL'
  | 'LINEAR';

export type SkipReason =
  /** Deduplication found an equal request within the window. */
  | 'DUPLICATE'
  /** The request did not match the connection's filter. */
  | 'FILTERED'
  /** The transformation returned null. */
  | 'TRANSFORM_DROPPED';

export type SkippedConnection = {
  connectionId: Scalars['ID']['output'];
  connectionName: Scalars['String']['output'];
  reason: SkipReason;
};

/** One per customer account (tenant). Events are published to a source by name. */
export type Source = {
  connections: ConnectionConnection;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};


/** One per customer account (tenant). Events are published to a source by name. */
export type SourceConnectionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type SourceRefInput = {
  /** Created when new. Printable ASCII, at most 200 characters: it is sent in the x-hookrelay-source-name header. */
  name: Scalars['String']['input'];
};

export type Subscription = {
  /** The bulk retry as it goes (about twice a second), until it is COMPLETED or FAILED. */
  bulkRetryProgress: BulkRetry;
  /** Every status change and attempt of the source's events, live. */
  deliveryStatus: DeliveryUpdate;
  /** Issues opening, growing and resolving, and destinations disabled or enabled, live: one source's (sourceName) or, for the admin, all. */
  issueUpdates: IssueUpdate;
};


export type SubscriptionBulkRetryProgressArgs = {
  id: Scalars['ID']['input'];
};


export type SubscriptionDeliveryStatusArgs = {
  sourceId?: InputMaybe<Scalars['ID']['input']>;
  sourceName?: InputMaybe<Scalars['String']['input']>;
};


export type SubscriptionIssueUpdatesArgs = {
  sourceName?: InputMaybe<Scalars['String']['input']>;
};

/** Idempotent: creates or updates the source, destination and connection, all by name. */
export type UpsertConnectionInput = {
  /** At most 500 characters. Left out: unchanged; null: none. */
  description?: InputMaybe<Scalars['String']['input']>;
  destination: DestinationInput;
  name: Scalars['String']['input'];
  rules?: InputMaybe<ConnectionRulesInput>;
  source: SourceRefInput;
};

/** Who is calling: the platform (admin key), or a portal session or tenant token of one source. */
export type Viewer = {
  capabilities: Array<PortalCapability>;
  /** When the session ends; null for the admin key. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** Where the platform wants its user sent when the session ends. */
  returnUrl?: Maybe<Scalars['String']['output']>;
  /** The session's source; null for the admin key, which sees every source. */
  source?: Maybe<Source>;
};

export type PortalEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalEndpointsQuery = { viewer: { source?: { id: string, connections: { edges: Array<{ node: { id: string, name: string, description?: string | null, createdAt: string, pausedAt?: string | null, rules: { eventTypes?: Array<string> | null, filter?: unknown | null }, destination: { id: string, name: string, url: string, headers: unknown, disabledAt?: string | null, disabledReason?: string | null, failingSince?: string | null, consecutiveFailures: number, secretRotatedUntil?: string | null, rateLimit?: { count: number, period: RateLimitPeriod } | null, auth: { strategy: AuthStrategy, headerName?: string | null }, stats: { successRate?: number | null, latencyP50Ms?: number | null, successful: number, failed: number, pending: number, lastSuccessAt?: string | null, lastFailureAt?: string | null } } } }> } } | null } };

export type PortalEndpointFragment = { id: string, name: string, description?: string | null, createdAt: string, pausedAt?: string | null, rules: { eventTypes?: Array<string> | null, filter?: unknown | null }, destination: { id: string, name: string, url: string, headers: unknown, disabledAt?: string | null, disabledReason?: string | null, failingSince?: string | null, consecutiveFailures: number, secretRotatedUntil?: string | null, rateLimit?: { count: number, period: RateLimitPeriod } | null, auth: { strategy: AuthStrategy, headerName?: string | null }, stats: { successRate?: number | null, latencyP50Ms?: number | null, successful: number, failed: number, pending: number, lastSuccessAt?: string | null, lastFailureAt?: string | null } } };

export type PortalEventTypesQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalEventTypesQuery = { eventTypes: Array<{ name: string, description?: string | null }> };

export type PortalUpsertEndpointMutationVariables = Exact<{
  input: UpsertConnectionInput;
}>;


export type PortalUpsertEndpointMutation = { upsertConnection: { id: string, name: string, description?: string | null, createdAt: string, pausedAt?: string | null, rules: { eventTypes?: Array<string> | null, filter?: unknown | null }, destination: { id: string, name: string, url: string, headers: unknown, disabledAt?: string | null, disabledReason?: string | null, failingSince?: string | null, consecutiveFailures: number, secretRotatedUntil?: string | null, rateLimit?: { count: number, period: RateLimitPeriod } | null, auth: { strategy: AuthStrategy, headerName?: string | null }, stats: { successRate?: number | null, latencyP50Ms?: number | null, successful: number, failed: number, pending: number, lastSuccessAt?: string | null, lastFailureAt?: string | null } } } };

export type PortalDeleteEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalDeleteEndpointMutation = { deleteConnection: boolean };

export type PortalPauseEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalPauseEndpointMutation = { pauseConnection: { id: string, pausedAt?: string | null } };

export type PortalResumeEndpointMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalResumeEndpointMutation = { unpauseConnection: { id: string, pausedAt?: string | null } };

export type PortalEnableDestinationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalEnableDestinationMutation = { enableDestination: { id: string, disabledAt?: string | null, disabledReason?: string | null } };

export type PortalSendTestEventMutationVariables = Exact<{
  connectionId: Scalars['ID']['input'];
  eventType?: InputMaybe<Scalars['String']['input']>;
}>;


export type PortalSendTestEventMutation = { sendTestEvent: { id: string, status: EventStatus } };

export type PortalDestinationSecretQueryVariables = Exact<{
  destinationId: Scalars['ID']['input'];
}>;


export type PortalDestinationSecretQuery = { destinationSecret?: string | null };

export type PortalRotateSecretMutationVariables = Exact<{
  destinationId: Scalars['ID']['input'];
  expireCurrentInSeconds?: InputMaybe<Scalars['Int']['input']>;
}>;


export type PortalRotateSecretMutation = { rotateDestinationSecret: { id: string, secretRotatedUntil?: string | null } };

export type PortalEndpointDeliveriesSubscriptionVariables = Exact<{
  sourceId: Scalars['ID']['input'];
}>;


export type PortalEndpointDeliveriesSubscription = { deliveryStatus: { event: { id: string, status: EventStatus, test: boolean, connection: { id: string } }, attempt?: { number: number, status: AttemptStatus, responseStatus?: number | null, durationMs?: number | null, errorCode?: string | null } | null } };

export type PortalTestEventStatusQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalTestEventStatusQuery = { event?: { id: string, status: EventStatus, attempts: Array<{ number: number, responseStatus?: number | null, durationMs?: number | null, errorCode?: string | null }> } | null };

export type PortalAttemptFragment = { id: string, number: number, status: AttemptStatus, trigger: AttemptTrigger, requestedAt: string, respondedAt?: string | null, durationMs?: number | null, responseStatus?: number | null, responseBody?: string | null, errorCode?: string | null, errorMessage?: string | null };

export type PortalEventQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalEventQuery = { event?: { id: string, status: EventStatus, test: boolean, createdAt: string, updatedAt: string, attemptCount: number, nextAttemptAt?: string | null, lastResponseStatus?: number | null, errorCode?: string | null, errorMessage?: string | null, headers: unknown, body?: unknown | null, connection: { id: string, name: string, destination: { url: string, auth: { strategy: AuthStrategy, headerName?: string | null } } }, request: { id: string, eventType?: string | null, headers: unknown, body?: unknown | null, path: string, query: unknown, idempotencyKey?: string | null, receivedAt: string }, attempts: Array<{ id: string, number: number, status: AttemptStatus, trigger: AttemptTrigger, requestedAt: string, respondedAt?: string | null, durationMs?: number | null, responseStatus?: number | null, responseBody?: string | null, errorCode?: string | null, errorMessage?: string | null }> } | null };

export type PortalEventLiveSubscriptionVariables = Exact<{
  sourceId: Scalars['ID']['input'];
}>;


export type PortalEventLiveSubscription = { deliveryStatus: { event: { id: string, status: EventStatus, attemptCount: number, nextAttemptAt?: string | null, lastResponseStatus?: number | null, errorCode?: string | null, errorMessage?: string | null, updatedAt: string }, attempt?: { id: string, number: number, status: AttemptStatus, trigger: AttemptTrigger, requestedAt: string, respondedAt?: string | null, durationMs?: number | null, responseStatus?: number | null, responseBody?: string | null, errorCode?: string | null, errorMessage?: string | null } | null } };

export type PortalRetryEventMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalRetryEventMutation = { retryEvent: { id: string, status: EventStatus, nextAttemptAt?: string | null, attemptCount: number } };

export type PortalCancelEventMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalCancelEventMutation = { cancelEvent: { id: string, status: EventStatus, nextAttemptAt?: string | null } };

export type PortalEventRowFragment = { id: string, status: EventStatus, test: boolean, createdAt: string, updatedAt: string, attemptCount: number, lastResponseStatus?: number | null, nextAttemptAt?: string | null, errorCode?: string | null, request: { id: string, eventType?: string | null }, connection: { id: string, name: string, destination: { url: string } } };

export type PortalEventsQueryVariables = Exact<{
  filter?: InputMaybe<EventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type PortalEventsQuery = { events: { edges: Array<{ cursor: string, node: { id: string, status: EventStatus, test: boolean, createdAt: string, updatedAt: string, attemptCount: number, lastResponseStatus?: number | null, nextAttemptAt?: string | null, errorCode?: string | null, request: { id: string, eventType?: string | null }, connection: { id: string, name: string, destination: { url: string } } } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null } } };

export type PortalEventFilterOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalEventFilterOptionsQuery = { viewer: { source?: { connections: { edges: Array<{ node: { id: string, name: string, destination: { url: string } } }> } } | null }, eventTypes: Array<{ name: string }> };

export type PortalEventsLiveSubscriptionVariables = Exact<{
  sourceId: Scalars['ID']['input'];
}>;


export type PortalEventsLiveSubscription = { deliveryStatus: { event: { id: string, status: EventStatus, test: boolean, createdAt: string, updatedAt: string, attemptCount: number, lastResponseStatus?: number | null, nextAttemptAt?: string | null, errorCode?: string | null, request: { id: string, eventType?: string | null }, connection: { id: string, name: string, destination: { url: string } } } } };

export type PortalBulkRetryMutationVariables = Exact<{
  filter: EventFilter;
}>;


export type PortalBulkRetryMutation = { bulkRetry: { id: string, count: number, operation: { id: string, status: BulkRetryStatus, total: number, scheduled: number, error?: string | null } } };

export type PortalBulkRetryProgressSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalBulkRetryProgressSubscription = { bulkRetryProgress: { id: string, status: BulkRetryStatus, total: number, scheduled: number, error?: string | null, finishedAt?: string | null } };

export type PortalIssuesQueryVariables = Exact<{
  sourceName: Scalars['String']['input'];
}>;


export type PortalIssuesQuery = { issues: Array<{ id: string, status: IssueStatus, firstFailureAt: string, lastFailureAt: string, failureCount: number, lastResponseStatus?: number | null, lastErrorCode?: string | null, acknowledgedAt?: string | null, connection: { id: string, name: string, destination: { url: string, disabledAt?: string | null, disabledReason?: string | null } } }> };

export type PortalAcknowledgeIssueMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PortalAcknowledgeIssueMutation = { acknowledgeIssue: { id: string, status: IssueStatus, acknowledgedAt?: string | null } };

export type PortalIssueUpdatesSubscriptionVariables = Exact<{
  sourceName: Scalars['String']['input'];
}>;


export type PortalIssueUpdatesSubscription = { issueUpdates: { change: IssueChange, issue?: { id: string, status: IssueStatus } | null } };

export type PortalSignatureEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalSignatureEndpointsQuery = { viewer: { source?: { connections: { edges: Array<{ node: { id: string, name: string, destination: { id: string, url: string, auth: { strategy: AuthStrategy, headerName?: string | null } } } }> } } | null } };

export type PortalSignatureSecretQueryVariables = Exact<{
  destinationId: Scalars['ID']['input'];
}>;


export type PortalSignatureSecretQuery = { destinationSecret?: string | null };

export type PortalViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalViewerQuery = { viewer: { capabilities: Array<PortalCapability>, expiresAt?: string | null, returnUrl?: string | null, source?: { id: string, name: string } | null } };

export const PortalEndpointFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalEndpoint"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"pausedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"filter"}}]}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"period"}}]}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"secretRotatedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"auth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"headerName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"latencyP50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"successful"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}}]}}]}}]}}]} as unknown as DocumentNode<PortalEndpointFragment, unknown>;
export const PortalAttemptFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalAttempt"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Attempt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"respondedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"responseBody"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}}]}}]} as unknown as DocumentNode<PortalAttemptFragment, unknown>;
export const PortalEventRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalEventRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Event"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastResponseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"request"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}}]}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<PortalEventRowFragment, unknown>;
export const PortalEndpointsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalEndpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connections"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalEndpoint"}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalEndpoint"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"pausedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"filter"}}]}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"period"}}]}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"secretRotatedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"auth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"headerName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"latencyP50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"successful"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}}]}}]}}]}}]} as unknown as DocumentNode<PortalEndpointsQuery, PortalEndpointsQueryVariables>;
export const PortalEventTypesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalEventTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]} as unknown as DocumentNode<PortalEventTypesQuery, PortalEventTypesQueryVariables>;
export const PortalUpsertEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalUpsertEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpsertConnectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upsertConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalEndpoint"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalEndpoint"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"pausedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"filter"}}]}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"period"}}]}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}},{"kind":"Field","name":{"kind":"Name","value":"failingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"secretRotatedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"auth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"headerName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"latencyP50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"successful"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"lastSuccessAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}}]}}]}}]}}]} as unknown as DocumentNode<PortalUpsertEndpointMutation, PortalUpsertEndpointMutationVariables>;
export const PortalDeleteEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalDeleteEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<PortalDeleteEndpointMutation, PortalDeleteEndpointMutationVariables>;
export const PortalPauseEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalPauseEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pauseConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"pausedAt"}}]}}]}}]} as unknown as DocumentNode<PortalPauseEndpointMutation, PortalPauseEndpointMutationVariables>;
export const PortalResumeEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalResumeEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unpauseConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"pausedAt"}}]}}]}}]} as unknown as DocumentNode<PortalResumeEndpointMutation, PortalResumeEndpointMutationVariables>;
export const PortalEnableDestinationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalEnableDestination"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enableDestination"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}}]}}]}}]} as unknown as DocumentNode<PortalEnableDestinationMutation, PortalEnableDestinationMutationVariables>;
export const PortalSendTestEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalSendTestEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventType"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendTestEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"eventType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<PortalSendTestEventMutation, PortalSendTestEventMutationVariables>;
export const PortalDestinationSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalDestinationSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"destinationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"destinationSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"destinationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"destinationId"}}}]}]}}]} as unknown as DocumentNode<PortalDestinationSecretQuery, PortalDestinationSecretQueryVariables>;
export const PortalRotateSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalRotateSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"destinationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expireCurrentInSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateDestinationSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"destinationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"destinationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"expireCurrentInSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expireCurrentInSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"secretRotatedUntil"}}]}}]}}]} as unknown as DocumentNode<PortalRotateSecretMutation, PortalRotateSecretMutationVariables>;
export const PortalEndpointDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PortalEndpointDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveryStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sourceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"attempt"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}}]}}]}}]}}]} as unknown as DocumentNode<PortalEndpointDeliveriesSubscription, PortalEndpointDeliveriesSubscriptionVariables>;
export const PortalTestEventStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalTestEventStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}}]}}]}}]}}]} as unknown as DocumentNode<PortalTestEventStatusQuery, PortalTestEventStatusQueryVariables>;
export const PortalEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastResponseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"auth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"headerName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"request"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"headers"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"query"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attempts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalAttempt"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalAttempt"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Attempt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"respondedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"responseBody"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}}]}}]} as unknown as DocumentNode<PortalEventQuery, PortalEventQueryVariables>;
export const PortalEventLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PortalEventLive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveryStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sourceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastResponseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attempt"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalAttempt"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalAttempt"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Attempt"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"respondedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"responseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"responseBody"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}}]}}]} as unknown as DocumentNode<PortalEventLiveSubscription, PortalEventLiveSubscriptionVariables>;
export const PortalRetryEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalRetryEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}}]}}]}}]} as unknown as DocumentNode<PortalRetryEventMutation, PortalRetryEventMutationVariables>;
export const PortalCancelEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalCancelEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}}]}}]}}]} as unknown as DocumentNode<PortalCancelEventMutation, PortalCancelEventMutationVariables>;
export const PortalEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EventFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalEventRow"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalEventRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Event"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastResponseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"request"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}}]}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<PortalEventsQuery, PortalEventsQueryVariables>;
export const PortalEventFilterOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalEventFilterOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connections"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PortalEventFilterOptionsQuery, PortalEventFilterOptionsQueryVariables>;
export const PortalEventsLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PortalEventsLive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sourceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveryStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sourceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sourceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalEventRow"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalEventRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Event"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"attemptCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastResponseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"request"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}}]}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}}]} as unknown as DocumentNode<PortalEventsLiveSubscription, PortalEventsLiveSubscriptionVariables>;
export const PortalBulkRetryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalBulkRetry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EventFilter"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkRetry"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"operation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"scheduled"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]} as unknown as DocumentNode<PortalBulkRetryMutation, PortalBulkRetryMutationVariables>;
export const PortalBulkRetryProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PortalBulkRetryProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkRetryProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"scheduled"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]}}]} as unknown as DocumentNode<PortalBulkRetryProgressSubscription, PortalBulkRetryProgressSubscriptionVariables>;
export const PortalIssuesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalIssues"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sourceName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sourceName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sourceName"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"OPEN"},{"kind":"EnumValue","value":"ACKNOWLEDGED"}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"firstFailureAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastFailureAt"}},{"kind":"Field","name":{"kind":"Name","value":"failureCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastResponseStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorCode"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"connection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"disabledAt"}},{"kind":"Field","name":{"kind":"Name","value":"disabledReason"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PortalIssuesQuery, PortalIssuesQueryVariables>;
export const PortalAcknowledgeIssueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalAcknowledgeIssue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acknowledgeIssue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}}]}}]}}]} as unknown as DocumentNode<PortalAcknowledgeIssueMutation, PortalAcknowledgeIssueMutationVariables>;
export const PortalIssueUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PortalIssueUpdates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sourceName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issueUpdates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"sourceName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sourceName"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"change"}},{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<PortalIssueUpdatesSubscription, PortalIssueUpdatesSubscriptionVariables>;
export const PortalSignatureEndpointsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalSignatureEndpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connections"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"auth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"headerName"}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PortalSignatureEndpointsQuery, PortalSignatureEndpointsQueryVariables>;
export const PortalSignatureSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalSignatureSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"destinationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"destinationSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"destinationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"destinationId"}}}]}]}}]} as unknown as DocumentNode<PortalSignatureSecretQuery, PortalSignatureSecretQueryVariables>;
export const PortalViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"returnUrl"}}]}}]}}]} as unknown as DocumentNode<PortalViewerQuery, PortalViewerQueryVariables>;