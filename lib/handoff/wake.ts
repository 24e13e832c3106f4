// An in-process nudge for the outbox relay: call wakeRelay() after a transaction that emitted an
// event has committed, so the event is relayed at once instead of at the next poll. Inside the
// transaction it would only wake the relay too early (it would see nothing yet).
type Waiter = () => void;
const store = globalThis as unknown as { __latchkeyRelayWaiters?: Set<Waiter> };

function waiters(): Set<Waiter> {
  store.__latchkeyRelayWaiters ??= new Set();
  return store.__latchkeyRelayWaiters;
}

export function wakeRelay(): void {
  for (const w of waiters()) w();
}

export function onRelayWake(w: Waiter): () => void {
  waiters().add(w);
  return () => waiters().delete(w);
}
