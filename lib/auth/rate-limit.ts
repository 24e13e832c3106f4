// Failed sign-ins are limited per e-mail address and per client address. Per process: with
// several instances behind a balancer the effective limit is multiplied by their number.
import { RateLimiterMemory } from "rate-limiter-flexible";

const WINDOW_S = 15 * 60;
const byEmail = new RateLimiterMemory({ keyPrefix: "signin_email", points: 5, duration: WINDOW_S, blockDuration: WINDOW_S });
const byIp = new RateLimiterMemory({ keyPrefix: "signin_ip", points: 30, duration: WINDOW_S, blockDuration: WINDOW_S });

function keys(email: string, ip: string | null) {
  return { email: email.trim().toLowerCase(), ip: ip ?? "unknown" };
}

/** Seconds until another attempt is allowed, or 0 if allowed now. */
export async function signInBlockedFor(email: string, ip: string | null): Promise<number> {
  const k = keys(email, ip);
  const [e, i] = await Promise.all([byEmail.get(k.email), byIp.get(k.ip)]);
  const blocked = [
    e && e.consumedPoints >= 5 ? e.msBeforeNext : 0,
    i && i.consumedPoints >= 30 ? i.msBeforeNext : 0,
  ];
  return Math.ceil(Math.max(...blocked) / 1000);
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  const k = keys(email, ip);
  await Promise.all([byEmail.consume(k.email).catch(() => {}), byIp.consume(k.ip).catch(() => {})]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await byEmail.delete(keys(email, null).email);
}
