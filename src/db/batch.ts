/**
 * Gathers concurrent calls into batches: calls made in one turn of the event loop (e.g. every
 * request whose body arrived in the same poll) go together at the end of that turn
 * (setImmediate: no timer, so microseconds of added latency when idle), while fewer than
 * `maxInFlight` batches run; calls made while they run gather for the next one, up to `maxItems`. Under load one statement
 * and one commit then serve many callers (group commit), and batches grow with the load by
 * themselves. When a batch fails, each of its calls is tried alone, so an error (a unique key, a
 * bad row) reaches only the caller it belongs to. `run` answers in the order of its items.
 */
export interface BatchOptions {
  maxItems: number;
  maxInFlight: number;
}

export function batched<In, Out>(run: (items: In[]) => Promise<Out[]>, options: BatchOptions): (item: In) => Promise<Out> {
  type Call = { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void };
  let waiting: Call[] = [];
  let inFlight = 0;
  let scheduled = false;

  async function go(calls: Call[]): Promise<void> {
    try {
      const outs = await run(calls.map((call) => call.item));
      calls.forEach((call, i) => call.resolve(outs[i] as Out));
    } catch (error) {
      if (calls.length === 1) calls[0]?.reject(error);
      else await Promise.all(calls.map((call) => go([call])));
    }
  }

  function next(): void {
    scheduled = false;
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      const calls = waiting.slice(0, options.maxItems);
      waiting = waiting.slice(calls.length);
      inFlight++;
      void go(calls).finally(() => {
        inFlight--;
        next();
      });
    }
  }

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!scheduled && inFlight < options.maxInFlight) {
        scheduled = true;
        setImmediate(next);
      }
    });
}
