import { graphql } from '../../gql/index.ts';

graphql(`
  fragment PortalAttempt on Attempt {
    id
    number
    status
    trigger
    requestedAt
    respondedAt
    durationMs
    responseStatus
    responseBody
    errorCode
    errorMessage
  }
`);

export const EventQuery = graphql(`
  query PortalEvent($id: ID!) {
    event(id: $id) {
      id
      status
      test
      createdAt
      updatedAt
      attemptCount
      nextAttemptAt
      lastResponseStatus
      errorCode
      errorMessage
      headers
      body
      connection { id name destination { url auth { strategy headerName } } }
      request { id eventType headers body path query idempotencyKey receivedAt }
      attempts { ...PortalAttempt }
    }
  }
`);

export const EventLive = graphql(`
  subscription PortalEventLive($sourceId: ID!) {
    deliveryStatus(sourceId: $sourceId) {
      event { id status attemptCount nextAttemptAt lastResponseStatus errorCode errorMessage updatedAt }
      attempt { ...PortalAttempt }
    }
  }
`);

export const RetryEvent = graphql(`
  mutation PortalRetryEvent($id: ID!) {
    retryEvent(id: $id) { id status nextAttemptAt attemptCount }
  }
`);

export const CancelEvent = graphql(`
  mutation PortalCancelEvent($id: ID!) {
    cancelEvent(id: $id) { id status nextAttemptAt }
  }
`);
