"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

// No prefetching anywhere in the dashboard: every page is dynamic and audited (a prefetched
// connection page would record a view nobody made), and prefetches multiply database load.
export function DashNav({ links, label }: { links: Array<{ href: string; label: string }>; label: string }) {
  const path = usePathname();
  const current = (href: string) => (href === "/dashboard" ? path === "/dashboard" || path.startsWith("/dashboard/connections") : path.startsWith(href));
  return (
    <nav className="dash-nav" aria-label={label}>
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <Link prefetch={false} href={l.href} aria-current={current(l.href) ? "page" : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
