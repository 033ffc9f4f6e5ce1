import type { CombinedError } from '@urql/core';

interface Problem {
  field?: string;
  message: string;
}

/** The server's own messages: every GraphQL error, or the network failure. */
export function messages(error: CombinedError | Error | string | null | undefined): string[] {
  if (!error) return [];
  if (typeof error === 'string') return [error];
  if ('graphQLErrors' in error) {
    if (error.graphQLErrors.length > 0) return error.graphQLErrors.map((e) => e.message);
    if (error.networkError) return [`Could not reach the server: ${error.networkError.message}`];
  }
  return [error.message];
}

export function codeOf(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * BAD_USER_INPUT errors by field: `extensions.field` (e.g. "input.destination.url") and each of
 * `extensions.problems`, named by `place`, which maps a server path to a form field (or null for
 * the form as a whole). Everything else is the form's.
 */
export function errorsByField(error: CombinedError | undefined, place: (path: string) => string | null): { fields: Record<string, string[]>; form: string[] } {
  const fields: Record<string, string[]> = {};
  const form: string[] = [];
  const add = (path: string | undefined, message: string) => {
    const key = path ? place(path) : null;
    if (key) (fields[key] ??= []).push(message);
    else form.push(message);
  };
  for (const e of error?.graphQLErrors ?? []) {
    const problems = e.extensions?.problems;
    if (Array.isArray(problems) && problems.length > 0) {
      for (const problem of problems as Problem[]) add(problem.field ?? (e.extensions.field as string | undefined), problem.message);
    } else {
      add(typeof e.extensions?.field === 'string' ? e.extensions.field : undefined, e.message);
    }
  }
  if (error && !error.graphQLErrors.length) form.push(...messages(error));
  return { fields, form };
}

/** An error from the server, in its words. */
export function ErrorNote({ error, title }: { error: CombinedError | Error | string | null | undefined; title?: string }) {
  const list = messages(error);
  if (list.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert">
      {title && <strong>{title} </strong>}
      {list.length === 1 ? list[0] : (
        <ul>
          {list.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
