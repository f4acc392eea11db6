// A secret the server returns once (invite link, API token): only its hash is stored.
export function ShownOnce({ message, value, testId }: { message: string; value: string | null; testId: string }) {
  if (!value) return null;
  return (
    <div className="notice">
      <p>{message}</p>
      <code className="secret" data-testid={testId}>
        {value}
      </code>
    </div>
  );
}
