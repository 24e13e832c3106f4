// The one rule for how often a live view asks the server again (issue 17): every live view
// (the wizard's service-user and OAuth views, the dashboard's connection page and webhook
// delivery log) polls through useLiveQuery, which asks this function after every answer.
//
// - A final state (a verified service user, a decided OAuth attempt, a withdrawn session) ends
//   polling: nothing can change any more that the view would show.
// - A hidden tab does not poll (react-query refetches on its own when the tab is shown again, and
//   the next answer starts the count afresh); the server is not asked for a view nobody sees.
// - Otherwise the first wait is BASE_MS and each answer that changed nothing doubles it, up to
//   MAX_MS; an answer that changed something (or the first one) starts again at BASE_MS. A failed
//   request counts as "nothing changed", so an unreachable server is asked less and less often.

export const POLL_BASE_MS = 2_000;
export const POLL_MAX_MS = 30_000;

export type PollInput = {
  /** The view reached a state that cannot change any more. */
  final: boolean;
  /** The document is hidden (another tab, a minimised window). */
  hidden: boolean;
  /** How many answers in a row changed nothing (0 right after a change or the first answer). */
  unchanged: number;
};

/** Milliseconds until the next poll, or false for none. */
export function pollDelay({ final, hidden, unchanged }: PollInput): number | false {
  if (final || hidden) return false;
  const n = Math.max(0, Math.floor(unchanged));
  // 2 ** n grows past the cap long before it could overflow; the cap keeps n ≥ 4 at MAX_MS.
  return Math.min(POLL_MAX_MS, POLL_BASE_MS * 2 ** Math.min(n, 16));
}
