"use client";
// The live views' react-query setup (issue 17): one QueryClient per browser page, shared by every
// live view mounted in it, and useLiveQuery, which polls with the one backoff and pause rule
// (poll-delay.ts). Only views that poll import this file, so react-query never reaches a bundle
// that does not poll: the wizard loads it with the service-user and OAuth views (lazy imports),
// not with its first screen.
import { focusManager, QueryClient, QueryClientProvider, useQuery, type DefinedUseQueryResult, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { pollDelay } from "./poll-delay";

const makeClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: {
        // A poll that fails is asked again by the backoff, not by react-query's own retries.
        retry: false,
        staleTime: 0,
        refetchOnWindowFocus: true,
        refetchIntervalInBackground: false,
      },
    },
  });

let browserClient: QueryClient | undefined;

export function LiveQueries({ children }: { children: React.ReactNode }) {
  // On the server every render gets its own client: a module-level cache there would be shared by
  // every request (and so by every staff member and every wizard session).
  const [client] = useState(() => (typeof window === "undefined" ? makeClient() : (browserClient ??= makeClient())));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/**
 * A query that polls until `isFinal(data)`: 2 s after a change, doubling while answers change
 * nothing, at most 30 s, paused while the tab is hidden (poll-delay.ts). "Changed" is react-query's
 * structural sharing: an answer deep-equal to the previous one keeps the same `data` object.
 */
export function useLiveQuery<T>({ queryKey, queryFn, initialData, isFinal }: { queryKey: QueryKey; queryFn: () => Promise<T>; initialData: T; isFinal: (data: T) => boolean }): DefinedUseQueryResult<T> {
  const tally = useRef<{ at: number; data: unknown; unchanged: number }>({ at: -1, data: undefined, unchanged: 0 });
  // Back in the tab: react-query asks at once (refetchOnWindowFocus); the wait starts again at 2 s.
  useEffect(
    () =>
      focusManager.subscribe((focused) => {
        if (focused) tally.current.unchanged = 0;
      }),
    [],
  );
  return useQuery({
    queryKey,
    queryFn,
    initialData,
    refetchInterval: (query) => {
      const s = query.state;
      const t = tally.current;
      const at = Math.max(s.dataUpdatedAt, s.errorUpdatedAt);
      // Called several times per answer; only a new answer moves the count.
      if (at !== t.at) {
        const changed = s.dataUpdatedAt >= s.errorUpdatedAt && s.data !== t.data;
        if (t.at !== -1) t.unchanged = changed ? 0 : t.unchanged + 1;
        t.at = at;
        t.data = s.data;
      }
      return pollDelay({ final: s.data !== undefined && isFinal(s.data), hidden: !focusManager.isFocused(), unchanged: t.unchanged });
    },
    // With initialData the result always holds data; the generic T hides that from the overloads.
  }) as DefinedUseQueryResult<T>;
}
