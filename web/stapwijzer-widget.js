/*!
 * Stapwijzer chat widget. One script tag, no build step, no framework:
 *
 *   <script src="https://…/stapwijzer-widget.js" defer
 *           data-server-url="https://rasa.example.nl"   (Rasa server; default: this script's origin)
 *           data-title="Stapwijzer"
 *           data-primary-color="#1b4f8a" data-text-color="#ffffff"   (hex; must reach 4.5:1)
 *           data-opening-text="Hoi! …"
 *           data-privacy-url="https://…/privacy.html"></script>
 *
 * The stylesheet and the socket.io client are loaded from next to this script.
 * Everything the bot or the student writes is rendered with textContent, never as HTML;
 * only http(s) addresses become links.
 */
(function () {
  "use strict";

  var DEFAULTS = {
    title: "Stapwijzer",
    primary: "#1b4f8a",
    text: "#ffffff",
    opening:
      "Hoi! Ik ben Stapwijzer, een chatbot. Geen mens. " +
      "Ik help je met vragen over stoppen met school, de bbl en wie je kan helpen. Typ je vraag of zeg hoi.",
  };
  var MIN_CONTRAST = 4.5;
  var BOT_BUBBLE = "#eef1f5"; // keep in sync with --sw-bot-bubble in stapwijzer-widget.css
  var SESSION_KEY = "stapwijzer.session";
  var OPEN_KEY = "stapwijzer.open";
  var SESSION_ID_PATTERN = /^web-[0-9a-f]{32}$/;
  var CONNECT_TIMEOUT_MS = 8000;
  var TYPING_TIMEOUT_MS = 20000;
  var MAX_MESSAGE_LENGTH = 1000;
  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

  var script = document.currentScript || document.querySelector('script[src*="stapwijzer-widget"]');
  if (!script || window.__stapwijzerWidget) return;

  // ---------- pure helpers (exposed for tests as window.__stapwijzerWidget.helpers) ----------

  function parseHexColor(value) {
    var match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
    if (!match) return null;
    var hex = match[1].length === 3 ? match[1].replace(/./g, "$&$&") : match[1];
    return "#" + hex.toLowerCase();
  }

  function relativeLuminance(hex) {
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function contrastRatio(a, b) {
    var la = relativeLuminance(a);
    var lb = relativeLuminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** The school's colours, unless they would make text hard to read (WCAG 1.4.3). */
  function chooseColors(primaryAttr, textAttr) {
    var primary = parseHexColor(primaryAttr) || DEFAULTS.primary;
    var text = parseHexColor(textAttr) || DEFAULTS.text;
    // The primary colour is also the text colour of quick replies and links, on white and
    // on the bot's bubble (the darker of the two).
    if (contrastRatio(primary, text) >= MIN_CONTRAST && contrastRatio(primary, BOT_BUBBLE) >= MIN_CONTRAST) {
      return { primary: primary, text: text };
    }
    if (window.console) {
      console.warn("Stapwijzer: kleuren " + primary + "/" + text + " hebben te weinig contrast; standaardkleuren gebruikt.");
    }
    return { primary: DEFAULTS.primary, text: DEFAULTS.text };
  }

  function httpUrl(value, base) {
    try {
      var url = new URL(value, base);
      return url.protocol === "http:" || url.protocol === "https:" ? url : null;
    } catch (error) {
      return null;
    }
  }

  /** Splits text into [{text}] and [{text, href}] parts; only http(s) URLs become links. */
  function linkParts(text) {
    var parts = [];
    var last = 0;
    String(text).replace(URL_PATTERN, function (match, offset) {
      var trimmed = match.replace(TRAILING_PUNCTUATION, "");
      var url = httpUrl(trimmed);
      if (!url) return match;
      if (offset > last) parts.push({ text: text.slice(last, offset) });
      parts.push({ text: trimmed, href: url.href });
      last = offset + trimmed.length;
      return match;
    });
    if (last < text.length) parts.push({ text: text.slice(last) });
    return parts;
  }

  /** Rasa messages (socket.io quick_replies or REST buttons) in one shape. */
  function normalizeBotMessage(raw) {
    raw = raw || {};
    var buttons = raw.quick_replies || raw.buttons || [];
    var replies = [];
    buttons.forEach(function (button) {
      if (!button || typeof button.title !== "string") return;
      if (button.url) {
        var url = httpUrl(button.url);
        if (url) replies.push({ title: button.title, url: url.href });
      } else if (typeof button.payload === "string") {
        replies.push({ title: button.title, payload: button.payload });
      }
    });
    var text = typeof raw.text === "string" ? raw.text : "";
    if (!text && raw.attachment && raw.attachment.payload && raw.attachment.payload.src) {
      text = String(raw.attachment.payload.src);
    }
    return { text: text, replies: replies, timestamp: raw.timestamp };
  }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function formatTime(date) {
    var now = new Date();
    var time = date.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" });
    if (date.toDateString() === now.toDateString()) return time;
    return date.toLocaleDateString("nl-NL", { day: "numeric", month: "short" }) + " " + time;
  }

  // Storage can throw (blocked cookies, private mode): then we just forget on reload.
  function storage(kind) {
    var memory = {};
    return {
      get: function (key) {
        try { return window[kind].getItem(key); } catch (error) { return memory[key] || null; }
      },
      set: function (key, value) {
        try { window[kind].setItem(key, value); } catch (error) { memory[key] = value; }
      },
      remove: function (key) {
        try { window[kind].removeItem(key); } catch (error) { delete memory[key]; }
      },
    };
  }

  var helpers = {
    parseHexColor: parseHexColor,
    contrastRatio: contrastRatio,
    chooseColors: chooseColors,
    linkParts: linkParts,
    normalizeBotMessage: normalizeBotMessage,
    newSessionId: newSessionId,
  };

  // ---------- configuration ----------

  var scriptUrl = new URL(script.src, document.baseURI);
  function attr(name) {
    var value = script.getAttribute(name);
    return value && value.trim() ? value.trim() : "";
  }
  var colors = chooseColors(attr("data-primary-color"), attr("data-text-color"));
  var serverUrl = httpUrl(attr("data-server-url") || scriptUrl.origin);
  var config = {
    serverUrl: serverUrl ? serverUrl.href.replace(/\/+$/, "") : scriptUrl.origin,
    title: attr("data-title") || DEFAULTS.title,
    openingText: attr("data-opening-text") || DEFAULTS.opening,
    privacyUrl: (httpUrl(attr("data-privacy-url") || "privacy.html", scriptUrl) || {}).href,
  };
  var local = storage("localStorage");
  var tab = storage("sessionStorage");

  // ---------- DOM ----------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function srOnly(text) {
    return el("span", "sw-sr", text);
  }

  function externalLink(href, text, className) {
    var link = el("a", className, text);
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.appendChild(srOnly(" (opent in nieuw venster)"));
    return link;
  }

  var host = el("div");
  host.id = "stapwijzer-widget";
  host.setAttribute("lang", "nl");
  host.hidden = true; // until the stylesheet is there, so the page never shows a bare widget
  host.style.setProperty("--sw-primary", colors.primary);
  host.style.setProperty("--sw-on-primary", colors.text);
  var root = host.attachShadow({ mode: "open" });

  var stylesheet = el("link");
  stylesheet.rel = "stylesheet";
  stylesheet.href = new URL("stapwijzer-widget.css", scriptUrl).href;
  root.appendChild(stylesheet);

  var launcher = el("button", "sw-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "sw-panel");
  var launcherIcon = el("span", "sw-launcher-icon");
  launcherIcon.setAttribute("aria-hidden", "true");
  launcher.appendChild(launcherIcon);
  launcher.appendChild(el("span", "sw-launcher-text", "Chat met " + config.title));

  var panel = el("section", "sw-panel");
  panel.id = "sw-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "sw-title");
  panel.setAttribute("aria-describedby", "sw-bot-note");

  var header = el("header", "sw-header");
  var heading = el("div", "sw-heading");
  var title = el("h2", "sw-title", config.title);
  title.id = "sw-title";
  var botNote = el("p", "sw-bot-note", "Dit is een chatbot, geen mens.");
  botNote.id = "sw-bot-note";
  heading.appendChild(title);
  heading.appendChild(botNote);
  if (config.privacyUrl) heading.appendChild(externalLink(config.privacyUrl, "Privacy: wat we bewaren", "sw-privacy"));
  var closeButton = el("button", "sw-close");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", "Chat sluiten");
  // The cross is drawn in CSS: a text "×" would not match the accessible name (WCAG 2.5.3).
  closeButton.appendChild(el("span", "sw-close-icon"));
  header.appendChild(heading);
  header.appendChild(closeButton);

  var log = el("div", "sw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Gesprek met " + config.title);
  log.tabIndex = 0; // scrollable region must be reachable by keyboard

  var typing = el("div", "sw-typing");
  typing.hidden = true;
  typing.setAttribute("aria-hidden", "true");
  var dots = el("span", "sw-dots");
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  typing.appendChild(dots);
  typing.appendChild(el("span", "", config.title + " typt\u2026"));

  var status = el("p", "sw-status");
  status.setAttribute("role", "status");

  var form = el("form", "sw-form");
  form.noValidate = true;
  var inputLabel = el("label", "sw-sr", "Jouw bericht");
  inputLabel.htmlFor = "sw-input";
  var input = el("input", "sw-input");
  input.id = "sw-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = MAX_MESSAGE_LENGTH;
  input.placeholder = "Typ je bericht\u2026";
  input.setAttribute("enterkeyhint", "send");
  var sendButton = el("button", "sw-send", "Stuur");
  sendButton.type = "submit";
  form.appendChild(inputLabel);
  form.appendChild(input);
  form.appendChild(sendButton);

  var footer = el("div", "sw-footer");
  var resetButton = el("button", "sw-reset", "Nieuw gesprek");
  resetButton.type = "button";
  resetButton.setAttribute("aria-describedby", "sw-reset-help");
  var resetHelp = el("span", "sw-sr", "Haalt dit gesprek weg van dit apparaat. Handig op een computer van school.");
  resetHelp.id = "sw-reset-help";
  footer.appendChild(resetButton);
  footer.appendChild(resetHelp);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(status);
  panel.appendChild(form);
  panel.appendChild(footer);
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---------- transcript ----------

  function appendText(container, text) {
    linkParts(text).forEach(function (part) {
      container.appendChild(part.href ? externalLink(part.href, part.text, "sw-link") : document.createTextNode(part.text));
    });
  }

  function messageNode(sender, text, when) {
    var item = el("div", "sw-msg sw-msg--" + sender);
    item.appendChild(srOnly(sender === "user" ? "Jij: " : config.title + ": "));
    var bubble = el("div", "sw-bubble");
    appendText(bubble, text);
    item.appendChild(bubble);
    if (when) {
      var time = el("time", "sw-time", formatTime(when));
      time.dateTime = when.toISOString();
      item.appendChild(time);
    }
    return item;
  }

  function repliesNode(replies, withChoices) {
    var choices = replies.filter(function (reply) { return reply.payload !== undefined; });
    var links = replies.filter(function (reply) { return reply.url; });
    var group = el("div", "sw-replies");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Kies een antwoord");
    if (withChoices) {
      choices.forEach(function (reply) {
        var button = el("button", "sw-reply", reply.title);
        button.type = "button";
        button.addEventListener("click", function () {
          sendMessage(reply.payload, reply.title);
          input.focus();
        });
        group.appendChild(button);
      });
    }
    links.forEach(function (reply) {
      group.appendChild(externalLink(reply.url, reply.title, "sw-reply sw-reply--link"));
    });
    return group.childNodes.length ? group : null;
  }

  function timestampOf(value) {
    if (typeof value === "number" && isFinite(value)) return new Date(value * 1000);
    return new Date();
  }

  function botNodes(raw, withChoices) {
    var message = normalizeBotMessage(raw);
    var nodes = [];
    if (message.text) nodes.push(messageNode("bot", message.text, timestampOf(message.timestamp)));
    var replies = message.replies.length ? repliesNode(message.replies, withChoices) : null;
    if (replies) nodes.push(replies);
    return nodes;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  // A long answer starts under the student's own message instead of scrolling past it.
  var lastUserNode = null;
  function scrollToAnswer() {
    if (!lastUserNode) return scrollToEnd();
    log.scrollTop = lastUserNode.offsetTop - 8;
  }

  // Old choices would send answers to questions the bot no longer asks; links stay useful.
  function removeChoices() {
    Array.prototype.forEach.call(log.querySelectorAll(".sw-reply:not(.sw-reply--link)"), function (button) {
      var group = button.parentNode;
      group.removeChild(button);
      if (!group.childNodes.length) group.parentNode.removeChild(group);
    });
  }

  function showBotMessage(raw) {
    hideTyping();
    botNodes(raw, true).forEach(function (node) { log.appendChild(node); });
    scrollToAnswer();
  }

  function showUserMessage(text) {
    removeChoices();
    lastUserNode = messageNode("user", text, new Date());
    log.appendChild(lastUserNode);
    scrollToEnd();
  }

  function showHistory(messages) {
    if (!Array.isArray(messages) || !messages.length) return;
    var fragment = document.createDocumentFragment();
    var liveMessages = log.childNodes.length > 1;
    messages.forEach(function (message, index) {
      var isLast = index === messages.length - 1 && !liveMessages;
      if (message.sender === "user") {
        if (typeof message.text === "string" && message.text) {
          fragment.appendChild(messageNode("user", message.text, timestampOf(message.timestamp)));
        }
      } else {
        botNodes(message, isLast).forEach(function (node) { fragment.appendChild(node); });
      }
    });
    log.setAttribute("aria-busy", "true");
    // History goes between the opening text and anything sent since this page loaded.
    log.insertBefore(fragment, openingNode.nextSibling);
    log.setAttribute("aria-busy", "false");
    scrollToEnd();
  }

  var typingTimer = null;
  function showTyping() {
    typing.hidden = false;
    status.textContent = config.title + " typt\u2026";
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
    scrollToEnd();
  }
  function hideTyping() {
    clearTimeout(typingTimer);
    typing.hidden = true;
    if (status.textContent === config.title + " typt\u2026") status.textContent = "";
  }
  function showStatus(text) {
    status.textContent = text;
  }

  var openingNode = messageNode("bot", config.openingText, null);
  openingNode.classList.add("sw-msg--opening");
  log.appendChild(openingNode);

  // ---------- transport: Rasa's socket.io channel, REST as fallback ----------

  var sessionId = SESSION_ID_PATTERN.test(local.get(SESSION_KEY) || "") ? local.get(SESSION_KEY) : null;
  var transport = null;
  var pending = []; // messages typed before the session is confirmed

  function rememberSession(id) {
    sessionId = id;
    local.set(SESSION_KEY, id);
  }

  function socketTransport() {
    // A path in the server URL (Rasa behind a proxy at /rasa) belongs in socket.io's `path`;
    // in the URL itself socket.io would take it for a namespace.
    var server = new URL(config.serverUrl);
    var socket = ioClient(server.origin, {
      path: server.pathname.replace(/\/+$/, "") + "/socket.io",
      reconnectionDelayMax: 10000,
    });
    var state = { ready: false, historyRequested: false, everConnected: false, socket: socket };
    socket.on("connect", function () {
      state.everConnected = true;
      showStatus("");
      // Ask for the history once per page load; after a reconnect the transcript is complete.
      socket.emit("session_request", { session_id: sessionId, history: !state.historyRequested });
      state.historyRequested = true;
    });
    socket.on("session_history", function (data) {
      showHistory(data && data.messages);
    });
    socket.on("session_confirm", function (data) {
      var id = typeof data === "string" ? data : data && data.session_id;
      if (typeof id === "string" && SESSION_ID_PATTERN.test(id)) rememberSession(id);
      state.ready = true;
      flushPending();
    });
    socket.on("bot_uttered", showBotMessage);
    socket.on("disconnect", function () {
      state.ready = false;
      showStatus("De verbinding is weg. We proberen het opnieuw\u2026");
    });
    socket.on("connect_error", function () {
      if (state.everConnected) showStatus("De verbinding is weg. We proberen het opnieuw\u2026");
    });
    return {
      name: "socketio",
      state: state,
      ready: function () { return state.ready; },
      send: function (text) {
        socket.emit("user_uttered", { message: text, session_id: sessionId });
      },
      close: function () { socket.close(); },
      restart: function () {
        state.ready = false;
        state.historyRequested = true;
        socket.emit("session_request", { session_id: null, history: false });
      },
    };
  }

  function restTransport() {
    if (!sessionId) rememberSession(newSessionId());
    return {
      name: "rest",
      ready: function () { return true; },
      send: function (text) {
        fetch(config.serverUrl + "/webhooks/rest/webhook", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ sender: sessionId, message: text }),
        })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.json();
          })
          .then(function (messages) {
            (Array.isArray(messages) ? messages : []).forEach(showBotMessage);
            hideTyping();
          })
          .catch(function () {
            hideTyping();
            showStatus("Het lukt nu niet om " + config.title + " te bereiken. Probeer het later nog eens.");
          });
      },
      close: function () {},
      restart: function () { rememberSession(newSessionId()); },
    };
  }

  function useRest() {
    if (transport && transport.name === "rest") return;
    if (transport) transport.close();
    transport = restTransport();
    flushPending();
  }

  function startTransport() {
    if (typeof ioClient !== "function") {
      useRest();
      return;
    }
    transport = socketTransport();
    setTimeout(function () {
      if (transport && transport.name === "socketio" && !transport.state.everConnected) useRest();
    }, CONNECT_TIMEOUT_MS);
  }

  // Always our vendored client (its protocol matches the server's); a socket.io the host page
  // loaded itself gets its global `io` back.
  var ioClient = null;
  var transportRequested = false;
  function ensureTransport() {
    if (transportRequested) return;
    transportRequested = true;
    var hostPageIo = window.io;
    var client = document.createElement("script");
    client.src = new URL("vendor/socket.io.min.js", scriptUrl).href;
    client.onload = function () {
      ioClient = window.io;
      if (hostPageIo !== undefined) window.io = hostPageIo;
      startTransport();
    };
    client.onerror = useRest;
    document.head.appendChild(client);
  }

  function flushPending() {
    while (transport && transport.ready() && pending.length) transport.send(pending.shift());
  }

  function sendMessage(text, shownAs) {
    text = String(text || "").trim().slice(0, MAX_MESSAGE_LENGTH);
    if (!text) return;
    showUserMessage(shownAs || text);
    showTyping();
    pending.push(text);
    ensureTransport();
    flushPending();
  }

  function startNewConversation() {
    local.remove(SESSION_KEY);
    sessionId = null;
    pending = [];
    hideTyping();
    while (openingNode.nextSibling) log.removeChild(openingNode.nextSibling);
    lastUserNode = null;
    if (transport) transport.restart();
    showStatus("Je bent een nieuw gesprek begonnen.");
    input.focus();
  }

  // ---------- opening, closing, keyboard ----------

  function isOpen() {
    return !panel.hidden;
  }

  function openPanel(moveFocus) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    host.setAttribute("data-open", "true");
    tab.set(OPEN_KEY, "1");
    ensureTransport();
    scrollToEnd();
    if (moveFocus) input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    host.setAttribute("data-open", "false");
    tab.remove(OPEN_KEY);
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (isOpen()) closePanel();
    else openPanel(true);
  });
  closeButton.addEventListener("click", closePanel);
  resetButton.addEventListener("click", startNewConversation);
  // On a phone the panel covers the page, so Tab must not wander to the hidden page behind it.
  var fullScreen = window.matchMedia ? window.matchMedia("(max-width: 599px)") : { matches: false };
  function syncModal() {
    panel.setAttribute("aria-modal", fullScreen.matches ? "true" : "false");
  }
  syncModal();
  if (fullScreen.addEventListener) fullScreen.addEventListener("change", syncModal);

  function focusables() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), [tabindex='0']"),
      function (node) { return node.getClientRects().length > 0; }
    );
  }

  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      closePanel();
    } else if (event.key === "Tab" && fullScreen.matches) {
      var nodes = focusables();
      var first = nodes[0];
      var last = nodes[nodes.length - 1];
      var active = root.activeElement;
      if (event.shiftKey && active === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    sendMessage(text);
  });

  // Wait for the stylesheet so the page never shows an unstyled widget.
  function reveal() {
    host.hidden = false;
  }
  stylesheet.addEventListener("load", reveal);
  stylesheet.addEventListener("error", reveal);

  function mount() {
    document.body.appendChild(host);
    // A reload in the same tab reopens the chat with its history.
    if (tab.get(OPEN_KEY) === "1") openPanel(false);
  }

  window.__stapwijzerWidget = {
    helpers: helpers,
    config: config,
    open: function () { openPanel(true); },
    close: closePanel,
    transport: function () { return transport && transport.name; },
    // "websocket" or "polling" while socket.io is connected; for tests and debugging.
    connection: function () {
      var engine = transport && transport.state && transport.state.socket.io.engine;
      return engine && engine.transport ? engine.transport.name : null;
    },
  };

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
