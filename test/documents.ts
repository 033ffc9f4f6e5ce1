import { graphql } from './generated/gql.js';

// Every GraphQL document the tests and bench send, typed by graphql-codegen (`npm run codegen`).

export const UpsertConnection = graphql(`
  mutation UpsertConnection($input: UpsertConnectionInput!) {
    upsertConnection(input: $input) {
      id
      name
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

export const RotateDestinationSecret = graphql(`
  mutation RotateDestinationSecret($destinationId: ID!, $expireCurrentInSeconds: Int) {
    rotateDestinationSecret(destinationId: $destinationId, expireCurrentInSeconds: $expireCurrentInSeconds) {
      id
      secretRotatedUntil
      auth { strategy headerName }
    }
  }
`);
