import { builder } from './builder.ts';
import '../connections/connections.graphql.ts';
import '../connections/pause.graphql.ts';
import '../destinations/destinations.graphql.ts';
import '../events/events.graphql.ts';
import '../live/live.graphql.ts';
import '../operations/operations.graphql.ts';
import '../tenancy/tenancy.graphql.ts';

export const schema = builder.toSchema({ sortSchema: false });
