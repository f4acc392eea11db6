// Who a comment mentions: the `@<email>` mentions in its Markdown that name a member of the
// target's team. Anybody else (a stranger, a member of another team, a typo) is mentioned by
// nobody: no mention row, no notification, plain text on the page.
import type { Prisma } from '../db/generated/client.ts';
import { mentionedEmails } from '../markdown/render-markdown.ts';

export async function resolveMentions(tx: Prisma.TransactionClient, teamId: string, body: string): Promise<string[]> {
  const emails = mentionedEmails(body);
  if (emails.length === 0) return [];
  const members = await tx.membership.findMany({
    where: { teamId, user: { email: { in: emails, mode: 'insensitive' } } },
    select: { userId: true },
  });
  return members.map((member) => member.userId);
}
