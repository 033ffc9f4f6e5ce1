import type { ServerResponse } from 'node:http';
import { sendJson } from './problems.ts';

/** GET /healthz: 200 once the app listens and its database answers; 503 otherwise (load balancers drain it). */
export async function handleHealth(res: ServerResponse, state: { listening(): boolean; databaseAnswers(): Promise<boolean> }): Promise<void> {
  const healthy = state.listening() && (await state.databaseAnswers());
  sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable' });
}
