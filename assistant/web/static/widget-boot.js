// The chamber widget, embedded with one tag: <script src="(this server)/widget.js" data-site="x" async>.
// Optional: data-target="#css-selector" mounts it inline into that element instead of a
// launcher button and a floating panel. Everything lives in a Shadow DOM styled by a
// constructable stylesheet, so host CSS cannot reach in and no inline style is ever needed.

const SCRIPT =
  document.currentScript ||
  document.querySelector('script[src$="/widget.js"][data-site], script[src$="widget.js"][data-site]');

function bootWidget() {
  if (!SCRIPT || !SCRIPT.dataset.site) return;
  const api = new URL(SCRIPT.src, window.location.href).origin;
  const site = SCRIPT.dataset.site;
  const targetSelector = SCRIPT.dataset.target;
  const target = targetSelector ? document.querySelector(targetSelector) : null;
  const mode = target ? "inline" : "panel";

  const host = document.createElement("div");
  host.setAttribute("data-eco-advisor", site);
  (target || document.body).append(host);
  const shadow = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  shadow.adoptedStyleSheets = [sheet];

  let session = null;
  let expiresAt = 0;
  async function fetchSession() {
    const response = await fetch(`${api}/v1/widget/session?site=${encodeURIComponent(site)}`, {
      method: "POST",
      credentials: "omit",
    });
    if (!response.ok) throw await apiError(response);
    session = await response.json();
    expiresAt = Date.now() + (session.expires_in - 30) * 1000;
    return session;
  }
  async function headers() {
    if (!session || Date.now() > expiresAt) await fetchSession();
    return { "x-widget-token": session.token };
  }

  function build(config, failure) {
    const strings = stringsFor(pickLanguage(config.language));
    const frame = document.createElement("div");
    frame.className = `eco-frame eco-frame--${mode}`;
    shadow.append(frame);
    let launcher = null;
    let floating = null;
    const close = () => {
      floating.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    };
    if (mode === "panel") {
      floating = h("div", { class: "eco-floating", id: uid("eco-panel"), role: "dialog", "aria-label": config.name || strings.title, hidden: true });
      launcher = h("button", { type: "button", class: "eco-launcher", "aria-expanded": "false", "aria-controls": floating.id, "aria-label": strings.launcher }, icon("chat"));
      launcher.addEventListener("click", () => {
        const opening = floating.hidden;
        floating.hidden = !opening;
        launcher.setAttribute("aria-expanded", String(opening));
        if (opening) chat.input.focus();
      });
      floating.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && !event.defaultPrevented) close();
      });
      frame.append(floating, launcher);
    }
    const chat = mountChat(floating || frame, {
      api,
      mode,
      chatPath: "/v1/widget/chat/stream",
      config,
      headers,
      onClose: mode === "panel" ? close : null,
    });
    if (launcher && config.colours) {
      for (const [key, value] of Object.entries(config.colours)) {
        if (/^#[0-9a-fA-F]{3,6}$/.test(String(value))) frame.style.setProperty(`--eco-${key.replace(/_/g, "-")}`, value);
      }
    }
    if (failure) chat.disable(failure);
    return chat;
  }

  fetchSession().then(
    (s) => build(s.config, null),
    (err) => {
      const strings = stringsFor(pickLanguage("auto"));
      let text = strings.offline;
      if (err instanceof ApiError && err.status === 403) text = `${strings.refused} (${err.detail})`;
      else if (err instanceof ApiError && err.status === 429) text = fmt(strings.rate_limited, { s: err.retryAfter || 60 });
      else if (err instanceof ApiError) text = strings.error;
      build({ language: "auto" }, text);
    },
  );
}

if (document.body) bootWidget();
else document.addEventListener("DOMContentLoaded", bootWidget);
