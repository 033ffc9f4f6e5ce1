/** Reads a server-sent-events response as it arrives, for tests that act between its messages. */
export interface EventStreamReader {
  /** Everything received so far. */
  readonly text: string;
  /** Reads until `predicate(text)` holds or the deadline passes; resolves with whether it held. */
  until(predicate: (text: string) => boolean, timeoutMs?: number): Promise<boolean>;
  /** Reads to the end of the stream and resolves with all of it. */
  rest(): Promise<string>;
}

export function readEventStream(response: Response): EventStreamReader {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  let failure: unknown;
  // One read in flight at a time, carried across calls, so no chunk is dropped when `until` times
  // out. A failed read (the test aborting the request, say) ends the stream; `rest` rethrows it.
  let pending: Promise<void> | null = null;
  const readOnce = () =>
    (pending ??= reader.read().then(
      ({ value, done }) => {
        pending = null;
        if (done) ended = true;
        else text += decoder.decode(value, { stream: true });
      },
      (error: unknown) => {
        ended = true;
        failure = error;
      },
    ));
  return {
    get text() {
      return text;
    },
    async until(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(text) && !ended) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([readOnce(), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
        clearTimeout(timer);
      }
      return predicate(text);
    },
    async rest() {
      while (!ended) await readOnce();
      if (failure) throw failure;
      return text;
    },
  };
}

/**
 * A subscription starts listening a moment after its request: publishes (each resolving with its
 * event's id) until the stream carries one of them and `more(text)` holds too, rather than after
 * a guessed delay. Resolves with whether it did within the rounds.
 */
export async function publishUntilStreamed(
  stream: EventStreamReader,
  publish: () => Promise<string>,
  more: (text: string) => boolean = () => true,
): Promise<boolean> {
  const published: string[] = [];
  const carried = (text: string) => published.some((id) => text.includes(id)) && more(text);
  for (let round = 0; round < 10 && !carried(stream.text); round += 1) {
    published.push(await publish());
    await stream.until(carried, 1_000);
  }
  return carried(stream.text);
}
