/** JSON data only: it crosses into the sandbox as a JSON string. Matches FilterRequest. */
export interface TransformRequest {
  body: unknown;
  headers: Record<string, string>;
  path: string;
  query: Record<string, string | string[]>;
  /** The published event type, for the transformation to read (what it returns in its place is ignored). */
  eventType?: string | null;
}

export type TransformResult =
  | { kind: 'ok'; request: TransformRequest }
  | { kind: 'dropped' }
  | { kind: 'error'; message: string };
