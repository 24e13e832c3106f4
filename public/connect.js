/*! Latchkey connect.js v1: Latchkey.openConnect({ token, onSuccess, onClose, onEvent, language }) */
// Hand-written and dependency-free (it runs on the vendor's page). The wizard's origin is derived
// from this script's own src, so a vendor never configures it. The ES module (/connect.mjs) is
// built from the factory between the markers below.
(function (factory) {
  var s = document.currentScript;
  if (s && s.src && !window.Latchkey) window.Latchkey = factory(s.src);
})(/*factory:start*/ function (src) {
  "use strict";
  var ORIGIN = new URL(src, location.href).origin;
  var TYPES = { ready: 1, step: 1, success: 1, error: 1, close: 1 };
  var current = null;

  function str(v, max) {
    return typeof v === "string" && v.length > 0 && v.length <= max;
  }

  // Mirrors connectMessageSchema (lib/connect/messages.ts); a test keeps the two in step.
  function isMessage(m) {
    if (!m || typeof m !== "object" || m.source !== "latchkey" || m.version !== 1 || !TYPES[m.type]) return false;
    switch (m.type) {
      case "step":
        return typeof m.step === "string" && /^[a-z][a-z0-9_]{0,39}$/.test(m.step) && (m.provider === undefined || str(m.provider, 32));
      case "success":
        return str(m.connectionId, 100) && str(m.provider, 32) && (m.status === undefined || str(m.status, 32));
      case "error":
        return str(m.code, 64) && str(m.message, 500);
      case "close":
        return m.reason === undefined || m.reason === "user" || m.reason === "done";
    }
    return true;
  }

  function el(tag, css, attrs) {
    var e = document.createElement(tag);
    e.style.cssText = css;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  function call(fn, arg) {
    // A vendor callback that throws must not break the modal.
    try {
      if (typeof fn === "function") fn(arg);
    } catch (e) {
      setTimeout(function () {
        throw e;
      });
    }
  }

  function openConnect(opts) {
    opts = opts || {};
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(opts.token || "")) throw new Error("Latchkey.openConnect: pass the session token your backend created");
    if (current || document.querySelector("[data-latchkey-modal]")) return current;
    var lang = opts.language === "de" || opts.language === "en" ? opts.language : null;
    var de = (lang || document.documentElement.lang || navigator.language || "").slice(0, 2) === "de";
    var connected = null;
    var prevFocus = document.activeElement;
    var prevOverflow = document.body.style.overflow;
    var inerted = [];

    var overlay = el("div", "position:fixed;inset:0;z-index:2147483647;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center;padding:16px;box-sizing:border-box", { "data-latchkey-modal": "" });
    var dialog = el("div", "position:relative;width:min(520px,100%);height:min(720px,100%);background:#fff;border-radius:12px;box-shadow:0 20px 50px rgba(0,0,0,.3);overflow:hidden", {
      role: "dialog",
      "aria-modal": "true",
      "aria-label": de ? "HR-System verbinden" : "Connect your HR system",
    });
    var url = ORIGIN + "/connect/" + encodeURIComponent(opts.token) + (lang ? "?lang=" + lang : "");
    var iframe = el("iframe", "border:0;width:100%;height:100%;display:block", {
      src: url,
      title: de ? "HR-System verbinden" : "Connect your HR system",
      allow: "clipboard-write",
    });
    var btn = el("button", "position:absolute;top:8px;right:8px;width:36px;height:36px;border:0;border-radius:18px;background:rgba(255,255,255,.9);color:#111;font:22px/36px sans-serif;cursor:pointer;padding:0", {
      type: "button",
      "aria-label": de ? "Schließen" : "Close",
    });
    btn.textContent = "\u00d7";
    // Sentinels bring Tab back round: focus never leaves the dialog for the page behind it.
    var first = el("span", "position:absolute", { tabindex: "0" });
    var last = el("span", "position:absolute", { tabindex: "0" });
    first.onfocus = function () {
      iframe.focus();
    };
    last.onfocus = function () {
      btn.focus();
    };
    dialog.appendChild(first);
    dialog.appendChild(btn);
    dialog.appendChild(iframe);
    dialog.appendChild(last);
    overlay.appendChild(dialog);

    function onMessage(e) {
      // Only the wizard we opened: its origin and its very window.
      if (e.origin !== ORIGIN || e.source !== iframe.contentWindow || !isMessage(e.data)) return;
      var m = e.data;
      call(opts.onEvent, m);
      if (m.type === "success") {
        connected = { connectionId: m.connectionId, provider: m.provider, status: m.status };
        call(opts.onSuccess, connected);
      } else if (m.type === "error") call(opts.onError, { code: m.code, message: m.message });
      else if (m.type === "close") close(m.reason || "user");
    }
    function onKey(e) {
      if (e.key === "Escape") {
        e.preventDefault();
        close("user");
      }
    }
    function close(reason) {
      if (current !== handle) return;
      current = null;
      window.removeEventListener("message", onMessage);
      document.removeEventListener("keydown", onKey, true);
      overlay.remove();
      for (var i = 0; i < inerted.length; i++) inerted[i].inert = false;
      document.body.style.overflow = prevOverflow;
      if (prevFocus && prevFocus.focus) prevFocus.focus();
      call(opts.onClose, { reason: typeof reason === "string" ? reason : "user", connected: connected });
    }
    var handle = { close: function () { close("api"); } };

    btn.onclick = function () {
      close("user");
    };
    window.addEventListener("message", onMessage);
    document.addEventListener("keydown", onKey, true);
    // Everything else on the page becomes inert: not focusable, not read by screen readers.
    for (var c = document.body.children, j = 0; j < c.length; j++) {
      if (!c[j].inert && c[j].tagName !== "SCRIPT") {
        c[j].inert = true;
        inerted.push(c[j]);
      }
    }
    document.body.style.overflow = "hidden";
    document.body.appendChild(overlay);
    current = handle;
    iframe.focus();
    return handle;
  }

  return {
    version: 1,
    origin: ORIGIN,
    openConnect: openConnect,
    close: function () {
      if (current) current.close();
    },
    isMessage: isMessage,
  };
} /*factory:end*/);
