// Unknown, revoked and expired share links all answer the same (404): no hint whether a link
// ever existed.
export default function ShareLinkNotValid() {
  return (
    <main className="narrow" style={{ maxWidth: 560, paddingTop: '3rem' }}>
      <h1>This link is no longer valid</h1>
      <p>
        The share link you opened has been revoked or has expired (or it was mistyped). Ask the person who shared it with
        you for a new link.
      </p>
    </main>
  );
}
