import { graphql } from '../../gql/index.ts';

graphql(`
  fragment PortalEventRow on Event {
    id
    status
    test
    createdAt
    updatedAt
    attemptCount
    lastResponseStatus
    nextAttemptAt
    errorCode
    request { id eventType }
    connection { id name destination { url } }
  }
`);

export const EventsQuery = graphql(`
  query PortalEvents($filter: EventFilter, $first: Int, $after: String, $last: Int, $before: String) {
    events(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { ...PortalEventRow } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`);

/** What the filters offer: the source's endpoints and the catalog. */
export const EventFilterOptions = graphql(`
  query PortalEventFilterOptions {
    viewer { source { connections(first: 100) { edges { node { id name destination { url } } } } } }
    eventTypes { name }
  }
`);

export const EventsLive = graphql(`
  subscription PortalEventsLive($sourceId: ID!) {
    deliveryStatus(sourceId: $sourceId) {
      event { ...PortalEventRow }
    }
  }
`);

export const BulkRetry = graphql(`
  mutation PortalBulkRetry($filter: EventFilter!) {
    bulkRetry(filter: $filter) { id count operation { id status total scheduled error } }
  }
`);

export const BulkRetryProgress = graphql(`
  subscription PortalBulkRetryProgress($id: ID!) {
    bulkRetryProgress(id: $id) { id status total scheduled error finishedAt }
  }
`);
