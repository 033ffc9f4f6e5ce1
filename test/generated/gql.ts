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
    "\n  mutation UpsertConnection($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) {\n      id\n      name\n      description\n      createdAt\n      updatedAt\n      source { id name }\n      destination { id name url auth { strategy headerName } }\n      pausedAt\n      rules {\n        delayMs\n        retry { strategy count intervalMs responseStatusCodes }\n        filter\n        transformCode\n        deduplicate { windowMs fields }\n        ordered\n        eventTypes\n      }\n    }\n  }\n": typeof types.UpsertConnectionDocument,
    "\n  mutation PauseConnection($id: ID!) {\n    pauseConnection(id: $id) { id pausedAt }\n  }\n": typeof types.PauseConnectionDocument,
    "\n  mutation UnpauseConnection($id: ID!) {\n    unpauseConnection(id: $id) { id pausedAt }\n  }\n": typeof types.UnpauseConnectionDocument,
    "\n  mutation DeleteConnection($id: ID!) {\n    deleteConnection(id: $id)\n  }\n": typeof types.DeleteConnectionDocument,
    "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      eventRequestId\n      replayed\n      events { id status nextAttemptAt connection { id name } }\n    }\n  }\n": typeof types.PublishEventDocument,
    "\n  query DestinationSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n": typeof types.DestinationSecretDocument,
    "\n  query SourceByName($name: String) {\n    source(name: $name) {\n      id\n      name\n      connections(first: 10) { edges { node { id name } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": typeof types.SourceByNameDocument,
    "\n  query Connections($filter: ConnectionFilter, $first: Int, $after: String) {\n    connections(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { id name source { name } destination { name url } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConnectionsDocument,
    "\n  query Events($filter: EventFilter, $first: Int, $after: String) {\n    events(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          status\n          attemptCount\n          createdAt\n          connection { id name source { id name } }\n          request { id body }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.EventsDocument,
    "\n  query EventById($id: ID!) {\n    event(id: $id) {\n      id\n      status\n      attemptCount\n      nextAttemptAt\n      lastResponseStatus\n      body\n      headers\n      errorCode\n      errorMessage\n      request { id headers body receivedAt }\n      connection { id name }\n      attempts {\n        id\n        number\n        trigger\n        status\n        requestedAt\n        respondedAt\n        durationMs\n        responseStatus\n        responseBody\n        errorCode\n      }\n    }\n  }\n": typeof types.EventByIdDocument,
    "\n  query EventRequestById($id: ID!) {\n    eventRequest(id: $id) {\n      id\n      eventType\n      headers\n      body\n      path\n      query\n      receivedAt\n      source { name }\n      events { id status }\n      skipped { connectionId connectionName reason }\n    }\n  }\n": typeof types.EventRequestByIdDocument,
    "\n  subscription DeliveryStatus($sourceId: ID, $sourceName: String) {\n    deliveryStatus(sourceId: $sourceId, sourceName: $sourceName) {\n      event { id status attemptCount connection { source { name } } }\n      attempt { id number status responseStatus errorCode }\n    }\n  }\n": typeof types.DeliveryStatusDocument,
    "\n  mutation CreateTenantToken($sourceName: String!, $ttlSeconds: Int, $canManage: Boolean) {\n    createTenantToken(sourceName: $sourceName, ttlSeconds: $ttlSeconds, canManage: $canManage)\n  }\n": typeof types.CreateTenantTokenDocument,
    "\n  mutation RevokeTenantToken($token: String!) {\n    revokeTenantToken(token: $token)\n  }\n": typeof types.RevokeTenantTokenDocument,
    "\n  mutation RotateDestinationSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {\n    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) {\n      id\n      secretRotatedUntil\n      auth { strategy headerName }\n    }\n  }\n": typeof types.RotateDestinationSecretDocument,
    "\n  mutation RetryEvent($id: ID!) {\n    retryEvent(id: $id) { id status attemptCount }\n  }\n": typeof types.RetryEventDocument,
    "\n  mutation CancelEvent($id: ID!) {\n    cancelEvent(id: $id) { id status nextAttemptAt }\n  }\n": typeof types.CancelEventDocument,
    "\n  mutation BulkRetry($filter: EventFilter!) {\n    bulkRetry(filter: $filter) { id count operation { id status total scheduled } }\n  }\n": typeof types.BulkRetryDocument,
    "\n  query BulkRetryOperation($id: ID!) {\n    bulkRetryOperation(id: $id) { id status total scheduled finishedAt }\n  }\n": typeof types.BulkRetryOperationDocument,
    "\n  subscription BulkRetryProgress($id: ID!) {\n    bulkRetryProgress(id: $id) { id status total scheduled error }\n  }\n": typeof types.BulkRetryProgressDocument,
    "\n  mutation DisableDestination($id: ID!) {\n    disableDestination(id: $id) { id disabledAt disabledReason }\n  }\n": typeof types.DisableDestinationDocument,
    "\n  mutation EnableDestination($id: ID!) {\n    enableDestination(id: $id) { id disabledAt consecutiveFailures }\n  }\n": typeof types.EnableDestinationDocument,
    "\n  query DestinationHealth($sourceName: String!) {\n    source(name: $sourceName) {\n      id\n      connections(first: 10) {\n        edges { node { id destination { id disabledAt disabledReason consecutiveFailures failingSince rateLimitPerSecond } } }\n      }\n    }\n  }\n": typeof types.DestinationHealthDocument,
    "\n  query Issues($status: [IssueStatus!], $sourceName: String, $first: Int, $after: String) {\n    issues(status: $status, sourceName: $sourceName, first: $first, after: $after) {\n      id status firstFailureAt lastFailureAt failureCount lastResponseStatus lastErrorCode\n      connection { id name }\n    }\n  }\n": typeof types.IssuesDocument,
    "\n  mutation AcknowledgeIssue($id: ID!) {\n    acknowledgeIssue(id: $id) { id status acknowledgedAt }\n  }\n": typeof types.AcknowledgeIssueDocument,
    "\n  mutation ResolveIssue($id: ID!) {\n    resolveIssue(id: $id) { id status resolvedAt }\n  }\n": typeof types.ResolveIssueDocument,
    "\n  subscription IssueUpdates($sourceName: String) {\n    issueUpdates(sourceName: $sourceName) {\n      change\n      issue { id status failureCount }\n      destination { id disabledAt }\n    }\n  }\n": typeof types.IssueUpdatesDocument,
    "\n  mutation SetRateLimit($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) { id destination { id rateLimit { count period } rateLimitPerSecond } }\n  }\n": typeof types.SetRateLimitDocument,
    "\n  mutation UpsertEventType($input: EventTypeInput!) {\n    upsertEventType(input: $input) { id name description schema example deprecated createdAt updatedAt }\n  }\n": typeof types.UpsertEventTypeDocument,
    "\n  query EventTypes($includeDeprecated: Boolean) {\n    eventTypes(includeDeprecated: $includeDeprecated) { name description deprecated }\n  }\n": typeof types.EventTypesDocument,
    "\n  query EventTypeByName($name: String!) {\n    eventType(name: $name) { name schema example }\n  }\n": typeof types.EventTypeByNameDocument,
    "\n  query DestinationStats($name: String!, $since: DateTime) {\n    source(name: $name) {\n      connections(first: 10) {\n        edges {\n          node {\n            destination {\n              id\n              stats(since: $since) { since successful failed pending successRate latencyP50Ms latencyP95Ms lastSuccessAt lastFailureAt }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DestinationStatsDocument,
    "\n  mutation SendTestEvent($connectionId: ID!, $eventType: String) {\n    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id test status request { eventType body } }\n  }\n": typeof types.SendTestEventDocument,
    "\n  query DestinationHeaders($name: String!) {\n    source(name: $name) { connections(first: 1) { edges { node { destination { id headers } } } } }\n  }\n": typeof types.DestinationHeadersDocument,
    "\n  mutation CreatePortalSession($input: PortalSessionInput!) {\n    createPortalSession(input: $input) { url token expiresAt capabilities }\n  }\n": typeof types.CreatePortalSessionDocument,
    "\n  mutation CreateScopedTenantToken($sourceName: String!, $capabilities: [PortalCapability!]) {\n    createTenantToken(sourceName: $sourceName, capabilities: $capabilities)\n  }\n": typeof types.CreateScopedTenantTokenDocument,
    "\n  query Viewer {\n    viewer { source { id name } capabilities expiresAt returnUrl }\n  }\n": typeof types.ViewerDocument,
};
const documents: Documents = {
    "\n  mutation UpsertConnection($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) {\n      id\n      name\n      description\n      createdAt\n      updatedAt\n      source { id name }\n      destination { id name url auth { strategy headerName } }\n      pausedAt\n      rules {\n        delayMs\n        retry { strategy count intervalMs responseStatusCodes }\n        filter\n        transformCode\n        deduplicate { windowMs fields }\n        ordered\n        eventTypes\n      }\n    }\n  }\n": types.UpsertConnectionDocument,
    "\n  mutation PauseConnection($id: ID!) {\n    pauseConnection(id: $id) { id pausedAt }\n  }\n": types.PauseConnectionDocument,
    "\n  mutation UnpauseConnection($id: ID!) {\n    unpauseConnection(id: $id) { id pausedAt }\n  }\n": types.UnpauseConnectionDocument,
    "\n  mutation DeleteConnection($id: ID!) {\n    deleteConnection(id: $id)\n  }\n": types.DeleteConnectionDocument,
    "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      eventRequestId\n      replayed\n      events { id status nextAttemptAt connection { id name } }\n    }\n  }\n": types.PublishEventDocument,
    "\n  query DestinationSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n": types.DestinationSecretDocument,
    "\n  query SourceByName($name: String) {\n    source(name: $name) {\n      id\n      name\n      connections(first: 10) { edges { node { id name } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": types.SourceByNameDocument,
    "\n  query Connections($filter: ConnectionFilter, $first: Int, $after: String) {\n    connections(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { id name source { name } destination { name url } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConnectionsDocument,
    "\n  query Events($filter: EventFilter, $first: Int, $after: String) {\n    events(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          status\n          attemptCount\n          createdAt\n          connection { id name source { id name } }\n          request { id body }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.EventsDocument,
    "\n  query EventById($id: ID!) {\n    event(id: $id) {\n      id\n      status\n      attemptCount\n      nextAttemptAt\n      lastResponseStatus\n      body\n      headers\n      errorCode\n      errorMessage\n      request { id headers body receivedAt }\n      connection { id name }\n      attempts {\n        id\n        number\n        trigger\n        status\n        requestedAt\n        respondedAt\n        durationMs\n        responseStatus\n        responseBody\n        errorCode\n      }\n    }\n  }\n": types.EventByIdDocument,
    "\n  query EventRequestById($id: ID!) {\n    eventRequest(id: $id) {\n      id\n      eventType\n      headers\n      body\n      path\n      query\n      receivedAt\n      source { name }\n      events { id status }\n      skipped { connectionId connectionName reason }\n    }\n  }\n": types.EventRequestByIdDocument,
    "\n  subscription DeliveryStatus($sourceId: ID, $sourceName: String) {\n    deliveryStatus(sourceId: $sourceId, sourceName: $sourceName) {\n      event { id status attemptCount connection { source { name } } }\n      attempt { id number status responseStatus errorCode }\n    }\n  }\n": types.DeliveryStatusDocument,
    "\n  mutation CreateTenantToken($sourceName: String!, $ttlSeconds: Int, $canManage: Boolean) {\n    createTenantToken(sourceName: $sourceName, ttlSeconds: $ttlSeconds, canManage: $canManage)\n  }\n": types.CreateTenantTokenDocument,
    "\n  mutation RevokeTenantToken($token: String!) {\n    revokeTenantToken(token: $token)\n  }\n": types.RevokeTenantTokenDocument,
    "\n  mutation RotateDestinationSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {\n    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) {\n      id\n      secretRotatedUntil\n      auth { strategy headerName }\n    }\n  }\n": types.RotateDestinationSecretDocument,
    "\n  mutation RetryEvent($id: ID!) {\n    retryEvent(id: $id) { id status attemptCount }\n  }\n": types.RetryEventDocument,
    "\n  mutation CancelEvent($id: ID!) {\n    cancelEvent(id: $id) { id status nextAttemptAt }\n  }\n": types.CancelEventDocument,
    "\n  mutation BulkRetry($filter: EventFilter!) {\n    bulkRetry(filter: $filter) { id count operation { id status total scheduled } }\n  }\n": types.BulkRetryDocument,
    "\n  query BulkRetryOperation($id: ID!) {\n    bulkRetryOperation(id: $id) { id status total scheduled finishedAt }\n  }\n": types.BulkRetryOperationDocument,
    "\n  subscription BulkRetryProgress($id: ID!) {\n    bulkRetryProgress(id: $id) { id status total scheduled error }\n  }\n": types.BulkRetryProgressDocument,
    "\n  mutation DisableDestination($id: ID!) {\n    disableDestination(id: $id) { id disabledAt disabledReason }\n  }\n": types.DisableDestinationDocument,
    "\n  mutation EnableDestination($id: ID!) {\n    enableDestination(id: $id) { id disabledAt consecutiveFailures }\n  }\n": types.EnableDestinationDocument,
    "\n  query DestinationHealth($sourceName: String!) {\n    source(name: $sourceName) {\n      id\n      connections(first: 10) {\n        edges { node { id destination { id disabledAt disabledReason consecutiveFailures failingSince rateLimitPerSecond } } }\n      }\n    }\n  }\n": types.DestinationHealthDocument,
    "\n  query Issues($status: [IssueStatus!], $sourceName: String, $first: Int, $after: String) {\n    issues(status: $status, sourceName: $sourceName, first: $first, after: $after) {\n      id status firstFailureAt lastFailureAt failureCount lastResponseStatus lastErrorCode\n      connection { id name }\n    }\n  }\n": types.IssuesDocument,
    "\n  mutation AcknowledgeIssue($id: ID!) {\n    acknowledgeIssue(id: $id) { id status acknowledgedAt }\n  }\n": types.AcknowledgeIssueDocument,
    "\n  mutation ResolveIssue($id: ID!) {\n    resolveIssue(id: $id) { id status resolvedAt }\n  }\n": types.ResolveIssueDocument,
    "\n  subscription IssueUpdates($sourceName: String) {\n    issueUpdates(sourceName: $sourceName) {\n      change\n      issue { id status failureCount }\n      destination { id disabledAt }\n    }\n  }\n": types.IssueUpdatesDocument,
    "\n  mutation SetRateLimit($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) { id destination { id rateLimit { count period } rateLimitPerSecond } }\n  }\n": types.SetRateLimitDocument,
    "\n  mutation UpsertEventType($input: EventTypeInput!) {\n    upsertEventType(input: $input) { id name description schema example deprecated createdAt updatedAt }\n  }\n": types.UpsertEventTypeDocument,
    "\n  query EventTypes($includeDeprecated: Boolean) {\n    eventTypes(includeDeprecated: $includeDeprecated) { name description deprecated }\n  }\n": types.EventTypesDocument,
    "\n  query EventTypeByName($name: String!) {\n    eventType(name: $name) { name schema example }\n  }\n": types.EventTypeByNameDocument,
    "\n  query DestinationStats($name: String!, $since: DateTime) {\n    source(name: $name) {\n      connections(first: 10) {\n        edges {\n          node {\n            destination {\n              id\n              stats(since: $since) { since successful failed pending successRate latencyP50Ms latencyP95Ms lastSuccessAt lastFailureAt }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DestinationStatsDocument,
    "\n  mutation SendTestEvent($connectionId: ID!, $eventType: String) {\n    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id test status request { eventType body } }\n  }\n": types.SendTestEventDocument,
    "\n  query DestinationHeaders($name: String!) {\n    source(name: $name) { connections(first: 1) { edges { node { destination { id headers } } } } }\n  }\n": types.DestinationHeadersDocument,
    "\n  mutation CreatePortalSession($input: PortalSessionInput!) {\n    createPortalSession(input: $input) { url token expiresAt capabilities }\n  }\n": types.CreatePortalSessionDocument,
    "\n  mutation CreateScopedTenantToken($sourceName: String!, $capabilities: [PortalCapability!]) {\n    createTenantToken(sourceName: $sourceName, capabilities: $capabilities)\n  }\n": types.CreateScopedTenantTokenDocument,
    "\n  query Viewer {\n    viewer { source { id name } capabilities expiresAt returnUrl }\n  }\n": types.ViewerDocument,
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
export function graphql(source: "\n  mutation UpsertConnection($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) {\n      id\n      name\n      description\n      createdAt\n      updatedAt\n      source { id name }\n      destination { id name url auth { strategy headerName } }\n      pausedAt\n      rules {\n        delayMs\n        retry { strategy count intervalMs responseStatusCodes }\n        filter\n        transformCode\n        deduplicate { windowMs fields }\n        ordered\n        eventTypes\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertConnection($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) {\n      id\n      name\n      description\n      createdAt\n      updatedAt\n      source { id name }\n      destination { id name url auth { strategy headerName } }\n      pausedAt\n      rules {\n        delayMs\n        retry { strategy count intervalMs responseStatusCodes }\n        filter\n        transformCode\n        deduplicate { windowMs fields }\n        ordered\n        eventTypes\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseConnection($id: ID!) {\n    pauseConnection(id: $id) { id pausedAt }\n  }\n"): (typeof documents)["\n  mutation PauseConnection($id: ID!) {\n    pauseConnection(id: $id) { id pausedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnpauseConnection($id: ID!) {\n    unpauseConnection(id: $id) { id pausedAt }\n  }\n"): (typeof documents)["\n  mutation UnpauseConnection($id: ID!) {\n    unpauseConnection(id: $id) { id pausedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteConnection($id: ID!) {\n    deleteConnection(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteConnection($id: ID!) {\n    deleteConnection(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      eventRequestId\n      replayed\n      events { id status nextAttemptAt connection { id name } }\n    }\n  }\n"): (typeof documents)["\n  mutation PublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      eventRequestId\n      replayed\n      events { id status nextAttemptAt connection { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DestinationSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n"): (typeof documents)["\n  query DestinationSecret($destinationId: ID!) {\n    destinationSecret(destinationId: $destinationId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SourceByName($name: String) {\n    source(name: $name) {\n      id\n      name\n      connections(first: 10) { edges { node { id name } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"): (typeof documents)["\n  query SourceByName($name: String) {\n    source(name: $name) {\n      id\n      name\n      connections(first: 10) { edges { node { id name } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Connections($filter: ConnectionFilter, $first: Int, $after: String) {\n    connections(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { id name source { name } destination { name url } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Connections($filter: ConnectionFilter, $first: Int, $after: String) {\n    connections(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { id name source { name } destination { name url } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Events($filter: EventFilter, $first: Int, $after: String) {\n    events(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          status\n          attemptCount\n          createdAt\n          connection { id name source { id name } }\n          request { id body }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Events($filter: EventFilter, $first: Int, $after: String) {\n    events(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          status\n          attemptCount\n          createdAt\n          connection { id name source { id name } }\n          request { id body }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventById($id: ID!) {\n    event(id: $id) {\n      id\n      status\n      attemptCount\n      nextAttemptAt\n      lastResponseStatus\n      body\n      headers\n      errorCode\n      errorMessage\n      request { id headers body receivedAt }\n      connection { id name }\n      attempts {\n        id\n        number\n        trigger\n        status\n        requestedAt\n        respondedAt\n        durationMs\n        responseStatus\n        responseBody\n        errorCode\n      }\n    }\n  }\n"): (typeof documents)["\n  query EventById($id: ID!) {\n    event(id: $id) {\n      id\n      status\n      attemptCount\n      nextAttemptAt\n      lastResponseStatus\n      body\n      headers\n      errorCode\n      errorMessage\n      request { id headers body receivedAt }\n      connection { id name }\n      attempts {\n        id\n        number\n        trigger\n        status\n        requestedAt\n        respondedAt\n        durationMs\n        responseStatus\n        responseBody\n        errorCode\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventRequestById($id: ID!) {\n    eventRequest(id: $id) {\n      id\n      eventType\n      headers\n      body\n      path\n      query\n      receivedAt\n      source { name }\n      events { id status }\n      skipped { connectionId connectionName reason }\n    }\n  }\n"): (typeof documents)["\n  query EventRequestById($id: ID!) {\n    eventRequest(id: $id) {\n      id\n      eventType\n      headers\n      body\n      path\n      query\n      receivedAt\n      source { name }\n      events { id status }\n      skipped { connectionId connectionName reason }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeliveryStatus($sourceId: ID, $sourceName: String) {\n    deliveryStatus(sourceId: $sourceId, sourceName: $sourceName) {\n      event { id status attemptCount connection { source { name } } }\n      attempt { id number status responseStatus errorCode }\n    }\n  }\n"): (typeof documents)["\n  subscription DeliveryStatus($sourceId: ID, $sourceName: String) {\n    deliveryStatus(sourceId: $sourceId, sourceName: $sourceName) {\n      event { id status attemptCount connection { source { name } } }\n      attempt { id number status responseStatus errorCode }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTenantToken($sourceName: String!, $ttlSeconds: Int, $canManage: Boolean) {\n    createTenantToken(sourceName: $sourceName, ttlSeconds: $ttlSeconds, canManage: $canManage)\n  }\n"): (typeof documents)["\n  mutation CreateTenantToken($sourceName: String!, $ttlSeconds: Int, $canManage: Boolean) {\n    createTenantToken(sourceName: $sourceName, ttlSeconds: $ttlSeconds, canManage: $canManage)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeTenantToken($token: String!) {\n    revokeTenantToken(token: $token)\n  }\n"): (typeof documents)["\n  mutation RevokeTenantToken($token: String!) {\n    revokeTenantToken(token: $token)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateDestinationSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {\n    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) {\n      id\n      secretRotatedUntil\n      auth { strategy headerName }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateDestinationSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {\n    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) {\n      id\n      secretRotatedUntil\n      auth { strategy headerName }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryEvent($id: ID!) {\n    retryEvent(id: $id) { id status attemptCount }\n  }\n"): (typeof documents)["\n  mutation RetryEvent($id: ID!) {\n    retryEvent(id: $id) { id status attemptCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelEvent($id: ID!) {\n    cancelEvent(id: $id) { id status nextAttemptAt }\n  }\n"): (typeof documents)["\n  mutation CancelEvent($id: ID!) {\n    cancelEvent(id: $id) { id status nextAttemptAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkRetry($filter: EventFilter!) {\n    bulkRetry(filter: $filter) { id count operation { id status total scheduled } }\n  }\n"): (typeof documents)["\n  mutation BulkRetry($filter: EventFilter!) {\n    bulkRetry(filter: $filter) { id count operation { id status total scheduled } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BulkRetryOperation($id: ID!) {\n    bulkRetryOperation(id: $id) { id status total scheduled finishedAt }\n  }\n"): (typeof documents)["\n  query BulkRetryOperation($id: ID!) {\n    bulkRetryOperation(id: $id) { id status total scheduled finishedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BulkRetryProgress($id: ID!) {\n    bulkRetryProgress(id: $id) { id status total scheduled error }\n  }\n"): (typeof documents)["\n  subscription BulkRetryProgress($id: ID!) {\n    bulkRetryProgress(id: $id) { id status total scheduled error }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableDestination($id: ID!) {\n    disableDestination(id: $id) { id disabledAt disabledReason }\n  }\n"): (typeof documents)["\n  mutation DisableDestination($id: ID!) {\n    disableDestination(id: $id) { id disabledAt disabledReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableDestination($id: ID!) {\n    enableDestination(id: $id) { id disabledAt consecutiveFailures }\n  }\n"): (typeof documents)["\n  mutation EnableDestination($id: ID!) {\n    enableDestination(id: $id) { id disabledAt consecutiveFailures }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DestinationHealth($sourceName: String!) {\n    source(name: $sourceName) {\n      id\n      connections(first: 10) {\n        edges { node { id destination { id disabledAt disabledReason consecutiveFailures failingSince rateLimitPerSecond } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DestinationHealth($sourceName: String!) {\n    source(name: $sourceName) {\n      id\n      connections(first: 10) {\n        edges { node { id destination { id disabledAt disabledReason consecutiveFailures failingSince rateLimitPerSecond } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Issues($status: [IssueStatus!], $sourceName: String, $first: Int, $after: String) {\n    issues(status: $status, sourceName: $sourceName, first: $first, after: $after) {\n      id status firstFailureAt lastFailureAt failureCount lastResponseStatus lastErrorCode\n      connection { id name }\n    }\n  }\n"): (typeof documents)["\n  query Issues($status: [IssueStatus!], $sourceName: String, $first: Int, $after: String) {\n    issues(status: $status, sourceName: $sourceName, first: $first, after: $after) {\n      id status firstFailureAt lastFailureAt failureCount lastResponseStatus lastErrorCode\n      connection { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeIssue($id: ID!) {\n    acknowledgeIssue(id: $id) { id status acknowledgedAt }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeIssue($id: ID!) {\n    acknowledgeIssue(id: $id) { id status acknowledgedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveIssue($id: ID!) {\n    resolveIssue(id: $id) { id status resolvedAt }\n  }\n"): (typeof documents)["\n  mutation ResolveIssue($id: ID!) {\n    resolveIssue(id: $id) { id status resolvedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IssueUpdates($sourceName: String) {\n    issueUpdates(sourceName: $sourceName) {\n      change\n      issue { id status failureCount }\n      destination { id disabledAt }\n    }\n  }\n"): (typeof documents)["\n  subscription IssueUpdates($sourceName: String) {\n    issueUpdates(sourceName: $sourceName) {\n      change\n      issue { id status failureCount }\n      destination { id disabledAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRateLimit($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) { id destination { id rateLimit { count period } rateLimitPerSecond } }\n  }\n"): (typeof documents)["\n  mutation SetRateLimit($input: UpsertConnectionInput!) {\n    upsertConnection(input: $input) { id destination { id rateLimit { count period } rateLimitPerSecond } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertEventType($input: EventTypeInput!) {\n    upsertEventType(input: $input) { id name description schema example deprecated createdAt updatedAt }\n  }\n"): (typeof documents)["\n  mutation UpsertEventType($input: EventTypeInput!) {\n    upsertEventType(input: $input) { id name description schema example deprecated createdAt updatedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventTypes($includeDeprecated: Boolean) {\n    eventTypes(includeDeprecated: $includeDeprecated) { name description deprecated }\n  }\n"): (typeof documents)["\n  query EventTypes($includeDeprecated: Boolean) {\n    eventTypes(includeDeprecated: $includeDeprecated) { name description deprecated }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventTypeByName($name: String!) {\n    eventType(name: $name) { name schema example }\n  }\n"): (typeof documents)["\n  query EventTypeByName($name: String!) {\n    eventType(name: $name) { name schema example }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DestinationStats($name: String!, $since: DateTime) {\n    source(name: $name) {\n      connections(first: 10) {\n        edges {\n          node {\n            destination {\n              id\n              stats(since: $since) { since successful failed pending successRate latencyP50Ms latencyP95Ms lastSuccessAt lastFailureAt }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DestinationStats($name: String!, $since: DateTime) {\n    source(name: $name) {\n      connections(first: 10) {\n        edges {\n          node {\n            destination {\n              id\n              stats(since: $since) { since successful failed pending successRate latencyP50Ms latencyP95Ms lastSuccessAt lastFailureAt }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestEvent($connectionId: ID!, $eventType: String) {\n    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id test status request { eventType body } }\n  }\n"): (typeof documents)["\n  mutation SendTestEvent($connectionId: ID!, $eventType: String) {\n    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id test status request { eventType body } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DestinationHeaders($name: String!) {\n    source(name: $name) { connections(first: 1) { edges { node { destination { id headers } } } } }\n  }\n"): (typeof documents)["\n  query DestinationHeaders($name: String!) {\n    source(name: $name) { connections(first: 1) { edges { node { destination { id headers } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePortalSession($input: PortalSessionInput!) {\n    createPortalSession(input: $input) { url token expiresAt capabilities }\n  }\n"): (typeof documents)["\n  mutation CreatePortalSession($input: PortalSessionInput!) {\n    createPortalSession(input: $input) { url token expiresAt capabilities }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateScopedTenantToken($sourceName: String!, $capabilities: [PortalCapability!]) {\n    createTenantToken(sourceName: $sourceName, capabilities: $capabilities)\n  }\n"): (typeof documents)["\n  mutation CreateScopedTenantToken($sourceName: String!, $capabilities: [PortalCapability!]) {\n    createTenantToken(sourceName: $sourceName, capabilities: $capabilities)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer { source { id name } capabilities expiresAt returnUrl }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer { source { id name } capabilities expiresAt returnUrl }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;