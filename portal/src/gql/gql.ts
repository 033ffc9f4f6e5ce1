/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PortalEndpoints {\n    viewer {\n      source {\n        id\n        connections(first: 100) {\n          edges { node { ...PortalEndpoint } }\n        }\n      }\n    }\n  }\n": typeof types.PortalEndpointsDocument,
    "\n  fragment PortalEndpoint on Connection {\n    id\n    name\n    description\n    createdAt\n    pausedAt\n    rules { eventTypes filter }\n    destination {\n      id\n      name\n      url\n      headers\n      rateLimit { count period }\n      disabledAt\n      disabledReason\n      failingSince\n      consecutiveFailures\n      secretRotatedUntil\n      auth { strategy headerName }\n      stats { successRate latencyP50Ms successful failed pending lastSuccessAt lastFailureAt }\n    }\n  }\n": typeof types.PortalEndpointFragmentDoc,
    "\n  query PortalEventTypes {\n    eventTypes { name description }\n  }\n": typeof types.PortalEventTypesDocument,
    "\n  mutation PortalUpsertEndpoint($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) { ...PortalEndpoint }\n  }\n": typeof types.PortalUpsertEndpointDocument,
    "\n  mutation PortalDeleteEndpoint($id: ID!) {\n    deleteConnection(id: $id)\n  }\n": typeof types.PortalDeleteEndpointDocument,
    "\n  mutation PortalPauseEndpoint($id: ID!) {\n    pauseConnection(id: $id) { id pausedAt }\n  }\n": typeof types.PortalPauseEndpointDocument,
    "\n  mutation PortalResumeEndpoint($id: ID!) {\n    unpauseConnection(id: $id) { id pausedAt }\n  }\n": typeof types.PortalResumeEndpointDocument,
    "\n  mutation PortalEnableDestination($id: ID!) {\n    enableDestination(id: $id) { id disabledAt disabledReason }\n  }\n": typeof types.PortalEnableDestinationDocument,
    "\n  mutation PortalSendTestEvent($connectionId: ID!, $eventType: String) {\n    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id status }\n  }\n": typeof types.PortalSendTestEventDocument,
    "\n  query PortalDestinationSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n": typeof types.PortalDestinationSecretDocument,
    "\n  mutation PortalRotateSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {\n    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) { id secretRotatedUntil }\n  }\n": typeof types.PortalRotateSecretDocument,
    "\n  subscription PortalEndpointDeliveries($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { id status test connection { id } }\n      attempt { number status responseStatus durationMs errorCode }\n    }\n  }\n": typeof types.PortalEndpointDeliveriesDocument,
    "\n  query PortalTestEventStatus($id: ID!) {\n    event(id: $id) { id status attempts { number responseStatus durationMs errorCode } }\n  }\n": typeof types.PortalTestEventStatusDocument,
    "\n  fragment PortalAttempt on Attempt {\n    id\n    number\n    status\n    trigger\n    requestedAt\n    respondedAt\n    durationMs\n    responseStatus\n    responseBody\n    errorCode\n    errorMessage\n  }\n": typeof types.PortalAttemptFragmentDoc,
    "\n  query PortalEvent($id: ID!) {\n    event(id: $id) {\n      id\n      status\n      test\n      createdAt\n      updatedAt\n      attemptCount\n      nextAttemptAt\n      lastResponseStatus\n      errorCode\n      errorMessage\n      headers\n      body\n      connection { id name destination { url auth { strategy headerName } } }\n      request { id eventType headers body path query idempotencyKey receivedAt }\n      attempts { ...PortalAttempt }\n    }\n  }\n": typeof types.PortalEventDocument,
    "\n  subscription PortalEventLive($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { id status attemptCount nextAttemptAt lastResponseStatus errorCode errorMessage updatedAt }\n      attempt { ...PortalAttempt }\n    }\n  }\n": typeof types.PortalEventLiveDocument,
    "\n  mutation PortalRetryEvent($id: ID!) {\n    retryEvent(id: $id) { id status nextAttemptAt attemptCount }\n  }\n": typeof types.PortalRetryEventDocument,
    "\n  mutation PortalCancelEvent($id: ID!) {\n    cancelEvent(id: $id) { id status nextAttemptAt }\n  }\n": typeof types.PortalCancelEventDocument,
    "\n  fragment PortalEventRow on Event {\n    id\n    status\n    test\n    createdAt\n    updatedAt\n    attemptCount\n    lastResponseStatus\n    nextAttemptAt\n    errorCode\n    request { id eventType }\n    connection { id name destination { url } }\n  }\n": typeof types.PortalEventRowFragmentDoc,
    "\n  query PortalEvents($filter: EventFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    events(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      edges { cursor node { ...PortalEventRow } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": typeof types.PortalEventsDocument,
    "\n  query PortalEventFilterOptions {\n    viewer { source { connections(first: 100) { edges { node { id name destination { url } } } } } }\n    eventTypes { name }\n  }\n": typeof types.PortalEventFilterOptionsDocument,
    "\n  subscription PortalEventsLive($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { ...PortalEventRow }\n    }\n  }\n": typeof types.PortalEventsLiveDocument,
    "\n  mutation PortalBulkRetry($filter: EventFilter!) {\n    bulkRetry(filter: $filter) { id count operation { id status total scheduled error } }\n  }\n": typeof types.PortalBulkRetryDocument,
    "\n  subscription PortalBulkRetryProgress($id: ID!) {\n    bulkRetryProgress(id: $id) { id status total scheduled error finishedAt }\n  }\n": typeof types.PortalBulkRetryProgressDocument,
    "\n  query PortalIssues($sourceName: String!) {\n    issues(sourceName: $sourceName, status: [OPEN, ACKNOWLEDGED], first: 100) {\n      id\n      status\n      firstFailureAt\n      lastFailureAt\n      failureCount\n      lastResponseStatus\n      lastErrorCode\n      acknowledgedAt\n      connection { id name destination { url disabledAt disabledReason } }\n    }\n  }\n": typeof types.PortalIssuesDocument,
    "\n  mutation PortalAcknowledgeIssue($id: ID!) {\n    acknowledgeIssue(id: $id) { id status acknowledgedAt }\n  }\n": typeof types.PortalAcknowledgeIssueDocument,
    "\n  subscription PortalIssueUpdates($sourceName: String!) {\n    issueUpdates(sourceName: $sourceName) { change issue { id status } }\n  }\n": typeof types.PortalIssueUpdatesDocument,
    "\n  query PortalSignatureEndpoints {\n    viewer { source { connections(first: 100) { edges { node { id name destination { id url auth { strategy headerName } } } } } } }\n  }\n": typeof types.PortalSignatureEndpointsDocument,
    "\n  query PortalSignatureSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n": typeof types.PortalSignatureSecretDocument,
    "\n  query PortalViewer {\n    viewer {\n      source { id name }\n      capabilities\n      expiresAt\n      returnUrl\n    }\n  }\n": typeof types.PortalViewerDocument,
};
const documents: Documents = {
    "\n  query PortalEndpoints {\n    viewer {\n      source {\n        id\n        connections(first: 100) {\n          edges { node { ...PortalEndpoint } }\n        }\n      }\n    }\n  }\n": types.PortalEndpointsDocument,
    "\n  fragment PortalEndpoint on Connection {\n    id\n    name\n    description\n    createdAt\n    pausedAt\n    rules { eventTypes filter }\n    destination {\n      id\n      name\n      url\n      headers\n      rateLimit { count period }\n      disabledAt\n      disabledReason\n      failingSince\n      consecutiveFailures\n      secretRotatedUntil\n      auth { strategy headerName }\n      stats { successRate latencyP50Ms successful failed pending lastSuccessAt lastFailureAt }\n    }\n  }\n": types.PortalEndpointFragmentDoc,
    "\n  query PortalEventTypes {\n    eventTypes { name description }\n  }\n": types.PortalEventTypesDocument,
    "\n  mutation PortalUpsertEndpoint($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) { ...PortalEndpoint }\n  }\n": types.PortalUpsertEndpointDocument,
    "\n  mutation PortalDeleteEndpoint($id: ID!) {\n    deleteConnection(id: $id)\n  }\n": types.PortalDeleteEndpointDocument,
    "\n  mutation PortalPauseEndpoint($id: ID!) {\n    pauseConnection(id: $id) { id pausedAt }\n  }\n": types.PortalPauseEndpointDocument,
    "\n  mutation PortalResumeEndpoint($id: ID!) {\n    unpauseConnection(id: $id) { id pausedAt }\n  }\n": types.PortalResumeEndpointDocument,
    "\n  mutation PortalEnableDestination($id: ID!) {\n    enableDestination(id: $id) { id disabledAt disabledReason }\n  }\n": types.PortalEnableDestinationDocument,
    "\n  mutation PortalSendTestEvent($connectionId: ID!, $eventType: String) {\n    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id status }\n  }\n": types.PortalSendTestEventDocument,
    "\n  query PortalDestinationSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n": types.PortalDestinationSecretDocument,
    "\n  mutation PortalRotateSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {\n    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) { id secretRotatedUntil }\n  }\n": types.PortalRotateSecretDocument,
    "\n  subscription PortalEndpointDeliveries($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { id status test connection { id } }\n      attempt { number status responseStatus durationMs errorCode }\n    }\n  }\n": types.PortalEndpointDeliveriesDocument,
    "\n  query PortalTestEventStatus($id: ID!) {\n    event(id: $id) { id status attempts { number responseStatus durationMs errorCode } }\n  }\n": types.PortalTestEventStatusDocument,
    "\n  fragment PortalAttempt on Attempt {\n    id\n    number\n    status\n    trigger\n    requestedAt\n    respondedAt\n    durationMs\n    responseStatus\n    responseBody\n    errorCode\n    errorMessage\n  }\n": types.PortalAttemptFragmentDoc,
    "\n  query PortalEvent($id: ID!) {\n    event(id: $id) {\n      id\n      status\n      test\n      createdAt\n      updatedAt\n      attemptCount\n      nextAttemptAt\n      lastResponseStatus\n      errorCode\n      errorMessage\n      headers\n      body\n      connection { id name destination { url auth { strategy headerName } } }\n      request { id eventType headers body path query idempotencyKey receivedAt }\n      attempts { ...PortalAttempt }\n    }\n  }\n": types.PortalEventDocument,
    "\n  subscription PortalEventLive($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { id status attemptCount nextAttemptAt lastResponseStatus errorCode errorMessage updatedAt }\n      attempt { ...PortalAttempt }\n    }\n  }\n": types.PortalEventLiveDocument,
    "\n  mutation PortalRetryEvent($id: ID!) {\n    retryEvent(id: $id) { id status nextAttemptAt attemptCount }\n  }\n": types.PortalRetryEventDocument,
    "\n  mutation PortalCancelEvent($id: ID!) {\n    cancelEvent(id: $id) { id status nextAttemptAt }\n  }\n": types.PortalCancelEventDocument,
    "\n  fragment PortalEventRow on Event {\n    id\n    status\n    test\n    createdAt\n    updatedAt\n    attemptCount\n    lastResponseStatus\n    nextAttemptAt\n    errorCode\n    request { id eventType }\n    connection { id name destination { url } }\n  }\n": types.PortalEventRowFragmentDoc,
    "\n  query PortalEvents($filter: EventFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    events(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      edges { cursor node { ...PortalEventRow } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n": types.PortalEventsDocument,
    "\n  query PortalEventFilterOptions {\n    viewer { source { connections(first: 100) { edges { node { id name destination { url } } } } } }\n    eventTypes { name }\n  }\n": types.PortalEventFilterOptionsDocument,
    "\n  subscription PortalEventsLive($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { ...PortalEventRow }\n    }\n  }\n": types.PortalEventsLiveDocument,
    "\n  mutation PortalBulkRetry($filter: EventFilter!) {\n    bulkRetry(filter: $filter) { id count operation { id status total scheduled error } }\n  }\n": types.PortalBulkRetryDocument,
    "\n  subscription PortalBulkRetryProgress($id: ID!) {\n    bulkRetryProgress(id: $id) { id status total scheduled error finishedAt }\n  }\n": types.PortalBulkRetryProgressDocument,
    "\n  query PortalIssues($sourceName: String!) {\n    issues(sourceName: $sourceName, status: [OPEN, ACKNOWLEDGED], first: 100) {\n      id\n      status\n      firstFailureAt\n      lastFailureAt\n      failureCount\n      lastResponseStatus\n      lastErrorCode\n      acknowledgedAt\n      connection { id name destination { url disabledAt disabledReason } }\n    }\n  }\n": types.PortalIssuesDocument,
    "\n  mutation PortalAcknowledgeIssue($id: ID!) {\n    acknowledgeIssue(id: $id) { id status acknowledgedAt }\n  }\n": types.PortalAcknowledgeIssueDocument,
    "\n  subscription PortalIssueUpdates($sourceName: String!) {\n    issueUpdates(sourceName: $sourceName) { change issue { id status } }\n  }\n": types.PortalIssueUpdatesDocument,
    "\n  query PortalSignatureEndpoints {\n    viewer { source { connections(first: 100) { edges { node { id name destination { id url auth { strategy headerName } } } } } } }\n  }\n": types.PortalSignatureEndpointsDocument,
    "\n  query PortalSignatureSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n": types.PortalSignatureSecretDocument,
    "\n  query PortalViewer {\n    viewer {\n      source { id name }\n      capabilities\n      expiresAt\n      returnUrl\n    }\n  }\n": types.PortalViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalEndpoints {\n    viewer {\n      source {\n        id\n        connections(first: 100) {\n          edges { node { ...PortalEndpoint } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalEndpoints {\n    viewer {\n      source {\n        id\n        connections(first: 100) {\n          edges { node { ...PortalEndpoint } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalEndpoint on Connection {\n    id\n    name\n    description\n    createdAt\n    pausedAt\n    rules { eventTypes filter }\n    destination {\n      id\n      name\n      url\n      headers\n      rateLimit { count period }\n      disabledAt\n      disabledReason\n      failingSince\n      consecutiveFailures\n      secretRotatedUntil\n      auth { strategy headerName }\n      stats { successRate latencyP50Ms successful failed pending lastSuccessAt lastFailureAt }\n    }\n  }\n"): (typeof documents)["\n  fragment PortalEndpoint on Connection {\n    id\n    name\n    description\n    createdAt\n    pausedAt\n    rules { eventTypes filter }\n    destination {\n      id\n      name\n      url\n      headers\n      rateLimit { count period }\n      disabledAt\n      disabledReason\n      failingSince\n      consecutiveFailures\n      secretRotatedUntil\n      auth { strategy headerName }\n      stats { successRate latencyP50Ms successful failed pending lastSuccessAt lastFailureAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalEventTypes {\n    eventTypes { name description }\n  }\n"): (typeof documents)["\n  query PortalEventTypes {\n    eventTypes { name description }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalUpsertEndpoint($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) { ...PortalEndpoint }\n  }\n"): (typeof documents)["\n  mutation PortalUpsertEndpoint($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) { ...PortalEndpoint }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalDeleteEndpoint($id: ID!) {\n    deleteConnection(id: $id)\n  }\n"): (typeof documents)["\n  mutation PortalDeleteEndpoint($id: ID!) {\n    deleteConnection(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalPauseEndpoint($id: ID!) {\n    pauseConnection(id: $id) { id pausedAt }\n  }\n"): (typeof documents)["\n  mutation PortalPauseEndpoint($id: ID!) {\n    pauseConnection(id: $id) { id pausedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalResumeEndpoint($id: ID!) {\n    unpauseConnection(id: $id) { id pausedAt }\n  }\n"): (typeof documents)["\n  mutation PortalResumeEndpoint($id: ID!) {\n    unpauseConnection(id: $id) { id pausedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalEnableDestination($id: ID!) {\n    enableDestination(id: $id) { id disabledAt disabledReason }\n  }\n"): (typeof documents)["\n  mutation PortalEnableDestination($id: ID!) {\n    enableDestination(id: $id) { id disabledAt disabledReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalSendTestEvent($connectionId: ID!, $eventType: String) {\n    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id status }\n  }\n"): (typeof documents)["\n  mutation PortalSendTestEvent($connectionId: ID!, $eventType: String) {\n    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalDestinationSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n"): (typeof documents)["\n  query PortalDestinationSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRotateSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {\n    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) { id secretRotatedUntil }\n  }\n"): (typeof documents)["\n  mutation PortalRotateSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {\n    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) { id secretRotatedUntil }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalEndpointDeliveries($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { id status test connection { id } }\n      attempt { number status responseStatus durationMs errorCode }\n    }\n  }\n"): (typeof documents)["\n  subscription PortalEndpointDeliveries($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { id status test connection { id } }\n      attempt { number status responseStatus durationMs errorCode }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalTestEventStatus($id: ID!) {\n    event(id: $id) { id status attempts { number responseStatus durationMs errorCode } }\n  }\n"): (typeof documents)["\n  query PortalTestEventStatus($id: ID!) {\n    event(id: $id) { id status attempts { number responseStatus durationMs errorCode } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalAttempt on Attempt {\n    id\n    number\n    status\n    trigger\n    requestedAt\n    respondedAt\n    durationMs\n    responseStatus\n    responseBody\n    errorCode\n    errorMessage\n  }\n"): (typeof documents)["\n  fragment PortalAttempt on Attempt {\n    id\n    number\n    status\n    trigger\n    requestedAt\n    respondedAt\n    durationMs\n    responseStatus\n    responseBody\n    errorCode\n    errorMessage\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalEvent($id: ID!) {\n    event(id: $id) {\n      id\n      status\n      test\n      createdAt\n      updatedAt\n      attemptCount\n      nextAttemptAt\n      lastResponseStatus\n      errorCode\n      errorMessage\n      headers\n      body\n      connection { id name destination { url auth { strategy headerName } } }\n      request { id eventType headers body path query idempotencyKey receivedAt }\n      attempts { ...PortalAttempt }\n    }\n  }\n"): (typeof documents)["\n  query PortalEvent($id: ID!) {\n    event(id: $id) {\n      id\n      status\n      test\n      createdAt\n      updatedAt\n      attemptCount\n      nextAttemptAt\n      lastResponseStatus\n      errorCode\n      errorMessage\n      headers\n      body\n      connection { id name destination { url auth { strategy headerName } } }\n      request { id eventType headers body path query idempotencyKey receivedAt }\n      attempts { ...PortalAttempt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalEventLive($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { id status attemptCount nextAttemptAt lastResponseStatus errorCode errorMessage updatedAt }\n      attempt { ...PortalAttempt }\n    }\n  }\n"): (typeof documents)["\n  subscription PortalEventLive($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { id status attemptCount nextAttemptAt lastResponseStatus errorCode errorMessage updatedAt }\n      attempt { ...PortalAttempt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRetryEvent($id: ID!) {\n    retryEvent(id: $id) { id status nextAttemptAt attemptCount }\n  }\n"): (typeof documents)["\n  mutation PortalRetryEvent($id: ID!) {\n    retryEvent(id: $id) { id status nextAttemptAt attemptCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalCancelEvent($id: ID!) {\n    cancelEvent(id: $id) { id status nextAttemptAt }\n  }\n"): (typeof documents)["\n  mutation PortalCancelEvent($id: ID!) {\n    cancelEvent(id: $id) { id status nextAttemptAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalEventRow on Event {\n    id\n    status\n    test\n    createdAt\n    updatedAt\n    attemptCount\n    lastResponseStatus\n    nextAttemptAt\n    errorCode\n    request { id eventType }\n    connection { id name destination { url } }\n  }\n"): (typeof documents)["\n  fragment PortalEventRow on Event {\n    id\n    status\n    test\n    createdAt\n    updatedAt\n    attemptCount\n    lastResponseStatus\n    nextAttemptAt\n    errorCode\n    request { id eventType }\n    connection { id name destination { url } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalEvents($filter: EventFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    events(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      edges { cursor node { ...PortalEventRow } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n"): (typeof documents)["\n  query PortalEvents($filter: EventFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    events(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      edges { cursor node { ...PortalEventRow } }\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalEventFilterOptions {\n    viewer { source { connections(first: 100) { edges { node { id name destination { url } } } } } }\n    eventTypes { name }\n  }\n"): (typeof documents)["\n  query PortalEventFilterOptions {\n    viewer { source { connections(first: 100) { edges { node { id name destination { url } } } } } }\n    eventTypes { name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalEventsLive($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { ...PortalEventRow }\n    }\n  }\n"): (typeof documents)["\n  subscription PortalEventsLive($sourceId: ID!) {\n    deliveryStatus(sourceId: $sourceId) {\n      event { ...PortalEventRow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalBulkRetry($filter: EventFilter!) {\n    bulkRetry(filter: $filter) { id count operation { id status total scheduled error } }\n  }\n"): (typeof documents)["\n  mutation PortalBulkRetry($filter: EventFilter!) {\n    bulkRetry(filter: $filter) { id count operation { id status total scheduled error } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalBulkRetryProgress($id: ID!) {\n    bulkRetryProgress(id: $id) { id status total scheduled error finishedAt }\n  }\n"): (typeof documents)["\n  subscription PortalBulkRetryProgress($id: ID!) {\n    bulkRetryProgress(id: $id) { id status total scheduled error finishedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalIssues($sourceName: String!) {\n    issues(sourceName: $sourceName, status: [OPEN, ACKNOWLEDGED], first: 100) {\n      id\n      status\n      firstFailureAt\n      lastFailureAt\n      failureCount\n      lastResponseStatus\n      lastErrorCode\n      acknowledgedAt\n      connection { id name destination { url disabledAt disabledReason } }\n    }\n  }\n"): (typeof documents)["\n  query PortalIssues($sourceName: String!) {\n    issues(sourceName: $sourceName, status: [OPEN, ACKNOWLEDGED], first: 100) {\n      id\n      status\n      firstFailureAt\n      lastFailureAt\n      failureCount\n      lastResponseStatus\n      lastErrorCode\n      acknowledgedAt\n      connection { id name destination { url disabledAt disabledReason } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalAcknowledgeIssue($id: ID!) {\n    acknowledgeIssue(id: $id) { id status acknowledgedAt }\n  }\n"): (typeof documents)["\n  mutation PortalAcknowledgeIssue($id: ID!) {\n    acknowledgeIssue(id: $id) { id status acknowledgedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalIssueUpdates($sourceName: String!) {\n    issueUpdates(sourceName: $sourceName) { change issue { id status } }\n  }\n"): (typeof documents)["\n  subscription PortalIssueUpdates($sourceName: String!) {\n    issueUpdates(sourceName: $sourceName) { change issue { id status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalSignatureEndpoints {\n    viewer { source { connections(first: 100) { edges { node { id name destination { id url auth { strategy headerName } } } } } } }\n  }\n"): (typeof documents)["\n  query PortalSignatureEndpoints {\n    viewer { source { connections(first: 100) { edges { node { id name destination { id url auth { strategy headerName } } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalSignatureSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n"): (typeof documents)["\n  query PortalSignatureSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalViewer {\n    viewer {\n      source { id name }\n      capabilities\n      expiresAt\n      returnUrl\n    }\n  }\n"): (typeof documents)["\n  query PortalViewer {\n    viewer {\n      source { id name }\n      capabilities\n      expiresAt\n      returnUrl\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;