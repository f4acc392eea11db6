'use client';
// State a page keeps in its URL query (a shareable link to exactly this view) that answers a
// change at once: the view renders the new state right away and the URL follows. Reading the
// state back from the URL alone handed the next change a stale state, because router.replace
// is a transition: two quick changes (grouping cleared, then a filter searched) wrote the second
// over the first's URL with the first undone. A new URL from elsewhere (Back, a link) wins.
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';

export function useUrlState<T>(fromUrl: T, hrefOf: (state: T) => string): [T, (next: T) => void] {
  const router = useRouter();
  const [state, setState] = useState<T>(fromUrl);
  useEffect(() => setState(fromUrl), [fromUrl]);
  const change = useCallback(
    (next: T) => {
      setState(next);
      router.replace(hrefOf(next), { scroll: false });
    },
    [router, hrefOf],
  );
  return [state, change];
}
