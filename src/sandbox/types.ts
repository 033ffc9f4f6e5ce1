/** JSON data only: it crosses into the sandbox as a JSON string. Matches FilterRequest. */
export interface TransformRequest {
  body: unknown;
  headers: Record<string, string>;
  path: string;
  query: Record<string, string | string[]>;
}

export type TransformResult =
  | { kind: 'ok'; request: TransformRequest }
  | { kind: 'dropped' }
  | { kind: 'error'; message: string };
