'use client';
// Everything under a share page talks to the API as the share link: GraphQL requests carry
// its secret, artifact links and live updates use its own routes. Set before the first child
// renders, so no request goes out with the visitor's session instead.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { setShareSecret } from '../graphql-request';

const ShareContext = createContext<string | null>(null);

export function ShareScope({ secret, children }: { secret: string; children: ReactNode }) {
  useState(() => setShareSecret(secret));
  useEffect(() => () => setShareSecret(null), []);
  return <ShareContext.Provider value={secret}>{children}</ShareContext.Provider>;
}

/** The share secret of the page, or null on a signed-in page. */
export const useShareSecret = () => useContext(ShareContext);
