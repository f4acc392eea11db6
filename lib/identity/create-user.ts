// Create a user with an email and password. Used by sign-up and by the admin CLI
// (`admin create-user`). The email is the identity: trimmed, lowercased, unique. The password
// must be long enough and hard to guess (password-strength.ts), judged with the account's
// own email and name as known words.
import { z } from 'zod';
import { db } from '../db/client.ts';
import type { Prisma, User } from '../db/generated/client.ts';
import { alreadyExists, badInput, isUniqueViolation } from '../errors.ts';
import { hashPassword } from './hash-password.ts';
import { accountWords, passwordStrength, weakPasswordMessage } from './password-strength.ts';
import { parseInput } from '../validation/parse-input.ts';

export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt reads only the first 72 bytes; refuse more instead of silently ignoring the rest. */
const MAX_PASSWORD_BYTES = 72;

export const emailSchema = z
  .string({ message: 'Email is required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address' }).max(320, 'Email is too long'));

export const passwordSchema = z
  .string({ message: 'Password is required' })
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .refine((password) => Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES, {
    message: `Password must be at most ${MAX_PASSWORD_BYTES} bytes`,
  });

const inputSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z
    .string()
    .trim()
    .max(200, 'Name must be at most 200 characters')
    .nullish()
    .transform((name) => name || null),
  isInstanceAdmin: z.boolean().optional(),
});

export type CreateUserInput = { email: string; password: string; name?: string | null; isInstanceAdmin?: boolean };

/** A validated user with its password already hashed, ready to insert. */
export type PreparedUser = { email: string; name: string | null; passwordHash: string; isInstanceAdmin: boolean };

/**
 * Refuses (BAD_USER_INPUT, details.field = 'password') a password an attacker would guess,
 * saying why and what would help. Every place that sets a password calls this.
 */
export function assertStrongPassword(password: string, account: { email?: string | null; name?: string | null }, field = 'password'): void {
  const strength = passwordStrength(password, accountWords(account.email, account.name));
  if (!strength.acceptable) {
    throw badInput(weakPasswordMessage(strength), {
      field,
      score: strength.score,
      warning: strength.warning,
      suggestions: strength.suggestions,
    });
  }
}

/** Validate and hash (slow on purpose: do it before opening a transaction). */
export async function prepareUser(rawInput: CreateUserInput): Promise<PreparedUser> {
  const input = parseInput(inputSchema, rawInput);
  assertStrongPassword(input.password, input);
  return {
    email: input.email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
    isInstanceAdmin: input.isInstanceAdmin ?? false,
  };
}

export async function insertUser(client: Prisma.TransactionClient, user: PreparedUser): Promise<User> {
  const existing = await client.user.findUnique({ where: { email: user.email }, select: { id: true } });
  if (existing) throw duplicateEmail();
  try {
    return await client.user.create({ data: user });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateEmail();
    throw error;
  }
}

export async function createUser(input: CreateUserInput, tx?: Prisma.TransactionClient): Promise<User> {
  const prepared = await prepareUser(input);
  return insertUser(tx ?? db, prepared);
}

const duplicateEmail = () => alreadyExists('A user with this email already exists');
