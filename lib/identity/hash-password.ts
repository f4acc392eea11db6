// Password hashing with bcrypt (bcryptjs: pure JS, no native build). Cost 12 in production;
// tests may lower it with CAIRN_BCRYPT_COST since every hash at 12 costs a quarter second.
import bcrypt from 'bcryptjs';

const DEFAULT_COST = 12;

function cost(): number {
  const fromEnv = Number(process.env.CAIRN_BCRYPT_COST);
  return Number.isInteger(fromEnv) && fromEnv >= 4 && fromEnv <= 15 ? fromEnv : DEFAULT_COST;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, cost());
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
