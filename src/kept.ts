/**
 * `compute`, with its answers kept by key: the first call for a key computes, later ones answer from
 * memory, and past `max` keys the one kept longest goes first. For pure, costly work that a hot
 * path asks for again and again with few distinct arguments (a secret, a schema, a prefix). A call
 * that throws keeps nothing.
 */
export function kept<A, T>(compute: (arg: A) => T, options: { max: number; keyOf: (arg: A) => string }): (arg: A) => T {
  const answers = new Map<string, T>();
  return (arg) => {
    const key = options.keyOf(arg);
    if (answers.has(key)) return answers.get(key) as T;
    const answer = compute(arg);
    if (answers.size >= options.max) answers.delete(answers.keys().next().value as string);
    answers.set(key, answer);
    return answer;
  };
}

/** The key of a string argument: itself. */
export const itself = (arg: string) => arg;
