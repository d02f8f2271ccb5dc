/*
 * live.js — small client-side behaviours for the live workshop pages.
 *
 * Plain JavaScript, no build step, no dependencies. Load it after
 * htmx-2.0.11.min.js and htmx-ext-ws-2.0.4.js. Everything is driven by
 * attributes and classes the server renders, so the server stays the single
 * source of truth; this file only smooths the parts that must happen in the
 * browser (ticking clocks, not losing someone's typing, connection state).
 *
 * Every handler is defensive: pages differ (projector, console, team
 * workspace, login), elements come and go through htmx swaps, and an error
 * here must never break htmx itself.
 *
 *   a. [data-timer] countdowns, corrected for this device's clock skew
 *   b. body.is-offline while the WebSocket or the network is down; body.is-paused
 *      while the server answers but its live updates are down
 *   c. form[data-autosave]: data-dirty + save status lines; c2. saves that did
 *      not reach the server are sent again
 *   d. out-of-band swaps never replace a field someone is typing in
 *   e. pushed [data-redirect] moves the page on
 *   f. [data-copy] buttons (with a fallback for plain-http LAN addresses)
 *   g. facilitator keyboard / presentation-clicker shortcuts
 *   h. [data-origin-host] shows the address this page was opened on
 *   i. sizes and orders computed on the server ([data-width], [data-rank-*]) and
 *      [data-hide-on-success] buttons, which the Content-Security-Policy keeps out
 *      of style="" and hx-on attributes
 */
(function () {
  "use strict";

  if (window.__pmoLiveLoaded) return; // guard against a double <script> include
  window.__pmoLiveLoaded = true;

  var MINUS = "\u2212"; // real minus sign (U+2212), not a hyphen
  // The page's language: base.html renders these words into #ui-text (JSON).
  var UI_TEXT = (function () {
    var node = document.getElementById("ui-text");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (err) { return {}; }
  })();
  function uiText(key, english) { return UI_TEXT[key] || english; }
  var STALE_TEXT = uiText("stale", "A team mate saved a newer version while you were typing \u2014 your next save will let you compare.");
  var SAVING_TEXT = uiText("saving", "Saving\u2026");
  var ERROR_TEXT = uiText("error", "Not saved \u2014 check your connection. Your text is kept here.");
  var OFFLINE_TEXT = uiText("offline", "Not saved yet \u2014 no connection. Your text is kept here and is sent when the connection is back.");
  var DATABASE_TEXT = uiText("database", "Could not save \u2014 the server\u2019s database restarted. Your text is kept here and is sent again in a moment.");
  var NOT_DONE_OFFLINE_TEXT = uiText("not_done_offline", "Not done \u2014 no connection. Try again when the connection is back.");
  var NOT_DONE_DATABASE_TEXT = uiText("not_done_database", "Not done \u2014 the server\u2019s database restarted. Try again in a moment.");
  var PAUSED_TEXT = uiText("paused", "Live updates paused \u2014 your edits are still saved. This screen catches up by itself when they are back.");

  function isElement(x) {
    return !!x && x.nodeType === 1;
  }

  function onReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  /* ------------------------------------------------------------------------
   * a. Countdown timers
   *
   * The server renders the end time in its own clock. Laptops and phones in a
   * room are often minutes off, so each element's skew (server clock minus
   * this device's clock) is captured the first time we see it. It is kept in
   * a WeakMap keyed by the element: when htmx swaps in a replacement element
   * (new data-server-now), the new element gets a fresh measurement and the
   * old entry is garbage collected.
   * --------------------------------------------------------------------- */

  var timerInfo = new WeakMap();

  function num(value) {
    if (value == null || value === "") return NaN;
    return Number(value);
  }

  function formatSeconds(totalSeconds) {
    var negative = totalSeconds < 0;
    var s = Math.abs(totalSeconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = s % 60;
    var text = h > 0
      ? h + ":" + String(m).padStart(2, "0") + ":" + String(sec).padStart(2, "0")
      : m + ":" + String(sec).padStart(2, "0");
    return (negative ? MINUS : "") + text;
  }

  function skewFor(el) {
    var serverNowAttr = el.getAttribute("data-server-now") || "";
    var info = timerInfo.get(el);
    // Re-measure if the server re-rendered the attribute in place.
    if (!info || info.serverNowAttr !== serverNowAttr) {
      var serverNow = num(serverNowAttr);
      info = {
        serverNowAttr: serverNowAttr,
        skew: isFinite(serverNow) ? serverNow - Date.now() : 0
      };
      timerInfo.set(el, info);
    }
    return info.skew;
  }

  function remainingSeconds(el) {
    var state = el.getAttribute("data-state") || "idle";
    var endsAt = num(el.getAttribute("data-ends-at"));
    if (state === "running" && isFinite(endsAt)) {
      var ms = endsAt - (Date.now() + skewFor(el));
      // ceil: "0:01" stays until the second is really over, and overtime
      // starts at −0:01 rather than showing −0:00. (+0 turns −0 into 0.)
      return Math.ceil(ms / 1000) + 0;
    }
    var remaining = num(el.getAttribute("data-remaining"));
    return isFinite(remaining) ? Math.trunc(remaining) : null;
  }

  function renderTimer(el) {
    var state = el.getAttribute("data-state") || "idle";
    var secs = remainingSeconds(el);
    var valueEl = el.querySelector(".timer__value");
    if (valueEl && secs !== null) {
      var text = formatSeconds(secs);
      // Only touch the DOM when the text changes: 4 ticks a second would
      // otherwise spam screen readers and cause needless repaints.
      if (valueEl.textContent !== text) valueEl.textContent = text;
    }
    el.classList.toggle("timer--overtime", secs !== null && secs < 0);
    el.classList.toggle("timer--running", state === "running");
    el.classList.toggle("timer--paused", state === "paused");
  }

  function tickTimers() {
    var timers = document.querySelectorAll("[data-timer]");
    for (var i = 0; i < timers.length; i++) {
      try {
        renderTimer(timers[i]);
      } catch (err) {
        if (window.console) console.error("live.js timer", err);
      }
    }
  }

  /* ------------------------------------------------------------------------
   * b. Connection state
   *
   * Two banners, never both: body.is-offline ("Connection lost — reconnecting…")
   * when the browser is offline or a live socket is down and the server cannot
   * be reached; body.is-paused ("Live updates paused — your edits are still
   * saved") when the server answers but its live updates are down (Redis
   * stopped): the socket was closed with LIVE_PAUSED, or /healthz says
   * "live": "down". Sockets are tracked per element (a page may hold more than
   * one). A socket's first message after (re)connecting is the snapshot that
   * re-syncs the page; only then is its pause over.
   * --------------------------------------------------------------------- */

  var downSockets = new Set();
  var pausedSockets = new Set();
  var browserOffline = typeof navigator.onLine === "boolean" ? !navigator.onLine : false;
  var pageUnloading = false;
  // The ws extension only reconnects after close codes 1006/1011/1012/1013.
  // A server restart can close with 1000/1001 and the page would then stay
  // offline for ever, so for other codes we ask the socket to reconnect.
  var EXTENSION_RETRIES = [1006, 1011, 1012, 1013];
  var LIVE_PAUSED = 4503; // workshop/consumers.py
  var retryCounts = new WeakMap();
  var socketWrappers = new Map(); // element -> the extension's socket (to reconnect it)
  var openSockets = new WeakMap(); // element -> the WebSocket that opened last
  var replacedSockets = new WeakSet(); // WebSockets we replaced: their close is no news

  // Backoff for every reconnect (ours and the extension's): 0.25–0.5 s, doubling,
  // at most 5–10 s, so a paused room catches up soon after Redis is back.
  function reconnectDelay(tries) {
    return Math.min(10000, 500 * Math.pow(2, Math.min(tries, 5))) * (0.5 + Math.random() * 0.5);
  }
  if (window.htmx && window.htmx.config) window.htmx.config.wsReconnectDelay = reconnectDelay;

  function renderConnection() {
    var banner = document.querySelector(".live-paused-banner");
    if (banner && !banner.textContent) banner.textContent = PAUSED_TEXT;
    var offline = browserOffline;
    downSockets.forEach(function (el) {
      if (!document.body.contains(el)) downSockets.delete(el); // swapped away
      else if (!pausedSockets.has(el)) offline = true;
    });
    pausedSockets.forEach(function (el) {
      if (!document.body.contains(el)) pausedSockets.delete(el);
    });
    document.body.classList.toggle("is-offline", offline);
    document.body.classList.toggle("is-paused", !offline && pausedSockets.size > 0);
  }

  function socketElt(evt) {
    return isElement(evt.target) ? evt.target : (evt.detail && evt.detail.elt) || null;
  }

  function onSocketConnecting(evt) {
    // The extension closes the open socket (if any) before making a new one.
    var el = socketElt(evt);
    var previous = el && openSockets.get(el);
    if (previous) replacedSockets.add(previous);
  }

  function onSocketOpen(evt) {
    var el = socketElt(evt);
    var detail = evt.detail || {};
    if (el) {
      downSockets.delete(el);
      if (detail.socketWrapper) socketWrappers.set(el, detail.socketWrapper);
      if (detail.event && detail.event.target) openSockets.set(el, detail.event.target);
    }
    renderConnection();
    resendUnsaved(); // the server is reachable again
  }

  function onSocketMessage(evt) {
    var el = socketElt(evt);
    if (!el) return;
    retryCounts.delete(el);
    if (pausedSockets.delete(el)) renderConnection();
  }

  // Asked when a socket closes for a reason it does not name: is the server up
  // with its live updates down (paused), or not answering at all (offline)?
  var askingServer = false;
  function askServer() {
    if (askingServer || browserOffline || !window.fetch) return;
    askingServer = true;
    window.fetch("/healthz", { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (health) {
        if (health && health.database === "ok" && health.live === "down") {
          downSockets.forEach(function (el) { pausedSockets.add(el); });
          renderConnection();
        }
      })
      .catch(function () { /* not answering: "connection lost" stays */ })
      .then(function () { askingServer = false; });
  }

  function onSocketDown(evt) {
    var el = socketElt(evt);
    var detail = evt.detail || {};
    var closed = (detail.event || detail.error || {}).target;
    if (closed && replacedSockets.has(closed)) return;
    var code = detail.event && detail.event.code;
    if (el) {
      downSockets.add(el);
      if (code === LIVE_PAUSED) pausedSockets.add(el);
      else if (evt.type === "htmx:wsClose") {
        pausedSockets.delete(el);
        askServer();
      }
    }
    renderConnection();

    if (evt.type !== "htmx:wsClose" || pageUnloading || !el) return;
    var wrapper = detail.socketWrapper;
    if (EXTENSION_RETRIES.indexOf(code) !== -1) return; // extension retries itself
    if (!wrapper || typeof wrapper.reconnect !== "function") return;
    var tries = (retryCounts.get(el) || 0) + 1;
    retryCounts.set(el, tries);
    setTimeout(function () {
      if (pageUnloading || !document.body.contains(el) || !downSockets.has(el)) return;
      try { wrapper.reconnect(); } catch (err) { /* next close will retry */ }
    }, reconnectDelay(tries));
  }

  // Back online: reconnect every socket now rather than after its backoff, and
  // even one that looks open (after a network drop it may be dead without
  // knowing). The snapshot it is sent re-syncs the page.
  function onOnline() {
    browserOffline = false;
    renderConnection();
    socketWrappers.forEach(function (wrapper, el) {
      if (!document.body.contains(el)) { socketWrappers.delete(el); return; }
      try { wrapper.reconnect(); } catch (err) { /* the extension retries */ }
    });
    resendUnsaved();
  }

  /* ------------------------------------------------------------------------
   * c. Dirty tracking and save status for autosave forms
   *
   * <form data-autosave> holds one text control named "value". The form is
   * "dirty" from the first keystroke until a save succeeds AND the box still
   * holds exactly what was sent (typing during the request keeps it dirty).
   * --------------------------------------------------------------------- */

  var sentValues = new WeakMap();   // form -> value sent in the last request
  var savingStatus = new WeakMap(); // form -> status element we marked "Saving…"

  function autosaveForm(el) {
    if (!isElement(el)) return null;
    var form = el.closest("form[data-autosave]");
    if (!form) return null;
    // Only the form itself or its text control count as "the save request";
    // other buttons inside (e.g. conflict choices) are separate actions.
    if (el !== form && el !== valueControl(form)) return null;
    return form;
  }

  // Form encoding may turn "\n" into "\r\n"; compare line breaks loosely.
  function normalise(text) {
    return String(text).replace(/\r\n?/g, "\n");
  }

  function valueControl(form) {
    var c = form.elements && form.elements.namedItem ? form.elements.namedItem("value") : null;
    if (c && !("value" in c)) c = null; // a RadioNodeList or odd element
    return c || form.querySelector("textarea[name='value'], input[name='value']");
  }

  function statusFor(el) {
    if (!isElement(el)) return null;
    var scope = el.closest(".live-field") || el;
    return scope.querySelector(".save-status");
  }

  function setStatus(statusEl, modifier, text) {
    if (!statusEl) return;
    statusEl.className = "save-status" + (modifier ? " save-status--" + modifier : "");
    statusEl.textContent = text;
  }

  // True if the status line is the very element we set to "Saving…" and it
  // still says so. Identity matters: when the server swaps in a new status
  // element with the same id, htmx keeps the OLD attributes (our --saving
  // class) on the new element until it settles ~20 ms later, so a class
  // check alone would overwrite the server's fresh text.
  function stillOurSavingLine(form) {
    var status = statusFor(form);
    return !!status && status === savingStatus.get(form) &&
      status.classList.contains("save-status--saving") && status.textContent === SAVING_TEXT;
  }

  function onInput(evt) {
    var form = isElement(evt.target) ? evt.target.closest("form[data-autosave], form[data-guard]") : null;
    if (form) form.dataset.dirty = "1";
  }

  /* Plain forms inside live fragments (e.g. editing a phase on the console):
   * form[data-guard] is dirty while it differs from what the page rendered, so
   * pushes do not close it mid-typing; a successful submit or undoing the edits
   * (leaving the form with every control back at its default) releases it.
   * form[data-reset-on-success] empties itself after a 2xx answer. */
  function formUnchanged(form) {
    for (var i = 0; i < form.elements.length; i++) {
      var c = form.elements[i];
      if ("defaultValue" in c && c.type !== "hidden" && c.value !== c.defaultValue) return false;
    }
    return true;
  }

  function onGuardedRequestDone(evt) {
    var elt = evt.detail && evt.detail.elt;
    if (!isElement(elt) || elt.tagName !== "FORM") return;
    var ok = evt.detail.xhr && evt.detail.xhr.status >= 200 && evt.detail.xhr.status < 300;
    if (!ok) return;
    if (elt.hasAttribute("data-guard")) delete elt.dataset.dirty;
    if (elt.hasAttribute("data-reset-on-success")) {
      // Clear only what was sent: anything typed while the request ran stays.
      var cfg = evt.detail.requestConfig;
      var sent = cfg && cfg.formData && typeof cfg.formData.get === "function" ? cfg.formData : null;
      for (var i = 0; i < elt.elements.length; i++) {
        var c = elt.elements[i];
        if (!c.name || !("value" in c) || c.type === "hidden" || c.type === "submit") continue;
        if (!sent || sent.get(c.name) === c.value) c.value = c.defaultValue = "";
      }
    }
  }

  function onFocusOut(evt) {
    var form = isElement(evt.target) ? evt.target.closest("form[data-guard]") : null;
    if (form && formUnchanged(form)) delete form.dataset.dirty;
  }

  function onBeforeRequest(evt) {
    var form = autosaveForm(evt.detail && evt.detail.elt);
    if (!form) return;
    // Prefer the exact value htmx serialised; fall back to the control.
    var cfg = evt.detail.requestConfig;
    var sent = cfg && cfg.formData && typeof cfg.formData.get === "function" ? cfg.formData.get("value") : null;
    var control = valueControl(form);
    if (typeof sent !== "string" && control) sent = control.value;
    if (typeof sent === "string") sentValues.set(form, normalise(sent));
    var status = statusFor(form);
    setStatus(status, "saving", SAVING_TEXT);
    if (status) savingStatus.set(form, status);
  }

  function onAfterRequest(evt) {
    var detail = evt.detail || {};
    var form = autosaveForm(detail.elt);
    if (!form) return;
    var control = valueControl(form);
    var sent = sentValues.get(form);
    var unchanged = !!control && sent !== undefined && normalise(control.value) === sent;
    // Only a 2xx means "saved". The base template tells htmx to swap 4xx
    // answers (conflict, invalid, locked) without flagging them as errors,
    // so detail.successful alone would be true for those too.
    var status = detail.xhr ? detail.xhr.status : 0;
    var saved = !!detail.successful && status >= 200 && status < 300;
    if (saved && unchanged) {
      delete form.dataset.dirty;
      // If the response left our "Saving…" line untouched, say it is saved
      // (unless a conflict panel came back instead).
      var scope = form.closest(".live-field") || form;
      if (stillOurSavingLine(form) && !scope.querySelector(".conflict, [data-conflict]")) {
        setStatus(statusFor(form), "saved", uiText("saved", "Saved"));
      }
    } else if (saved && !unchanged && stillOurSavingLine(form)) {
      setStatus(statusFor(form), "", uiText("unsaved", "Unsaved changes"));
    }
    if (status >= 200 && status < 500) unsentForms.delete(form); // the server answered
    savingStatus.delete(form);
  }

  function onRequestError(evt) {
    // Network failure (sendError), timeout, or an answer htmx treats as an
    // error (responseError: with the base template's config, 5xx). The text
    // stays in the box and the form stays dirty; the save is sent again (c2).
    var detail = evt.detail || {};
    var form = autosaveForm(detail.elt);
    if (!form) {
      showRequestProblem(detail);
      return;
    }
    unsentForms.add(form);
    var problem = requestProblem(detail.xhr);
    setStatus(statusFor(form), "error",
      problem === "database" ? DATABASE_TEXT : problem === "offline" ? OFFLINE_TEXT : ERROR_TEXT);
  }

  /* ------------------------------------------------------------------------
   * c2. Saves that did not reach the server are sent again
   *
   * Offline, or the database restarting: the form stays in unsentForms and its
   * save is sent again — the same version-checked request, so a team mate's
   * newer save of the same text shows the conflict panel, never an overwrite —
   * when the browser is back online, when a live socket (re)opens, and every
   * RESEND_MS meanwhile. Other requests (buttons, forms) that fail say so beside
   * their form and are not repeated: the person decides.
   * --------------------------------------------------------------------- */

  var unsentForms = new Set();
  var RESEND_MS = 5000;

  // "database" (workshop/middleware.py answered 503), "offline" (no answer) or "".
  function requestProblem(xhr) {
    if (!xhr || !xhr.status) return "offline";
    if (xhr.status === 503 && xhr.getResponseHeader("X-Unavailable") === "database") return "database";
    return "";
  }

  function resendUnsaved() {
    if (browserOffline || !window.htmx) return;
    unsentForms.forEach(function (form) {
      var control = valueControl(form);
      if (!document.body.contains(form) || !control || !control.hasAttribute("hx-post")) {
        unsentForms.delete(form); // swapped for a conflict panel, or gone
        return;
      }
      if (control.classList.contains("htmx-request")) return; // being sent right now
      window.htmx.trigger(control, "retry-save"); // field.html: hx-trigger "… retry-save"
    });
  }

  function showRequestProblem(detail) {
    var elt = detail.elt;
    if (!isElement(elt) || !document.body.contains(elt)) return;
    var problem = requestProblem(detail.xhr);
    if (!problem) return;
    var host = elt.closest("form") || elt.parentElement;
    if (!host) return;
    var note = host.querySelector(":scope > .request-problem");
    if (!note) {
      note = document.createElement("p");
      note.className = "field__error request-problem";
      note.setAttribute("role", "alert");
      host.appendChild(note);
    }
    note.textContent = problem === "database" ? NOT_DONE_DATABASE_TEXT : NOT_DONE_OFFLINE_TEXT;
  }

  function clearRequestProblem(evt) {
    var detail = evt.detail || {};
    var status = detail.xhr ? detail.xhr.status : 0;
    var host = isElement(detail.elt) ? detail.elt.closest("form") || detail.elt.parentElement : null;
    var note = host && status >= 200 && status < 500 ? host.querySelector(":scope > .request-problem") : null;
    if (note) note.remove();
  }

  /* ------------------------------------------------------------------------
   * d. Do not let live pushes overwrite what someone is typing
   *
   * htmx 2.0.11 oobSwap() fires "htmx:oobBeforeSwap" on the existing target
   * with detail { shouldSwap: true, target, fragment } (plus detail.elt ==
   * target). It swaps only if detail.shouldSwap is still true afterwards.
   * This covers out-of-band swaps from HTTP responses and every WebSocket
   * message (the ws extension swaps each message element via api.oobSwap).
   * htmx 2.0.11 <template type="partial"> swaps fire "htmx:partialBeforeSwap"
   * with the same detail shape, so the same guard handles them.
   *
   * One exception: the response to a form's own request (e.g. the save
   * response refreshing the field and its version) may replace it, as long
   * as nothing was typed after the request was sent. htmx swaps a response
   * synchronously between "htmx:beforeSwap" and "htmx:afterRequest", so we
   * remember which element's response is being swapped in that window.
   * --------------------------------------------------------------------- */

  var respondingElt = null;

  function onBeforeSwap(evt) {
    // detail.elt is the swap *target* here; the requesting element is in
    // detail.requestConfig.elt.
    var cfg = evt.detail && evt.detail.requestConfig;
    respondingElt = (cfg && cfg.elt) || null;
    // Clear after the current task in case afterRequest never fires (e.g. a
    // swap delay): a WebSocket message can only run in a later task anyway.
    setTimeout(function () { respondingElt = null; }, 0);
  }

  function isOwnResponse(blocker) {
    var req = respondingElt;
    if (!isElement(req) || !document.body.contains(req)) return false;
    var sameField = blocker === req || blocker.contains(req) || req.contains(blocker) ||
      (!!blocker.closest(".live-field") && blocker.closest(".live-field") === req.closest(".live-field"));
    if (!sameField) return false;
    if (blocker.matches("form[data-autosave]") && blocker === autosaveForm(req)) {
      // The form's own save: fine only if the box still holds what was sent.
      var control = valueControl(blocker);
      return !!control && normalise(control.value) === sentValues.get(blocker);
    }
    return true; // e.g. a "keep mine / keep theirs" button in the same field
  }

  function blockersIn(target) {
    var selector = "[data-dirty='1'], [data-conflict]";
    var found = [];
    if (target.matches(selector)) found.push(target);
    var inner = target.querySelectorAll(selector);
    for (var i = 0; i < inner.length; i++) found.push(inner[i]);
    return found.filter(function (b) { return !isOwnResponse(b); });
  }

  function versionOf(el) {
    // htmx hands outerHTML swaps a DocumentFragment (no .matches), others an element.
    if (!el || typeof el.querySelector !== "function") return NaN;
    var input = el.nodeType === 1 && el.matches("input[name='version']") ? el : el.querySelector("input[name='version']");
    return input ? Number(input.value) : NaN; // NaN compares false: no opinion
  }

  function guardSwap(evt) {
    var detail = evt.detail;
    if (!detail || !isElement(detail.target)) return;
    var target = detail.target;
    if ((target.id || "").indexOf("status-") === 0) {
      // Status lines update, except that a blank one (a reconnecting socket's snapshot)
      // never wipes "Saving…": that save's answer is on its way and will say how it went.
      var incoming = detail.fragment && detail.fragment.textContent;
      if (!(incoming || "").trim() && target.classList.contains("save-status--saving")) {
        detail.shouldSwap = false;
      }
      return;
    }
    // Never roll a field back: a snapshot or push rendered before a newer save
    // (e.g. a socket that connected slowly) can arrive after it.
    if (versionOf(detail.fragment) < versionOf(target)) {
      detail.shouldSwap = false;
      return;
    }
    var blockers = blockersIn(target);
    if (!blockers.length) return;

    detail.shouldSwap = false; // the flag htmx checks after this event
    // The same version this field started from (a reconnecting socket's snapshot):
    // nothing newer to warn about; a save waiting to be resent keeps its status.
    if (target.classList.contains("live-field") && versionOf(detail.fragment) === versionOf(target)) return;

    // Tell each affected field; fall back to the target's own status line.
    var marked = 0;
    blockers.forEach(function (b) {
      var status = statusFor(b);
      if (status) { setStatus(status, "stale", STALE_TEXT); marked++; }
    });
    if (!marked) setStatus(statusFor(target), "stale", STALE_TEXT);
  }

  /* ------------------------------------------------------------------------
   * e. Navigation pushes: swapped-in content with data-redirect="<url>"
   * --------------------------------------------------------------------- */

  var redirecting = false;

  function onLoad(evt) {
    var el = evt.target;
    // htmx also fires htmx:load on <body> once at start-up; only react to
    // content that arrives later through a swap.
    if (!isElement(el) || el === document.body || redirecting) return;
    var marker = el.matches("[data-redirect]") ? el : el.querySelector("[data-redirect]");
    if (!marker) return;
    var url;
    try {
      url = new URL(marker.getAttribute("data-redirect"), window.location.href);
    } catch (err) {
      return;
    }
    if (url.origin !== window.location.origin) return; // never leave the app
    redirecting = true;
    window.location.assign(url.href);
  }

  /* ------------------------------------------------------------------------
   * f. Copy buttons: [data-copy="text"] or [data-copy="#element-id"]
   *
   * navigator.clipboard only exists on https:// or localhost; workshop
   * laptops often reach the server by plain http://<LAN address>, so there
   * is an execCommand("copy") fallback.
   * --------------------------------------------------------------------- */

  var copyLabels = new WeakMap();

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.top = "-1000px";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      var previous = document.activeElement;
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(ta);
      if (previous && typeof previous.focus === "function") previous.focus();
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function flashLabel(button, text) {
    if (!copyLabels.has(button)) copyLabels.set(button, { text: button.textContent, timer: null });
    var saved = copyLabels.get(button);
    clearTimeout(saved.timer);
    button.textContent = text;
    saved.timer = setTimeout(function () {
      button.textContent = saved.text;
      copyLabels.delete(button);
    }, 1600);
  }

  function onClick(evt) {
    if (isElement(evt.target) && evt.target.closest("[data-print]")) {
      window.print();
      return;
    }
    var button = isElement(evt.target) ? evt.target.closest("[data-copy]") : null;
    if (!button) return;
    evt.preventDefault();
    var spec = button.getAttribute("data-copy") || "";
    var text = spec;
    if (spec.charAt(0) === "#") {
      var source = document.getElementById(spec.slice(1));
      if (!source) return;
      text = "value" in source && typeof source.value === "string" ? source.value : source.textContent.trim();
    }
    copyText(text).then(
      function () { flashLabel(button, uiText("copied", "Copied")); },
      function () { flashLabel(button, uiText("copy_by_hand", "Press Ctrl+C to copy")); }
    );
  }

  /* ------------------------------------------------------------------------
   * g. Keyboard shortcuts for the facilitator (body[data-keys="console"],
   *    also accepted: "projector", so a clicker works on either window)
   *    → / PageDown: #key-next   ← / PageUp: #key-prev   t: #key-timer
   * PageUp/PageDown are what presentation clickers send.
   * --------------------------------------------------------------------- */

  var KEYS = {
    ArrowRight: "key-next",
    PageDown: "key-next",
    ArrowLeft: "key-prev",
    PageUp: "key-prev",
    t: "key-timer",
    T: "key-timer"
  };

  function isTyping(el) {
    if (!isElement(el)) return false;
    return el.matches("input, textarea, select, [contenteditable]:not([contenteditable='false'])");
  }

  function onKeydown(evt) {
    var mode = document.body ? document.body.getAttribute("data-keys") : null;
    if (mode !== "console" && mode !== "projector") return;
    if (evt.defaultPrevented || evt.ctrlKey || evt.metaKey || evt.altKey) return;
    if (evt.repeat) return; // holding a key must not skip several phases
    if (isTyping(evt.target) || isTyping(document.activeElement)) return;
    var id = KEYS[evt.key];
    if (!id) return;
    var button = document.getElementById(id);
    if (!button || button.disabled) return;
    evt.preventDefault(); // stop PageDown/arrows from scrolling
    button.click();
  }

  /* ------------------------------------------------------------------------
   * h. [data-origin-host]: show the address people should type to join
   *
   * The server cannot know which of its addresses (LAN IP, hostname) the
   * room uses; the browser showing the projector does.
   * --------------------------------------------------------------------- */

  function fillOriginHost(root) {
    if (!root || typeof root.querySelectorAll !== "function") return;
    var nodes = root.querySelectorAll("[data-origin-host]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = window.location.host;
    if (isElement(root) && root.matches("[data-origin-host]")) root.textContent = window.location.host;
  }

  /* ------------------------------------------------------------------------
   * i. What style="" and hx-on would say, under the Content-Security-Policy
   *
   * The policy (style-src 'self', no 'unsafe-eval') refuses style attributes
   * and hx-on handlers; styles set through CSSOM are allowed. Runs on the
   * page and on every swapped-in fragment (htmx:load).
   * --------------------------------------------------------------------- */

  var RANKS = { rankPriority: "--rank-priority", rankFramework: "--rank-framework" };

  function applyServerStyles(root) {
    if (!root || typeof root.querySelectorAll !== "function") return;
    var nodes = Array.prototype.slice.call(root.querySelectorAll("[data-width], [data-rank-priority]"));
    if (isElement(root) && root.matches("[data-width], [data-rank-priority]")) nodes.push(root);
    nodes.forEach(function (el) {
      var width = parseFloat(el.getAttribute("data-width"));
      if (!isNaN(width)) el.style.width = Math.max(0, Math.min(100, width)) + "%";
      Object.keys(RANKS).forEach(function (key) {
        var rank = parseInt(el.dataset[key], 10);
        if (!isNaN(rank)) el.style.setProperty(RANKS[key], String(rank));
      });
    });
  }

  function onHideOnSuccess(evt) {
    var elt = evt.detail && evt.detail.elt;
    if (isElement(elt) && elt.hasAttribute("data-hide-on-success") && evt.detail.successful) {
      elt.hidden = true;
    }
  }

  /* ------------------------------------------------------------------------
   * Wiring
   * --------------------------------------------------------------------- */

  function safe(fn) {
    return function (evt) {
      try {
        fn(evt);
      } catch (err) {
        if (window.console) console.error("live.js", err);
      }
    };
  }

  onReady(function () {
    var body = document.body;

    body.addEventListener("htmx:wsConnecting", safe(onSocketConnecting));
    body.addEventListener("htmx:wsOpen", safe(onSocketOpen));
    body.addEventListener("htmx:wsAfterMessage", safe(onSocketMessage));
    body.addEventListener("htmx:wsClose", safe(onSocketDown));
    body.addEventListener("htmx:wsError", safe(onSocketDown));
    window.addEventListener("online", safe(onOnline));
    window.addEventListener("offline", safe(function () { browserOffline = true; renderConnection(); }));
    window.addEventListener("pagehide", function () { pageUnloading = true; });
    window.addEventListener("pageshow", function () { pageUnloading = false; });

    body.addEventListener("input", safe(onInput));
    body.addEventListener("htmx:beforeRequest", safe(onBeforeRequest));
    body.addEventListener("htmx:afterRequest", safe(onAfterRequest));
    body.addEventListener("htmx:afterRequest", safe(onGuardedRequestDone));
    body.addEventListener("htmx:afterRequest", safe(clearRequestProblem));
    body.addEventListener("focusout", safe(onFocusOut));
    body.addEventListener("htmx:sendError", safe(onRequestError));
    body.addEventListener("htmx:responseError", safe(onRequestError));
    body.addEventListener("htmx:timeout", safe(onRequestError));

    body.addEventListener("htmx:beforeSwap", safe(onBeforeSwap));
    body.addEventListener("htmx:afterRequest", function () { respondingElt = null; });
    body.addEventListener("htmx:oobBeforeSwap", safe(guardSwap));
    body.addEventListener("htmx:partialBeforeSwap", safe(guardSwap));

    body.addEventListener("htmx:load", safe(onLoad));
    body.addEventListener("htmx:load", safe(function (evt) { fillOriginHost(evt.target); }));
    body.addEventListener("htmx:load", safe(function (evt) { applyServerStyles(evt.target); }));
    body.addEventListener("htmx:afterRequest", safe(onHideOnSuccess));
    document.addEventListener("click", safe(onClick));
    document.addEventListener("keydown", safe(onKeydown));

    renderConnection();
    fillOriginHost(document);
    applyServerStyles(document);
    tickTimers();
    setInterval(tickTimers, 250);
    setInterval(safe(function () { if (unsentForms.size) resendUnsaved(); }), RESEND_MS);
  });
})();
