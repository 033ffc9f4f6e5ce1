import { useMutation, useQuery, useSubscription } from '@urql/preact';
import { graphql } from '../gql/index.ts';
import type { PortalIssuesQuery } from '../gql/graphql.ts';
import { paths, withQuery } from '../paths.ts';
import { ErrorNote } from '../ui/errors.tsx';
import { Badge } from '../ui/status.tsx';
import { Time } from '../ui/time.tsx';
import { useTitle } from '../ui/title.ts';
import { useCan, useViewer } from '../viewer.ts';

const IssuesQuery = graphql(`
  query PortalIssues($sourceName: String!) {
    issues(sourceName: $sourceName, status: [OPEN, ACKNOWLEDGED], first: 100) {
      id
      status
      firstFailureAt
      lastFailureAt
      failureCount
      lastResponseStatus
      lastErrorCode
      acknowledgedAt
      connection { id name destination { url disabledAt disabledReason } }
    }
  }
`);

const AcknowledgeIssue = graphql(`
  mutation PortalAcknowledgeIssue($id: ID!) {
    acknowledgeIssue(id: $id) { id status acknowledgedAt }
  }
`);

const IssueUpdates = graphql(`
  subscription PortalIssueUpdates($sourceName: String!) {
    issueUpdates(sourceName: $sourceName) { change issue { id status } }
  }
`);

type Issue = PortalIssuesQuery['issues'][number];

export function IssuesPage() {
  useTitle('Issues');
  const viewer = useViewer();
  const [{ data, error, fetching }, refetch] = useQuery({ query: IssuesQuery, variables: { sourceName: viewer.sourceName } });
  // An issue opened, grew or closed: read the list again.
  useSubscription({ query: IssueUpdates, variables: { sourceName: viewer.sourceName } }, (_previous, update) => {
    refetch({ requestPolicy: 'network-only' });
    return update;
  });
  const issues = data?.issues ?? [];
  return (
    <section aria-labelledby="issues-title">
      <div class="page-head">
        <div>
          <h1 id="issues-title">Issues</h1>
          <p class="muted">An issue opens when deliveries to an endpoint start failing, and closes by itself at the next success.</p>
        </div>
      </div>
      <ErrorNote error={error} />
      {!data && fetching && (
        <p class="loading" role="status">
          Loading issues…
        </p>
      )}
      {data && issues.length === 0 && (
        <div class="empty">
          <p>No open issues: your endpoints are receiving their webhooks.</p>
        </div>
      )}
      {issues.length > 0 && (
        <ul class="issue-list">
          {issues.map((issue) => (
            <IssueItem key={issue.id} issue={issue} />
          ))}
        </ul>
      )}
    </section>
  );
}

function IssueItem({ issue }: { issue: Issue }) {
  const canManage = useCan('MANAGE_ENDPOINTS');
  const [ack, acknowledge] = useMutation(AcknowledgeIssue);
  const destination = issue.connection.destination;
  const last = issue.lastResponseStatus ? `HTTP ${issue.lastResponseStatus}` : issue.lastErrorCode;
  const headingId = `issue-${issue.id}`;
  return (
    <li class="panel issue" aria-labelledby={headingId} data-issue={issue.id}>
      <div class="panel-head">
        <div>
          <h2 id={headingId} class="mono break">
            {destination.url}
          </h2>
          <p class="muted">
            {issue.failureCount} failed {issue.failureCount === 1 ? 'attempt' : 'attempts'} since <Time value={issue.firstFailureAt} />
            {' · '}last <Time value={issue.lastFailureAt} />
            {last && (
              <>
                {' '}
                (<code>{last}</code>)
              </>
            )}
          </p>
        </div>
        <Badge status={issue.status} />
      </div>
      {destination.disabledAt && (
        <p class="notice notice-error">
          Deliveries are stopped: {destination.disabledReason ?? 'disabled'} (<Time value={destination.disabledAt} />). Enable the endpoint once it works again; held events go out then.
        </p>
      )}
      {issue.acknowledgedAt && (
        <p class="muted">
          Acknowledged <Time value={issue.acknowledgedAt} />.
        </p>
      )}
      <ErrorNote error={ack.error} />
      <div class="row-actions row-actions-start">
        <a class="btn btn-small" href={withQuery(paths.events, { endpoint: issue.connection.id, status: 'FAILED' })}>
          See failed events
        </a>
        {canManage && issue.status === 'OPEN' && (
          <button type="button" class="btn btn-small btn-primary" onClick={() => acknowledge({ id: issue.id })} disabled={ack.fetching}>
            Acknowledge
          </button>
        )}
      </div>
    </li>
  );
}
