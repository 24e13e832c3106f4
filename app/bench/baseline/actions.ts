"use server";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";

/** The baseline's one server action. It does nothing; like its page, it exists only for the bench. */
export async function submitBaseline(): Promise<void> {
  // proxy.ts already answers 404 for /bench/* when the switch is off; an action is reachable by its
  // id from any page, though, so it checks again.
  if (!getEnv().LATCHKEY_BENCH_ROUTES) notFound();
}
