import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/** Reads a secret kept in `file`, creating it (random hex, mode 600) on first use. */
export function readOrCreateSecretFile(file: string, bytes = 32): string {
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(bytes).toString('hex');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
