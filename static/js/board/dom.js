//# allFunctionsCalledOnLoad
// The board's words (its i18n blob) and the DOM helpers it shares with the other pages' scripts.
import { el, plural } from "../lib/dom.js";

export { clock, el, fill, fillInSteps, localClock, morph, place, placeKeyed, remove, syncList, syncSections, upsert } from "../lib/dom.js";

export const T = JSON.parse(document.getElementById("board-i18n").textContent);

/** "1 vote", "2 votes", "0 vote" in French: the server's ngettext forms chosen by the language's rules. */
export function count(name, n) {
  return plural(T.plurals[name], n);
}

/** A version 4 UUID; crypto.randomUUID exists only on HTTPS and localhost, a venue's plain HTTP has getRandomValues. */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A poll's results as bars with counts (phones and projector alike), or, under the minimum of answers (the server
 * sends no counts then), ``none``. Each bar's share is set through the CSSOM: the page's policy refuses style attributes.
 */
export function pollBars(poll, attrs = {}, none = null) {
  if (!poll.counts) return none;
  const most = Math.max(1, ...poll.counts);
  return el("ul", { class: "poll-bars", ...attrs }, poll.choices.map((choice, i) => {
    const bar = el("span", { class: "poll-bar" });
    bar.style.setProperty("--share", (poll.counts[i] / most).toFixed(3));
    return el("li", {}, el("span", { class: "poll-choice", text: choice }), bar,
      el("span", { class: "poll-count", text: String(poll.counts[i]) }));
  }));
}
