// The rules for a comment body, shared by adding and editing.
import { z } from 'zod';

export const MAX_COMMENT_LENGTH = 10_000;

export const commentBody = z
  .string({ message: 'body is required' })
  .trim()
  .min(1, 'A comment cannot be empty')
  .max(MAX_COMMENT_LENGTH, `A comment has at most ${MAX_COMMENT_LENGTH} characters`);

export const commentId = z.string({ message: 'id is required' }).trim().min(1, 'id is required').max(64);
