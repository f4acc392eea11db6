// Liveness + database check for load balancers and `npm start` users:
// 200 {"status":"ok","db":"ok"} or 503 {"status":"error","db":"unreachable"}.
import { pool } from '@/lib/db/client.ts';

export const dynamic = 'force-dynamic';

const DB_TIMEOUT_MS = 2_000;

export async function GET(): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database check timed out')), DB_TIMEOUT_MS);
  });
  try {
    await Promise.race([pool().query('SELECT 1'), timeout]);
    return Response.json({ status: 'ok', db: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  } catch {
    return Response.json({ status: 'error', db: 'unreachable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  } finally {
    clearTimeout(timer);
  }
}
