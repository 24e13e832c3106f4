// Staff sign-in for the dashboard (next-auth v5): e-mail + password (argon2id) against
// staff_users, plus an optional OpenID Connect provider for teams with single sign-on.
// JWT sessions; the role and the account's state are re-read from the database on every request
// by lib/auth/staff.ts, so disabling an account or changing a role takes effect at once.
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { admitOidcSignIn } from "@/lib/auth/oidc";
import { passwordSignIn } from "@/lib/auth/password-sign-in";
import { getDb } from "@/lib/db";
import { getStaffByEmail } from "@/lib/db/queries/staff";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";

class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
}

/** The sign-in choices the sign-in page offers. */
export function oidcProvider(): { id: "oidc"; name: string } | null {
  const env = getEnv();
  if (!env.oidcEnabled) return null;
  return { id: "oidc", name: env.AUTH_OIDC_NAME };
}

function config(): NextAuthConfig {
  const env = getEnv();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      id: "credentials",
      name: "Password",
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const result = await passwordSignIn(getDb(), raw, request);
        if (result.ok) return result.user;
        if (result.reason === "rate_limited") throw new RateLimitedSignIn();
        return null;
      },
    }),
  ];
  const oidc = oidcProvider();
  if (oidc) {
    providers.push({
      id: "oidc",
      name: oidc.name,
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_CLIENT_ID,
      clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
      checks: ["pkce", "state", "nonce"],
    });
  }
  return {
    secret: env.AUTH_SECRET,
    // One process serves several local origins (the app and the demo port) and a reverse proxy
    // in production: the host comes from the request, the public URL from LATCHKEY_PUBLIC_URL.
    // X-Forwarded-Host reaches next-auth only from a proxy TRUST_PROXY names (scripts/serve.ts drops it otherwise).
    trustHost: true,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/dashboard/sign-in", error: "/dashboard/sign-in" },
    // Through our logger (redacting, structured); a failed sign-in is expected, not an error.
    logger: {
      error: (error) => {
        const name = (error as { type?: string }).type ?? error.name;
        if (name === "CredentialsSignin") getLogger().info({ auth: name }, "sign-in refused");
        else getLogger().error({ err: error }, "auth error");
      },
      warn: (code) => getLogger().warn({ auth: code }, "auth warning"),
      debug: () => {},
    },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        // An existing staff account with an address the provider verified (lib/auth/oidc.ts).
        return admitOidcSignIn(getDb(), user.email, profile as Record<string, unknown> | undefined);
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          // When this sign-in happened: sessions older than the account's sessions_revoked_at end.
          token.signedInAt = Date.now();
          if (account.provider === "oidc") {
            const staff = user.email ? await getStaffByEmail(getDb(), user.email) : undefined;
            token.sid = staff?.id;
          } else {
            token.sid = user.id;
          }
        }
        return token;
      },
      async session({ session, token }) {
        const sid = typeof token.sid === "string" ? token.sid : undefined;
        if (sid && session.user) {
          const u = session.user as { id?: string; signedInAt?: number };
          u.id = sid;
          u.signedInAt = typeof token.signedInAt === "number" ? token.signedInAt : 0;
        }
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());

/** The staff id in the current session cookie and when that sign-in happened (no database access). */
export async function sessionStaff(): Promise<{ id: string; signedInAt: number } | null> {
  const session = await auth();
  const u = session?.user as { id?: string; signedInAt?: number } | undefined;
  return typeof u?.id === "string" ? { id: u.id, signedInAt: typeof u.signedInAt === "number" ? u.signedInAt : 0 } : null;
}
