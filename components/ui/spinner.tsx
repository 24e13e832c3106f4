/** Decorative: announce progress in text (a live region), not with this. */
export function Spinner({ size = 18 }: { size?: number }) {
  return <span className="ui-spinner" style={{ width: size, height: size }} aria-hidden="true" />;
}
