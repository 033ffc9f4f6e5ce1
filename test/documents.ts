import { graphql } from './generated/gql.js';

// Every GraphQL document the tests and bench send, typed by graphql-codegen (`npm run codegen`).

export const UpsertConnection = graphql(`
  mutation UpsertConnection($input: UpsertConnectionInput!) {
    upsertConnection(input: $input) {
      id
      name
      description
      createdAt
      updatedAt
      source { id name }
      destination { id name url auth { strategy headerName } }
      pausedAt
      rules {
        delayMs
        retry { strategy count intervalMs responseStatusCodes }
        filter
        transformCode
        deduplicate { windowMs fields }
        ordered
        eventTypes
      }
    }
  }
`);

export const PauseConnection = graphql(`
  mutation PauseConnection($id: ID!) {
    pauseConnection(id: $id) { id pausedAt }
  }
`);

export const UnpauseConnection = graphql(`
  mutation UnpauseConnection($id: ID!) {
    unpauseConnection(id: $id) { id pausedAt }
  }
`);

export const DeleteConnection = graphql(`
  mutation DeleteConnection($id: ID!) {
    deleteConnection(id: $id)
  }
`);

export const PublishEvent = graphql(`
  mutation PublishEvent($input: PublishEventInput!) {
    publishEvent(input: $input) {
      eventRequestId
      replayed
      events { id status nextAttemptAt connection { id name } }
    }
  }
`);

export const DestinationSecret = graphql(`
  query DestinationSecret($destinationId: ID!) {
    destinationSecret(destinationId: $destinationId)
  }
`);

export const SourceByName = graphql(`
  query SourceByName($name: String) {
    source(name: $name) {
      id
      name
      connections(first: 10) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
    }
  }
`);

export const Connections = graphql(`
  query Connections($filter: ConnectionFilter, $first: Int, $after: String) {
    connections(filter: $filter, first: $first, after: $after) {
      edges { cursor node { id name source { name } destination { name url } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const Events = graphql(`
  query Events($filter: EventFilter, $first: Int, $after: String) {
    events(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          status
          attemptCount
          createdAt
          connection { id name source { id name } }
          request { id body }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const EventById = graphql(`
  query EventById($id: ID!) {
    event(id: $id) {
      id
      status
      attemptCount
      nextAttemptAt
      lastResponseStatus
      body
      headers
      errorCode
      errorMessage
      request { id headers body receivedAt }
      connection { id name }
      attempts {
        id
        number
        trigger
        status
        requestedAt
        respondedAt
        durationMs
        responseStatus
        responseBody
        errorCode
      }
    }
  }
`);

export const EventRequestById = graphql(`
  query EventRequestById($id: ID!) {
    eventRequest(id: $id) {
      id
      eventType
      headers
      body
      path
      query
      receivedAt
      source { name }
      events { id status }
      skipped { connectionId connectionName reason }
    }
  }
`);

export const DeliveryStatus = graphql(`
  subscription DeliveryStatus($sourceId: ID, $sourceName: String) {
    deliveryStatus(sourceId: $sourceId, sourceName: $sourceName) {
      event { id status attemptCount connection { source { name } } }
      attempt { id number status responseStatus errorCode }
    }
  }
`);

export const CreateTenantToken = graphql(`
  mutation CreateTenantToken($sourceName: String!, $ttlSeconds: Int, $canManage: Boolean) {
    createTenantToken(sourceName: $sourceName, ttlSeconds: $ttlSeconds, canManage: $canManage)
  }
`);

export const RevokeTenantToken = graphql(`
  mutation RevokeTenantToken($token: String!) {
    revokeTenantToken(token: $token)
  }
`);

export const RotateDestinationSecret = graphql(`
  mutation RotateDestinationSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {
    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) {
      id
      secretRotatedUntil
      auth { strategy headerName }
    }
  }
`);

export const RetryEvent = graphql(`
  mutation RetryEvent($id: ID!) {
    retryEvent(id: $id) { id status attemptCount }
  }
`);

export const CancelEvent = graphql(`
  mutation CancelEvent($id: ID!) {
    cancelEvent(id: $id) { id status nextAttemptAt }
  }
`);

export const BulkRetry = graphql(`
  mutation BulkRetry($filter: EventFilter!) {
    bulkRetry(filter: $filter) { id count operation { id status total scheduled } }
  }
`);

export const BulkRetryOperation = graphql(`
  query BulkRetryOperation($id: ID!) {
    bulkRetryOperation(id: $id) { id status total scheduled finishedAt }
  }
`);

export const BulkRetryProgress = graphql(`
  subscription BulkRetryProgress($id: ID!) {
    bulkRetryProgress(id: $id) { id status total scheduled error }
  }
`);

export const DisableDestination = graphql(`
  mutation DisableDestination($id: ID!) {
    disableDestination(id: $id) { id disabledAt disabledReason }
  }
`);

export const EnableDestination = graphql(`
  mutation EnableDestination($id: ID!) {
    enableDestination(id: $id) { id disabledAt consecutiveFailures }
  }
`);

export const DestinationHealth = graphql(`
  query DestinationHealth($sourceName: String!) {
    source(name: $sourceName) {
      id
      connections(first: 10) {
        edges { node { id destination { id disabledAt disabledReason consecutiveFailures failingSince rateLimitPerSecond } } }
      }
    }
  }
`);

export const Issues = graphql(`
  query Issues($status: [IssueStatus!], $sourceName: String, $first: Int, $after: String) {
    issues(status: $status, sourceName: $sourceName, first: $first, after: $after) {
      id status firstFailureAt lastFailureAt failureCount lastResponseStatus lastErrorCode
      connection { id name }
    }
  }
`);

export const AcknowledgeIssue = graphql(`
  mutation AcknowledgeIssue($id: ID!) {
    acknowledgeIssue(id: $id) { id status acknowledgedAt }
  }
`);

export const ResolveIssue = graphql(`
  mutation ResolveIssue($id: ID!) {
    resolveIssue(id: $id) { id status resolvedAt }
  }
`);

export const IssueUpdates = graphql(`
  subscription IssueUpdates($sourceName: String) {
    issueUpdates(sourceName: $sourceName) {
      change
      issue { id status failureCount }
      destination { id disabledAt }
    }
  }
`);

export const SetRateLimit = graphql(`
  mutation SetRateLimit($input: UpsertConnectionInput!) {
    upsertConnection(input: $input) { id destination { id rateLimit { count period } rateLimitPerSecond } }
  }
`);

export const UpsertEventType = graphql(`
  mutation UpsertEventType($input: EventTypeInput!) {
    upsertEventType(input: $input) { id name description schema example deprecated createdAt updatedAt }
  }
`);

export const EventTypes = graphql(`
  query EventTypes($includeDeprecated: Boolean) {
    eventTypes(includeDeprecated: $includeDeprecated) { name description deprecated }
  }
`);

export const EventTypeByName = graphql(`
  query EventTypeByName($name: String!) {
    eventType(name: $name) { name schema example }
  }
`);

export const DestinationStats = graphql(`
  query DestinationStats($name: String!, $since: DateTime) {
    source(name: $name) {
      connections(first: 10) {
        edges {
          node {
            destination {
              id
              stats(since: $since) { since successful failed pending successRate latencyP50Ms latencyP95Ms lastSuccessAt lastFailureAt }
            }
          }
        }
      }
    }
  }
`);

export const SendTestEvent = graphql(`
  mutation SendTestEvent($connectionId: ID!, $eventType: String) {
    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id test status request { eventType body } }
  }
`);

export const DestinationHeaders = graphql(`
  query DestinationHeaders($name: String!) {
    source(name: $name) { connections(first: 1) { edges { node { destination { id headers } } } } }
  }
`);

export const CreatePortalSession = graphql(`
  mutation CreatePortalSession($input: PortalSessionInput!) {
    createPortalSession(input: $input) { url token expiresAt capabilities }
  }
`);

export const CreateScopedTenantToken = graphql(`
  mutation CreateScopedTenantToken($sourceName: String!, $capabilities: [PortalCapability!]) {
    createTenantToken(sourceName: $sourceName, capabilities: $capabilities)
  }
`);

export const Viewer = graphql(`
  query Viewer {
    viewer { source { id name } capabilities expiresAt returnUrl }
  }
`);
