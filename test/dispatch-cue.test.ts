import { describe, expect, it, vi } from 'vitest';
import { DeleteConnection, PauseConnection, PublishEvent, UpsertConnection } from './documents.ts';
import { eventually, startTestApp, useTestApp } from './helpers/app.ts';

const fixture = useTestApp();

describe('the cue to claim that another process hears', () => {
  it('comes for events that can be claimed, not for held or cancelled ones', async () => {
    const upsert = (name: string) =>
      fixture.t.gql(UpsertConnection, { input: { name, source: { name }, destination: { name, url: 'http://127.0.0.1:9/cue' }, rules: { delayMs: 3_600_000 } } });
    const held = (await upsert('cue-held')).upsertConnection;
    await fixture.t.gql(PauseConnection, { id: held.id });
    const doomed = (await upsert('cue-doomed')).upsertConnection;
    await upsert('cue-live');

    const other = await startTestApp(fixture.databaseUrl);
    try {
      // What the other process hears, in order, beside each cue its dispatcher was given.
      const heard: string[] = [];
      const poke = vi.spyOn(other.app.services.dispatcher, 'poke').mockImplementation(() => heard.push('cue'));
      other.app.services.live.onDelivery((update) => heard.push(update.eventId));
      const publish = async (source: string) => (await fixture.t.gql(PublishEvent, { input: { source, body: { cue: source } } })).publishEvent.events[0].id;

      const heldId = await publish('cue-held');
      const doomedId = await publish('cue-doomed');
      // Deleting the connection cancels its pending event: announced, with nothing to claim.
      expect((await fixture.t.gql(DeleteConnection, { id: doomed.id })).deleteConnection).toBe(true);
      const liveId = await publish('cue-live');
      await eventually(async () => (heard.includes(liveId) ? true : undefined), 10_000, "the live event's update");

      // The cue comes just before the update of the one event that a dispatcher can claim (due in
      // an hour: the dispatcher learns when to wake). The doomed one was claimable when published.
      expect(heard).toEqual([heldId, 'cue', doomedId, doomedId, 'cue', liveId]);
      expect(poke).toHaveBeenCalledTimes(2);
    } finally {
      await other.stop();
    }
  });
});
