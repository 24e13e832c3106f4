// The ES-module build (served as /connect.mjs): `import { openConnect } from "<latchkey>/connect.mjs"`,
// with Latchkey's origin taken from the module's own address.
import { closeConnect, isConnectEvent, openConnect as open, prepareConnect as prepare, type ConnectOptions } from "./index";

const origin = new URL(import.meta.url).origin;
export const openConnect = (o: ConnectOptions) => open(o, origin);
export const prepareConnect = (o: ConnectOptions) => prepare(o, origin);
export const close = closeConnect;
export const isMessage = isConnectEvent;
const Latchkey = { version: 1, origin, openConnect, prepareConnect, close, isMessage };
export default Latchkey;
