// eco-advisor chat core: shared by the web chat (/app.js) and the chamber widget (/widget.js).
// The server wraps this file in one function scope with CSS and I18N defined before it.
//
// Answers and documents are untrusted. Everything is built with createElement/textContent:
// no string is ever parsed as markup, no inline style or eval is used, so this runs under a strict CSP and a
// host page's own CSP without 'unsafe-inline'.

/* global CSS, I18N */

// ---- strings ------------------------------------------------------------------------------

function pickLanguage(preference) {
  const wanted =
    preference && preference !== "auto"
      ? [preference]
      : navigator.languages && navigator.languages.length
        ? navigator.languages
        : [navigator.language || "en"];
  for (const tag of wanted) {
    const base = String(tag).slice(0, 2).toLowerCase();
    if (Object.prototype.hasOwnProperty.call(I18N, base)) return base;
  }
  return "en";
}

function stringsFor(lang) {
  return Object.assign({}, I18N.en, I18N[lang] || {});
}

function fmt(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, key) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole,
  );
}

// ---- DOM helpers ------------------------------------------------------------------------

let uidCounter = 0;
function uid(prefix) {
  uidCounter += 1;
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}-${uidCounter}`;
}

// h("a", {href, class, onclick}, child...) - attributes are set one by one, never as markup.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "style") throw new Error("inline styles are not allowed");
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  appendAll(el, children);
  return el;
}

function appendAll(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {
  thumb:
    "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06" +
    "L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22" +
    "l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
  chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
  close:
    "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  send: "M2.01 21 23 12 2.01 3 2 10l15 2-15 2z",
};

function icon(name, extraClass) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `eco-icon ${extraClass || ""}`.trim());
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

// Only absolute http(s) links, or this server's own /sources/ pages; null for anything else.
function safeHref(url, base, extraSchemes) {
  if (typeof url !== "string" || !url) return null;
  let parsed;
  try {
    parsed = new URL(url, base);
  } catch (_err) {
    return null;
  }
  const schemes = ["http:", "https:"].concat(extraSchemes || []);
  if (!schemes.includes(parsed.protocol)) return null;
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(url);
  if (absolute) return parsed.href;
  const own = new URL(base);
  if (parsed.origin === own.origin && parsed.pathname.startsWith("/sources/")) return parsed.href;
  return null;
}

// ---- the allow-listed Markdown subset ------------------------------------------------------
// Paragraphs, headings, lists, simple tables, **bold**, *emphasis*, `code`, [n] citations,
// [text](http(s) link), <http(s) autolink>. Images become their alt text and are never loaded.

const INLINE_SOURCE = [
  String.raw`(\*\*([^*\n]+?)\*\*)`, // 1, 2  bold
  String.raw`(!\[([^\]\n]*)\]\([^)\n]*\))`, // 3, 4  image -> alt text only
  String.raw`(\[([^\]\n]+)\]\(([^)\s]+)\))`, // 5, 6, 7  link
  String.raw`(\[(\d{1,3})\])`, // 8, 9  citation marker
  String.raw`(\x60([^\x60\n]+)\x60)`, // 10, 11  code
  String.raw`(<(https?:\/\/[^\s<>]+)>)`, // 12, 13  autolink
  String.raw`(\*([^*\s][^*\n]*?)\*)`, // 14, 15  emphasis
].join("|");

function renderInline(text, ctx) {
  const frag = document.createDocumentFragment();
  const re = new RegExp(INLINE_SOURCE, "g");
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m.index > last) frag.append(text.slice(last, m.index));
    if (m[1]) frag.append(h("strong", null, renderInline(m[2], ctx)));
    else if (m[3]) frag.append(m[4]);
    else if (m[5]) frag.append(link(m[6], m[7], ctx));
    else if (m[8]) frag.append(ctx.cite(Number(m[9])));
    else if (m[10]) frag.append(h("code", null, m[11]));
    else if (m[12]) frag.append(link(m[13], m[13], ctx));
    else if (m[14]) frag.append(h("em", null, renderInline(m[15], ctx)));
    last = re.lastIndex;
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}

function link(label, url, ctx) {
  const href = safeHref(url, ctx.base);
  if (!href) return document.createTextNode(label);
  return h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, label);
}

const LIST_ITEM = /^\s*(?:[-*+•]|(\d{1,3})[.)])\s+/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const TABLE_ROW = /^\s*\|/;

function renderMarkdown(markdown, ctx) {
  const frag = document.createDocumentFragment();
  const lines = String(markdown).replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i += 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1].length + 2);
      frag.append(h(`h${level}`, { class: "eco-md-h" }, renderInline(heading[2], ctx)));
      i += 1;
    } else if (TABLE_ROW.test(line)) {
      const rows = [];
      while (i < lines.length && TABLE_ROW.test(lines[i])) rows.push(lines[i++]);
      frag.append(renderTable(rows, ctx));
    } else if (LIST_ITEM.test(line)) {
      const first = LIST_ITEM.exec(line);
      const ordered = Boolean(first[1]);
      const list = h(ordered ? "ol" : "ul", {
        class: "eco-md-list",
        start: ordered && first[1] !== "1" ? first[1] : null,
      });
      while (i < lines.length) {
        const item = LIST_ITEM.exec(lines[i]);
        if (!item || Boolean(item[1]) !== ordered) break;
        list.append(h("li", null, renderInline(lines[i].slice(item[0].length), ctx)));
        i += 1;
      }
      frag.append(list);
    } else {
      const p = h("p");
      let first = true;
      while (
        i < lines.length &&
        lines[i].trim() &&
        !HEADING.test(lines[i]) &&
        !TABLE_ROW.test(lines[i]) &&
        !LIST_ITEM.test(lines[i])
      ) {
        if (!first) p.append(h("br"));
        p.append(renderInline(lines[i], ctx));
        first = false;
        i += 1;
      }
      frag.append(p);
    }
  }
  return frag;
}

function renderTable(rows, ctx) {
  const cells = (row) =>
    row.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
  const isSeparator = (row) => /^[\s|:-]+$/.test(row) && row.includes("-");
  const table = h("table", { class: "eco-md-table" });
  let body = rows;
  if (rows.length > 1 && isSeparator(rows[1])) {
    table.append(
      h("thead", null, h("tr", null, cells(rows[0]).map((c) => h("th", { scope: "col" }, renderInline(c, ctx))))),
    );
    body = rows.slice(2);
  }
  const tbody = h("tbody");
  for (const row of body) {
    if (!isSeparator(row)) tbody.append(h("tr", null, cells(row).map((c) => h("td", null, renderInline(c, ctx)))));
  }
  table.append(tbody);
  return h("div", { class: "eco-md-tablewrap" }, table);
}

// ---- HTTP ---------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, detail, retryAfter) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.detail = detail || "";
    this.retryAfter = retryAfter ? Number(retryAfter) : null;
  }
}

async function apiError(response) {
  let detail = "";
  try {
    detail = (await response.json()).detail || "";
  } catch (_err) {
    detail = "";
  }
  return new ApiError(response.status, detail, response.headers.get("retry-after"));
}

async function getJSON(url, headers) {
  const response = await fetch(url, { headers: headers || {}, credentials: "omit" });
  if (!response.ok) throw await apiError(response);
  return response.json();
}

async function postJSON(url, body, headers) {
  const response = await fetch(url, {
    method: "POST",
    headers: Object.assign({ "content-type": "application/json" }, headers || {}),
    body: JSON.stringify(body),
    credentials: "omit",
  });
  if (!response.ok) throw await apiError(response);
  return response;
}

// POST, then read Server-Sent Events from the body (EventSource cannot POST).
async function streamEvents(url, body, headers, onEvent) {
  const response = await postJSON(url, body, headers);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = blocks.pop();
    for (const block of blocks) {
      let name = "message";
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) onEvent(name, JSON.parse(data.join("\n")));
    }
  }
}

// ---- the chat UI ----------------------------------------------------------------------------

// mountChat(container, {api, mode: "page"|"panel"|"inline", chatPath, config, headers(), onClose})
// builds the whole conversation UI inside `container` (an element or a shadow root's child).
function mountChat(container, opts) {
  const cfg = opts.config || {};
  const lang = pickLanguage(cfg.language);
  const t = stringsFor(lang);
  const api = opts.api;
  const headers = opts.headers || (async () => ({}));
  const ids = { input: uid("eco-q"), style: uid("eco-style"), panelTitle: uid("eco-src") };
  let style = cfg.style === "advisor" ? "advisor" : "sme";
  let conversationId = null;
  let busy = false;
  let disabledReason = null;
  let lastOpener = null;

  const root = h("div", { class: `eco eco--${opts.mode}`, lang });
  const colours = cfg.colours || {};
  for (const [key, value] of Object.entries(colours)) {
    if (/^#[0-9a-fA-F]{3,6}$/.test(String(value))) {
      root.style.setProperty(`--eco-${key.replace(/_/g, "-")}`, value); // CSSOM, allowed by CSP
    }
  }

  // header: logo, name, style switch, close
  const logoSrc = cfg.logo ? safeHref(cfg.logo, api) || (cfg.logo.startsWith("/") ? api + cfg.logo : null) : null;
  const styleSwitch = h(
    "fieldset",
    { class: "eco-style" },
    h("legend", { class: "eco-sr" }, t.style_label),
    ["sme", "advisor"].map((value) =>
      h(
        "label",
        { class: "eco-style-option" },
        h("input", {
          type: "radio",
          name: ids.style,
          value,
          checked: value === style,
          onchange: () => {
            style = value;
          },
        }),
        h("span", null, value === "sme" ? t.style_sme : t.style_advisor),
      ),
    ),
  );
  const header = h(
    "header",
    { class: "eco-head" },
    logoSrc ? h("img", { class: "eco-logo", src: logoSrc, alt: "" }) : null,
    h(
      "div",
      { class: "eco-titles" },
      h(opts.mode === "page" ? "h1" : "h2", { class: "eco-title" }, cfg.name || t.title),
      opts.mode === "page" ? h("p", { class: "eco-tagline" }, t.tagline) : null,
    ),
    styleSwitch,
    opts.onClose
      ? h("button", { type: "button", class: "eco-icon-btn", "aria-label": t.close, onclick: () => opts.onClose() }, icon("close"))
      : null,
  );

  // intro: greeting and starter questions
  const starters = (cfg.starters && cfg.starters.length ? cfg.starters : t.starters).slice(0, 6);
  const intro = h(
    "section",
    { class: "eco-intro", "aria-label": t.starters_label },
    h("p", { class: "eco-greeting" }, cfg.greeting || t.greeting),
    h("p", { class: "eco-starters-label" }, t.starters_label),
    h(
      "ul",
      { class: "eco-starters" },
      starters.map((q) => h("li", null, h("button", { type: "button", class: "eco-starter", onclick: () => ask(q) }, q))),
    ),
  );

  const log = h("div", { class: "eco-log", role: "log", "aria-live": "polite", "aria-label": t.conversation, "aria-relevant": "additions" });
  const scroller = h("div", { class: "eco-scroll" }, intro, log);
  const status = h("p", { class: "eco-status", role: "status", "aria-live": "polite" });

  const input = h("textarea", {
    id: ids.input,
    class: "eco-input",
    rows: "2",
    maxlength: "2000",
    placeholder: t.placeholder,
    "aria-label": t.question_label,
  });
  const sendButton = h("button", { type: "submit", class: "eco-send", "aria-label": t.send }, icon("send"), h("span", { class: "eco-send-text" }, t.send));
  const form = h(
    "form",
    {
      class: "eco-form",
      onsubmit: (event) => {
        event.preventDefault();
        ask(input.value);
      },
    },
    h("label", { for: ids.input, class: "eco-sr" }, t.question_label),
    input,
    sendButton,
  );
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(input.value);
    }
  });

  const contactHref = cfg.contact_url ? safeHref(cfg.contact_url, api, ["mailto:"]) : null;
  const footer = contactHref
    ? h("p", { class: "eco-foot" }, h("a", { href: contactHref, target: "_blank", rel: "noopener noreferrer", class: "eco-contact" }, t.contact))
    : null;

  // the source panel: the cited passage in its page or section, highlighted
  const panelTitle = h("h2", { class: "eco-panel-title", id: ids.panelTitle, tabindex: "-1" });
  const panelMeta = h("p", { class: "eco-panel-meta" });
  const panelBody = h("div", { class: "eco-passage" });
  const panelLinks = h("p", { class: "eco-panel-links" });
  const panel = h(
    "aside",
    { class: "eco-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": ids.panelTitle, hidden: true },
    h(
      "div",
      { class: "eco-panel-head" },
      h("p", { class: "eco-panel-kicker" }, t.source_panel),
      h("button", { type: "button", class: "eco-icon-btn", "aria-label": t.close, onclick: () => closePanel() }, icon("close")),
    ),
    panelTitle,
    panelMeta,
    panelBody,
    panelLinks,
  );
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      closePanel();
    }
  });

  const main = h("div", { class: "eco-main" }, header, scroller, status, form, footer);
  root.append(main, panel);
  container.append(root);

  function say(text) {
    status.textContent = text;
  }

  function scrollDown() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  function sourcePage(src) {
    return `${api}/sources/${encodeURIComponent(src.doc_id)}?chunk_id=${encodeURIComponent(src.chunk_id)}#cited`;
  }

  function sourceMeta(src) {
    const parts = [];
    if (src.publisher) parts.push(src.publisher);
    if (src.page) parts.push(fmt(t.page, { n: src.page }));
    // the section path opens with the document's title, which is shown beside it already
    let section = src.section || "";
    if (src.title && section.startsWith(`${src.title} > `)) section = section.slice(src.title.length + 3);
    if (section && section !== src.title) parts.push(section);
    if (src.reviewed) parts.push(fmt(t.reviewed, { date: src.reviewed }));
    return parts.join(" · ");
  }

  function citeLink(src, label, className) {
    const a = h(
      "a",
      {
        class: className,
        href: sourcePage(src),
        target: "_blank",
        rel: "noopener",
        "aria-label": className === "eco-cite" ? fmt(t.cite_label, { n: src.number, title: src.title }) : null,
      },
      label,
    );
    a.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button === 1) return;
      event.preventDefault();
      openSource(src, a);
    });
    return a;
  }

  async function openSource(src, opener) {
    lastOpener = opener || null;
    panel.hidden = false;
    root.classList.add("eco-has-panel");
    panelTitle.textContent = src.title;
    panelMeta.textContent = sourceMeta(src);
    panelBody.replaceChildren(h("p", { class: "eco-muted" }, t.loading));
    panelLinks.replaceChildren();
    panelTitle.focus();
    let part = null;
    try {
      const url = `${api}/v1/documents/${encodeURIComponent(src.doc_id)}/part?chunk_id=${encodeURIComponent(src.chunk_id)}`;
      part = await getJSON(url, await headers());
    } catch (_err) {
      part = null; // show the cited passage alone
    }
    const text = part ? part.text : src.text;
    let range = part && part.highlight ? part.highlight : null;
    if (!range) {
      const at = text.indexOf(src.text);
      range = at >= 0 ? [at, at + src.text.length] : [0, text.length];
    }
    const mark = h("mark", { class: "eco-mark" }, text.slice(range[0], range[1]));
    panelBody.replaceChildren(text.slice(0, range[0]), mark, text.slice(range[1]));
    const original = safeHref((part && part.source_url) || src.source_url, api);
    panelLinks.replaceChildren();
    if (original) {
      panelLinks.append(h("a", { href: original, target: "_blank", rel: "noopener noreferrer nofollow", class: "eco-original" }, t.open_original));
    }
    panelLinks.append(h("a", { href: sourcePage(src), target: "_blank", rel: "noopener", class: "eco-page-link" }, t.open_page));
    mark.scrollIntoView({ block: "center" });
  }

  function closePanel() {
    panel.hidden = true;
    root.classList.remove("eco-has-panel");
    if (lastOpener && lastOpener.isConnected) lastOpener.focus();
  }

  function userMessage(question) {
    return h("div", { class: "eco-msg eco-msg--user" }, h("p", { class: "eco-who eco-sr" }, t.you), h("p", { class: "eco-bubble" }, question));
  }

  function answerMessage() {
    const body = h("div", { class: "eco-answer" }, h("p", { class: "eco-thinking" }, h("span", { class: "eco-dots", "aria-hidden": "true" }), t.thinking));
    const el = h("article", { class: "eco-msg eco-msg--bot", "aria-busy": "true" }, h("p", { class: "eco-who eco-sr" }, t.assistant), body);
    const pending = { base: api, cite: (n) => h("span", { class: "eco-cite-pending" }, `[${n}]`) };
    return {
      el,
      stream(text) {
        body.replaceChildren(renderMarkdown(text, pending));
      },
      finish(data) {
        el.setAttribute("aria-busy", "false");
        el.dataset.messageId = data.message_id == null ? "" : String(data.message_id);
        el.dataset.style = data.style;
        if (data.declined) el.classList.add("eco-msg--declined");
        const byNumber = new Map(data.sources.map((s) => [s.number, s]));
        const ctx = {
          base: api,
          cite: (n) => (byNumber.has(n) ? citeLink(byNumber.get(n), `[${n}]`, "eco-cite") : document.createTextNode(`[${n}]`)),
        };
        body.replaceChildren(renderMarkdown(data.answer, ctx));
        if (data.sources.length) el.append(sourceList(data.sources));
        if (data.style === "advisor" && !data.declined) el.append(advisorActions(data));
        if (data.message_id != null) el.append(feedbackBar(data.message_id));
      },
      fail(text) {
        el.setAttribute("aria-busy", "false");
        el.classList.add("eco-msg--error");
        body.replaceChildren(h("p", { class: "eco-notice", role: "alert" }, text));
      },
    };
  }

  function sourceList(sources) {
    return h(
      "section",
      { class: "eco-sources", "aria-label": t.sources },
      h("h3", { class: "eco-sources-title" }, t.sources),
      h(
        "ol",
        { class: "eco-source-list" },
        sources.map((src) =>
          h(
            "li",
            { class: "eco-source", value: String(src.number) },
            citeLink(src, src.title, "eco-source-title"),
            h("span", { class: "eco-source-meta" }, sourceMeta(src)),
          ),
        ),
      ),
    );
  }

  function asMarkdown(data) {
    let md = data.answer.trim();
    if (!/^#{1,6}\s+Sources\s*$/im.test(md) && data.sources.length) {
      const lines = data.sources.map((s) => {
        const url = safeHref(s.source_url, api);
        const meta = sourceMeta(s);
        return `${s.number}. **${s.title}**${meta ? `, ${meta}` : ""}${url ? `. <${url}>` : ""}`;
      });
      md += `\n\n## ${t.sources}\n\n${lines.join("\n")}`;
    }
    return `${md}\n`;
  }

  function advisorActions(data) {
    const markdown = asMarkdown(data);
    const copy = h("button", { type: "button", class: "eco-action" }, t.copy_md);
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(markdown);
        say(t.copied);
      } catch (_err) {
        say(t.copy_failed);
      }
    });
    const download = h("button", { type: "button", class: "eco-action" }, t.download);
    download.addEventListener("click", () => {
      const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
      const a = h("a", { href: url, download: "eco-advisor-draft.md", class: "eco-sr" });
      root.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
    return h("div", { class: "eco-actions" }, copy, download);
  }

  function feedbackBar(messageId) {
    let rating = null;
    const comment = h("textarea", { class: "eco-comment", rows: "2", maxlength: "2000", "aria-label": t.comment_label });
    const commentForm = h(
      "form",
      { class: "eco-comment-form", hidden: true },
      h("label", { class: "eco-comment-label" }, t.comment_label, comment),
      h("button", { type: "submit", class: "eco-action" }, t.send_feedback),
    );
    const thanks = h("p", { class: "eco-thanks", hidden: true }, t.thanks);
    const send = async (body) => {
      try {
        await postJSON(`${api}/v1/feedback`, body, await headers());
        return true;
      } catch (err) {
        say(errorText(err));
        return false;
      }
    };
    const thumb = (value, label) => {
      const button = h("button", { type: "button", class: "eco-thumb", "aria-label": label, "aria-pressed": "false" }, icon("thumb", value < 0 ? "eco-down" : ""));
      button.addEventListener("click", async () => {
        rating = value;
        for (const b of bar.querySelectorAll(".eco-thumb")) b.setAttribute("aria-pressed", String(b === button));
        if (await send({ message_id: messageId, rating: value })) {
          thanks.hidden = false;
          commentForm.hidden = false;
          say(t.thanks);
        }
      });
      return button;
    };
    commentForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = comment.value.trim();
      if (!text || rating === null) return;
      if (await send({ message_id: messageId, rating, comment: text })) {
        commentForm.hidden = true;
        say(t.thanks);
      }
    });
    const bar = h(
      "div",
      { class: "eco-feedback", role: "group", "aria-label": t.feedback_label },
      thumb(1, t.helpful),
      thumb(-1, t.not_helpful),
      thanks,
      commentForm,
    );
    return bar;
  }

  function errorText(err) {
    if (err instanceof ApiError) {
      if (err.status === 429) return fmt(t.rate_limited, { s: err.retryAfter || 60 });
      if (err.status === 403) return t.refused;
      return t.error;
    }
    return t.offline;
  }

  async function ask(raw) {
    const question = String(raw || "").trim();
    if (busy || !question || disabledReason) return;
    busy = true;
    root.classList.add("eco-busy");
    sendButton.setAttribute("aria-disabled", "true");
    input.value = "";
    intro.hidden = true;
    log.append(userMessage(question));
    const message = answerMessage();
    log.append(message.el);
    say(t.thinking);
    scrollDown();
    let text = "";
    let finished = false;
    try {
      const body = { question, style };
      if (conversationId) body.conversation_id = conversationId;
      await streamEvents(api + opts.chatPath, body, await headers(), (event, data) => {
        if (event === "start") {
          conversationId = data.conversation_id;
        } else if (event === "delta") {
          text += data.text;
          message.stream(text);
          scrollDown();
        } else if (event === "done") {
          conversationId = data.conversation_id;
          message.finish(data);
          finished = true;
          say(t.answer_ready);
        } else if (event === "error") {
          message.fail(t.error);
          finished = true;
          say("");
        }
      });
      if (!finished) {
        message.fail(t.error);
        say("");
      }
    } catch (err) {
      message.fail(errorText(err)); // the message is a role="alert": announced once
      say("");
    } finally {
      busy = false;
      root.classList.remove("eco-busy");
      sendButton.removeAttribute("aria-disabled");
      scrollDown();
    }
  }

  return {
    root,
    input,
    ask,
    // Shown instead of the conversation when the site refuses this page (origin not allowed).
    disable(text) {
      disabledReason = text;
      intro.hidden = true;
      log.append(h("p", { class: "eco-notice eco-refused", role: "alert" }, text));
      input.disabled = true;
      sendButton.disabled = true;
    },
    strings: t,
  };
}
