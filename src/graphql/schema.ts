import { builder } from './builder.ts';
import '../connections/connections.graphql.ts';
import '../connections/pause.graphql.ts';
import '../destinations/destinations.graphql.ts';
import '../destinations/health.graphql.ts';
import '../event-types/event-types.graphql.ts';
import '../events/events.graphql.ts';
import '../events/delivery-status.graphql.ts';
import '../events/retry.graphql.ts';
import '../issues/issues.graphql.ts';
import '../tenancy/tenancy.graphql.ts';

export const schema = builder.toSchema({ sortSchema: false });
