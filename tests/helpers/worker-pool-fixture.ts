// A tiny server run by lib/runtime/workers.test.ts through the worker pool: each worker
// answers with its pid; /exit makes the answering worker die.
import cluster from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { announceListening, onWorkerShutdown, startWorkerPool } from '../../lib/runtime/workers.ts';

if (cluster.isPrimary) {
  const pool = await startWorkerPool({ count: Number(process.env.FIXTURE_WORKERS), env: {}, log: (line) => console.log(line) });
  console.log(`READY ${pool.port}`);
  process.on('SIGTERM', () => {
    void pool.stop(5_000).then(() => process.exit(0));
  });
} else {
  const server = http.createServer((req, res) => {
    if (req.url === '/exit') process.exit(3);
    res.setHeader('connection', 'close');
    res.end(String(process.pid));
  });
  server.listen(0, '127.0.0.1', () => announceListening((server.address() as AddressInfo).port));
  onWorkerShutdown(() => new Promise<void>((resolve) => server.close(() => resolve())));
}
