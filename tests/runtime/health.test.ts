// GET /api/health over the test app (in-process, or a real server under npm test).
import { describe, expect, it } from 'vitest';
import { closeDb } from '../../lib/db/client.ts';
import { setupTestApp } from '../helpers/app.ts';
import { dropTestDatabase } from '../helpers/database.ts';

const app = setupTestApp();

describe('GET /api/health', () => {
  it('answers ok when the database answers', async () => {
    const response = await app.fetch('/api/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok', db: 'ok' });
  });

  it('answers 503 when the database is gone', async () => {
    await closeDb(); // in-process, the pool is ours: close it before its connections are killed
    await dropTestDatabase(new URL(app.database.url).pathname.slice(1));
    const response = await app.fetch('/api/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'error', db: 'unreachable' });
  });
});
