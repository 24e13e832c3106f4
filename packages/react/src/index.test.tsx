import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LatchkeyConnectButton } from "./index";

describe("@latchkey/react on the server", () => {
  it("renders the button without touching a DOM (server-side rendering)", () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe("undefined");
    const html = renderToString(<LatchkeyConnectButton token={"t".repeat(43)} origin="https://connect.example.com" className="cta" />);
    expect(html).toBe('<button type="button" class="cta">Connect your HR system</button>');
  });

  it("is disabled until there is a token, and takes its own label", () => {
    const html = renderToString(
      <LatchkeyConnectButton token={null} origin="https://connect.example.com">
        Link HR
      </LatchkeyConnectButton>,
    );
    expect(html).toBe('<button type="button" disabled="">Link HR</button>');
  });
});
