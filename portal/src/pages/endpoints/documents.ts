import { graphql } from '../../gql/index.ts';

export const EndpointsQuery = graphql(`
  query PortalEndpoints {
    viewer {
      source {
        id
        connections(first: 100) {
          edges { node { ...PortalEndpoint } }
        }
      }
    }
  }
`);

graphql(`
  fragment PortalEndpoint on Connection {
    id
    name
    description
    createdAt
    pausedAt
    rules { eventTypes filter }
    destination {
      id
      name
      url
      headers
      rateLimit { count period }
      disabledAt
      disabledReason
      failingSince
      consecutiveFailures
      secretRotatedUntil
      auth { strategy headerName }
      stats { successRate latencyP50Ms successful failed pending lastSuccessAt lastFailureAt }
    }
  }
`);

export const EventTypesQuery = graphql(`
  query PortalEventTypes {
    eventTypes { name description }
  }
`);

export const UpsertEndpoint = graphql(`
  mutation PortalUpsertEndpoint($input: UpsertConnectionInput!) {
    upsertConnection(input: $input) { ...PortalEndpoint }
  }
`);

export const DeleteEndpoint = graphql(`
  mutation PortalDeleteEndpoint($id: ID!) {
    deleteConnection(id: $id)
  }
`);

export const PauseEndpoint = graphql(`
  mutation PortalPauseEndpoint($id: ID!) {
    pauseConnection(id: $id) { id pausedAt }
  }
`);

export const ResumeEndpoint = graphql(`
  mutation PortalResumeEndpoint($id: ID!) {
    unpauseConnection(id: $id) { id pausedAt }
  }
`);

export const EnableDestination = graphql(`
  mutation PortalEnableDestination($id: ID!) {
    enableDestination(id: $id) { id disabledAt disabledReason }
  }
`);

export const SendTestEvent = graphql(`
  mutation PortalSendTestEvent($connectionId: ID!, $eventType: String) {
    sendTestEvent(connectionId: $connectionId, eventType: $eventType) { id status }
  }
`);

export const DestinationSecretQuery = graphql(`
  query PortalDestinationSecret($destinationId: ID!) {
    destinationSecret(destinationId: $destinationId)
  }
`);

export const RotateSecret = graphql(`
  mutation PortalRotateSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {
    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) { id secretRotatedUntil }
  }
`);

/** Outcomes of this source's events as they happen: the test event's result, fresher stats. */
export const EndpointDeliveries = graphql(`
  subscription PortalEndpointDeliveries($sourceId: ID!) {
    deliveryStatus(sourceId: $sourceId) {
      event { id status test connection { id } }
      attempt { number status responseStatus durationMs errorCode }
    }
  }
`);

export const TestEventStatus = graphql(`
  query PortalTestEventStatus($id: ID!) {
    event(id: $id) { id status attempts { number responseStatus durationMs errorCode } }
  }
`);
