// `npm run admin -- <command> ...`: operator commands on Cairn's database (see
// lib/admin/admin-cli.ts). With DATABASE_URL unset it uses the data dir's embedded cluster:
// the running server's when Cairn is up, or one started for the duration of the command.
import 'dotenv/config';
import { runAdminCli } from '../lib/admin/admin-cli.ts';
import { closeDb } from '../lib/db/client.ts';
import { dataDir } from '../lib/db/data-dir.ts';
import { openDatabase } from '../lib/runtime/database.ts';

const code = await runAdminCli(
  process.argv.slice(2),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  async (options) => {
    const database = await openDatabase({ dataDir: dataDir(), log: (message) => console.error(message), migrate: options?.migrate });
    process.env.DATABASE_URL = database.url;
    return {
      async close() {
        await closeDb();
        await database.close();
      },
    };
  },
);
process.exit(code);
