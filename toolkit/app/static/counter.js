// Live length counters for the caption editors, counted by each platform's own rules.
//
// A port of toolkit/textlen.py (twitter-text v3 weights, Threads emoji bytes, UTF-16 units,
// graphemes, Mastodon links and mentions). Python stays authoritative: every committed edit is
// counted again on the server. tests/app/test_app_browser.py checks this port against textlen.py on
// tricky strings. Loaded once per page; counters are found through data attributes, so the
// script never holds any caption text.
(() => {
  if (window.toolkitCount) return;

  // Python's Unicode \w, which the URL and mention patterns of textlen.py use.
  // "(?<" + "!" spells a negative lookbehind: Streamlit's HTML sanitiser (DOMPurify) drops a
  // script whose text has a "<" right before "!", "/" or a letter, so this file never does.
  const NOT_AFTER = "(?<" + "!";
  const W = String.raw`\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200c\u200d`;
  const URL_CHARS = String.raw`[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]`;
  const TLDS = "com|net|org|io|co|ai|app|dev|me|info|biz|ly|gl|sa|ae|eg|uk|us|de|fr|ma|qa|kw|jo|tv|news|blog|shop|store";
  // With a scheme the host may be an internationalised domain (https://مثال.السعودية is one URL);
  // the path stays ASCII, as in textlen.URL_RE.
  const LABEL = String.raw`[\p{L}\p{M}\p{N}\-]+`;
  const URL_RE = new RegExp(
    String.raw`(?:https?://(?:${LABEL}\.)*${LABEL}(?::[0-9]+)?(?:[/?#]${URL_CHARS}*)?|` +
      String.raw`${NOT_AFTER}[${W}@.])(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*` +
      String.raw`\.(?:${TLDS})(?:/${URL_CHARS}*)?)${NOT_AFTER}[.,;:!?'")\]])`,
    "giu",
  );
  const MENTION_RE = new RegExp(String.raw`${NOT_AFTER}[${W}@])(@[${W}]+)@[${W}.\-]+\.[${W}]+`, "gu");
  const HEAVY = /[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]/u;
  const INVALID_FOR_X = ["\ufffe", "\ufeff", "\uffff"]; // X refuses these whatever the length (textlen.measure)
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const graphemes = (text) => Array.from(segmenter.segment(text), (s) => s.segment);
  const codePoints = (text) => Array.from(text).length;

  function isEmoji(g) {
    const first = String.fromCodePoint(g.codePointAt(0));
    if (g.includes("\u20e3")) return true;
    if (/\p{Regional_Indicator}/u.test(first)) return codePoints(g) >= 2;
    if (/\p{Emoji_Presentation}/u.test(first)) return true;
    if (/\p{Extended_Pictographic}/u.test(first)) {
      return g.includes("\ufe0f") || g.includes("\u200d") || (codePoints(g) > 1 && /\p{Emoji_Modifier}/u.test(g));
    }
    return false;
  }

  function weighted(text) {
    if (!HEAVY.test(text)) return codePoints(text);
    let total = 0;
    for (const g of graphemes(text)) {
      if (isEmoji(g)) total += 2;
      else for (const c of g) total += HEAVY.test(c) ? 2 : 1;
    }
    return total;
  }

  function withUrls(text, urlWeight, measureText, schemeOnly) {
    let total = 0;
    let pos = 0;
    for (const m of text.matchAll(URL_RE)) {
      if (schemeOnly && !/^https?:\/\//i.test(m[0])) continue;
      total += measureText(text.slice(pos, m.index)) + urlWeight;
      pos = m.index + m[0].length;
    }
    return total + measureText(text.slice(pos));
  }

  const utf8 = new TextEncoder();
  const COUNTERS = {
    x_weighted: (t, w) => withUrls(t.normalize("NFC"), w, weighted, false),
    threads_chars: (t) => graphemes(t).reduce((n, g) => n + (isEmoji(g) ? utf8.encode(g).length : codePoints(g)), 0),
    utf16: (t) => t.length,
    graphemes: (t) => graphemes(t).length,
    mastodon: (t, w) => withUrls(t.replace(MENTION_RE, "$1"), w, codePoints, true),
    chars: (t) => codePoints(t),
  };

  window.toolkitCount = (text, unit, limit, urlWeight) => (COUNTERS[unit] || COUNTERS.chars)(text, urlWeight || 23);

  // The character that makes the platform refuse the text ("U+FEFF"), or "": textlen.measure's problem.
  window.toolkitProblem = (text, unit) => {
    const bad = unit === "x_weighted" ? INVALID_FOR_X.find((c) => text.includes(c)) : undefined;
    return bad ? "U+" + bad.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") : "";
  };

  function update(counter, text) {
    const limit = Number(counter.dataset.limit);
    const n = window.toolkitCount(text, counter.dataset.unit, limit, Number(counter.dataset.urlWeight));
    const bad = window.toolkitProblem(text, counter.dataset.unit);
    counter.querySelector(".tk-count").textContent = n.toLocaleString("en-US");
    counter.classList.toggle("tk-over", n > limit || bad !== "");
    const problem = counter.querySelector(".tk-problem");
    if (problem) {
      // The sentence comes translated in data-problem, with {char} where the character's code goes.
      problem.textContent = bad ? (counter.dataset.problem || "{char}").replace("{char}", "\u2066" + bad + "\u2069") : "";
      problem.hidden = !bad;
    }
  }

  function editorKey(textarea) {
    const host = textarea.closest('[class*="st-key-ed-"], [class*="st-key-ti-"]');
    const cls = host && Array.from(host.classList).find((c) => c.startsWith("st-key-ed-") || c.startsWith("st-key-ti-"));
    return cls ? cls.slice("st-key-".length) : null;
  }

  document.addEventListener("input", (event) => {
    const el = event.target;
    if (el.tagName !== "TEXTAREA" && el.tagName !== "INPUT") return;
    const key = editorKey(el);
    if (!key) return;
    document.querySelectorAll(`.tk-counter[data-editor="${key}"]`).forEach((c) => update(c, el.value));
  }, true);

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const scratch = document.createElement("textarea");
    scratch.value = text;
    document.body.appendChild(scratch);
    scratch.select();
    document.execCommand("copy");
    scratch.remove();
    return Promise.resolve();
  }

  // "Copy" copies what the editor holds now (edits included), else the text the button carries;
  // the button then says so for two seconds (its label comes translated in data-done).
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".tk-copy");
    if (!button) return;
    const key = button.dataset.editor;
    const editor = key ? document.querySelector(`.st-key-${key} textarea, .st-key-${key} input`) : null;
    const text = editor ? editor.value : (button.dataset.copy || "");
    copyText(text).then(() => {
      if (!button.dataset.label) button.dataset.label = button.textContent;
      button.textContent = button.dataset.done || "✓";
      button.classList.add("tk-copied");
      clearTimeout(button.tkTimer);
      button.tkTimer = setTimeout(() => {
        button.classList.remove("tk-copied");
        button.textContent = button.dataset.label;
      }, 2000);
    });
  });
})();
