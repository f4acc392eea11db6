// The request behind an Auth.js callback or event. Auth.js hands the request to the
// credentials provider but not to its events (OAuth sign-in, sign-out), which are audited
// with the client's address too: the route handler runs Auth.js inside this context.
import { AsyncLocalStorage } from 'node:async_hooks';
import { clientAddressOf } from '../http/client-address.ts';

const storage = new AsyncLocalStorage<{ clientAddress: string | null }>();

export function withAuthRequest<T>(request: Request, handle: () => T): T {
  return storage.run({ clientAddress: clientAddressOf(request.headers) }, handle);
}

/** The client address of the Auth.js request being handled, if known. */
export function authRequestAddress(): string | null {
  return storage.getStore()?.clientAddress ?? null;
}
