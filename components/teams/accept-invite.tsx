'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql-request';
import { SkeletonRows } from '../ui/skeleton';

type Preview = { teamName: string; teamSlug: string; role: string; email: string | null; state: string };

export function AcceptInvite({ token, signedIn }: { token: string; signedIn: boolean }) {
  const router = useRouter();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () =>
      graphqlRequest<{ invitationPreview: Preview }>(
        `query Preview($token: String!) { invitationPreview(token: $token) { teamName teamSlug role email state } }`,
        { token },
      ).then((d) => d.invitationPreview),
  });
  const accept = useMutation({
    mutationFn: () =>
      graphqlRequest<{ acceptInvitation: { teamSlug: string } }>(
        `mutation Accept($token: String!) { acceptInvitation(token: $token) { teamSlug } }`,
        { token },
      ),
    onSuccess: (data) => router.push(`/t/${data.acceptInvitation.teamSlug}/projects`),
  });

  if (preview.isPending) return <SkeletonRows rows={3} label="Loading invitation" />;
  if (preview.isError) return <p className="error">This invitation link is not valid.</p>;
  const invitation = preview.data;
  if (invitation.state !== 'PENDING' && invitation.state !== 'pending')
    return <p className="error">This invitation is {invitation.state.toLowerCase()}.</p>;

  return (
    <>
      <p>
        You are invited to join <strong>{invitation.teamName}</strong> as <strong>{invitation.role.toLowerCase()}</strong>.
      </p>
      {signedIn ? (
        <>
          <button onClick={() => accept.mutate()} disabled={accept.isPending}>
            Join {invitation.teamName}
          </button>
          {accept.isError && <p className="error">{accept.error.message}</p>}
        </>
      ) : (
        <p>
          <Link href={`/sign-up?invite=${encodeURIComponent(token)}`}>Create an account to join</Link> or{' '}
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>sign in</Link>.
        </p>
      )}
    </>
  );
}
