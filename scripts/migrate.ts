// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded
// database of the data dir (CAIRN_DATA_DIR or .cairn/) when DATABASE_URL is unset.
import 'dotenv/config';
import { dataDir } from '../lib/db/data-dir.ts';
import { migrate, MigrationError } from '../lib/db/migrate.ts';
import { openDatabase } from '../lib/runtime/database.ts';

const log = (message: string) => console.log(message);

try {
  const database = await openDatabase({ dataDir: dataDir(), log, migrate: false });
  try {
    const result = await migrate(database.url, { log });
    console.log(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied.`
        : `Database is up to date (${result.alreadyApplied.length} migrations applied).`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof MigrationError ? `Migration refused: ${error.message}` : error);
  process.exitCode = 1;
}
