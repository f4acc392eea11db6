// Where Cairn keeps its local state: the embedded PostgreSQL cluster (`pg/`), its password,
// the auth secret and, by default, artifacts. `CAIRN_DATA_DIR` wins; otherwise `.cairn/`
// in the working directory (scripts/start.ts sets CAIRN_DATA_DIR explicitly for the app).
import path from 'node:path';

export function dataDir(): string {
  return path.resolve(process.env.CAIRN_DATA_DIR || path.join(process.cwd(), '.cairn'));
}

/** Default root of the local artifact store. */
export function artifactsDir(): string {
  return path.join(dataDir(), 'artifacts');
}
