// The classic-script build (served as /connect.js): window.Latchkey, with Latchkey's origin taken
// from this script's own address, so a vendor never configures it.
import { closeConnect, isConnectEvent, openConnect, prepareConnect, type ConnectOptions } from "./index";

const w = window as unknown as { Latchkey?: unknown };
const s = document.currentScript as HTMLScriptElement | null;
if (s?.src && !w.Latchkey) {
  const origin = new URL(s.src, location.href).origin;
  w.Latchkey = {
    version: 1,
    origin,
    openConnect: (o: ConnectOptions) => openConnect(o, origin),
    prepareConnect: (o: ConnectOptions) => prepareConnect(o, origin),
    close: closeConnect,
    isMessage: isConnectEvent,
  };
}
