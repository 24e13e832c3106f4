"use client";
// Seconds left until `until` (epoch ms; a refused attempt's Retry-After turned into a moment when
// the refusal arrived), ticking down to 0; 0 when there is nothing to wait for.
import { useEffect, useState } from "react";

export function useCountdown(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}
