import { textOn } from "./accent";

/** Our own simple mark for a provider: its letters on its colour. Decorative beside the name. */
export function ProviderLogo({ logo, size = 40 }: { logo: { letters: string; color: string }; size?: number }) {
  return (
    <span
      className="lk-logo"
      aria-hidden="true"
      style={{ background: logo.color, color: textOn(logo.color), width: size, height: size, fontSize: Math.round(size * 0.38) }}
    >
      {logo.letters}
    </span>
  );
}
