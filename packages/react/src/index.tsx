// @latchkey/react: the Latchkey wizard from a React app. The modal is prepared (its iframe loading,
// hidden) as soon as the component has a session token, so that open() shows it at once. Nothing
// touches the DOM during rendering: safe with server-side rendering and in a Next.js client component.
import { prepareConnect, type ConnectClose, type ConnectError, type ConnectEvent, type ConnectHandle, type ConnectSuccess } from "@latchkey/connect";
import { useCallback, useEffect, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from "react";

export type { ConnectClose, ConnectError, ConnectEvent, ConnectSuccess } from "@latchkey/connect";

export type UseLatchkeyConnectOptions = {
  /** The connect session's token from your backend; null or undefined until you have one. */
  token: string | null | undefined;
  /** Latchkey's origin, e.g. "https://connect.vendor.example". */
  origin: string;
  language?: string;
  onSuccess?: (connection: ConnectSuccess) => void;
  onEvent?: (event: ConnectEvent) => void;
  onError?: (error: ConnectError) => void;
  onClose?: (close: ConnectClose) => void;
};

export type LatchkeyConnect = {
  /** Shows the modal; with no token yet, it opens as soon as the token arrives. */
  open: () => void;
  close: () => void;
  /** The wizard has loaded in the background: open() shows it without waiting. */
  ready: boolean;
  /** The modal is showing. */
  isOpen: boolean;
};

export function useLatchkeyConnect(options: UseLatchkeyConnectOptions): LatchkeyConnect {
  const { token, origin, language } = options;
  const callbacks = useRef(options);
  useEffect(() => {
    callbacks.current = options;
  });
  const handle = useRef<ConnectHandle | null>(null);
  const wantOpen = useRef(false);
  const [ready, setReady] = useState(false);
  const [isOpen, setOpen] = useState(false);
  // A new modal for each token, and again after one was closed (the same token may be reopened).
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!token) return;
    const h = prepareConnect({
      token,
      origin,
      language,
      onEvent: (e) => {
        if (e.type === "ready") setReady(true);
        callbacks.current.onEvent?.(e);
      },
      onSuccess: (c) => callbacks.current.onSuccess?.(c),
      onError: (e) => callbacks.current.onError?.(e),
      onClose: (c) => {
        handle.current = null;
        setOpen(false);
        setReady(false);
        callbacks.current.onClose?.(c);
        setGeneration((g) => g + 1);
      },
    });
    handle.current = h;
    if (wantOpen.current) {
      wantOpen.current = false;
      h.open();
      setOpen(true);
    }
    return () => {
      if (handle.current === h) handle.current = null;
      h.destroy();
      setReady(false);
      setOpen(false);
    };
  }, [token, origin, language, generation]);

  const open = useCallback(() => {
    if (handle.current) {
      handle.current.open();
      setOpen(true);
    } else wantOpen.current = true;
  }, []);
  const close = useCallback(() => handle.current?.close(), []);
  return { open, close, ready, isOpen };
}

export type LatchkeyConnectButtonProps = UseLatchkeyConnectOptions &
  Omit<ButtonHTMLAttributes<HTMLButtonElement>, "onClick" | "onError"> & { children?: ReactNode };

/** A button that opens the wizard for `token` (disabled until there is one). */
export function LatchkeyConnectButton({ token, origin, language, onSuccess, onEvent, onError, onClose, children, disabled, ...rest }: LatchkeyConnectButtonProps) {
  const connect = useLatchkeyConnect({ token, origin, language, onSuccess, onEvent, onError, onClose });
  return (
    <button type="button" {...rest} disabled={disabled || !token} onClick={connect.open}>
      {children ?? "Connect your HR system"}
    </button>
  );
}
