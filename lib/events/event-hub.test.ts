// Live events through a real PostgreSQL: writes in any process reach listeners in every
// process (NOTIFY from another connection stands for another Cairn instance), bursts are
// coalesced into one notification, payloads stay under NOTIFY's limit, and a dropped LISTEN
// connection reconnects and tells listeners to resynchronise.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pool } from '../db/client.ts';
import { setupTestDatabase } from '../../tests/helpers/database.ts';
import { subscribe } from './event-hub.ts';
import { EVENTS_CHANNEL, flushEvents, payloadsFor, publishEvent } from './publish-event.ts';

setupTestDatabase();

function recorder() {
  const heard: (string | null)[] = [];
  return {
    heard,
    listener: (topic: string | null) => heard.push(topic),
    async until(count: number) {
      const deadline = Date.now() + 10_000;
      while (heard.length < count) {
        if (Date.now() > deadline) throw new Error(`heard ${JSON.stringify(heard)}, wanted ${count} events`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return heard;
    },
  };
}

/** A NOTIFY from a connection of its own, as another Cairn instance would send it. */
async function notifyFromElsewhere(topics: string[]) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(topics)]);
  await client.end();
}

describe('live events', () => {
  it('reach the listeners of a topic whichever process wrote, and no others', async () => {
    const run = recorder();
    const other = recorder();
    const stopRun = await subscribe(['run:a'], run.listener);
    const stopOther = await subscribe(['run:b'], other.listener);
    await notifyFromElsewhere(['run:a', 'project:1']);
    expect(await run.until(1)).toEqual(['run:a']);
    stopRun();
    await notifyFromElsewhere(['run:a']);
    await notifyFromElsewhere(['run:b']);
    await other.until(1);
    expect(run.heard).toEqual(['run:a']);
    stopOther();
  });

  it('coalesce a burst of writes into one notification', async () => {
    const run = recorder();
    const stop = await subscribe(['run:burst'], run.listener);
    for (let i = 0; i < 200; i++) publishEvent('run:burst');
    await flushEvents();
    await run.until(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // One notification for the burst. A null (the LISTEN connection came back: "refetch
    // everything") is not a second notification of it; a loaded machine once produced one here.
    expect(run.heard.filter((topic) => topic !== null)).toEqual(['run:burst']);
    stop();
  });

  it('split many topics into payloads NOTIFY accepts', () => {
    const topics = Array.from({ length: 500 }, (_, i) => `thread:COMPARISON:${'x'.repeat(40)}${i}`);
    const payloads = payloadsFor(topics);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap((payload) => JSON.parse(payload))).toEqual(topics);
  });

  it('reconnect after the LISTEN connection drops, asking listeners to resynchronise', async () => {
    const run = recorder();
    const stop = await subscribe(['run:again'], run.listener);
    await pool().query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN ${EVENTS_CHANNEL}' AND pid <> pg_backend_pid()`);
    expect(await run.until(1)).toEqual([null]);
    await notifyFromElsewhere(['run:again']);
    expect(await run.until(2)).toEqual([null, 'run:again']);
    stop();
  });
});
