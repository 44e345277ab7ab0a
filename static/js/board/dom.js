//# allFunctionsCalledOnLoad
// The board's words (its i18n blob) and the DOM helpers it shares with the other pages' scripts.
import { plural } from "../lib/dom.js";

export { clock, el, fill, fillInSteps, localClock, morph, place, placeKeyed, remove, syncList, syncSections, upsert } from "../lib/dom.js";

export const T = JSON.parse(document.getElementById("board-i18n").textContent);

/** "1 vote", "2 votes", "0 vote" in French: the server's ngettext forms chosen by the language's rules. */
export function count(name, n) {
  return plural(T.plurals[name], n);
}
