//# allFunctionsCalledOnLoad
// Polite announcements for screen readers (aria-live), and the short visible notice line: never moves focus.
const region = document.getElementById("announce");
const notice = document.getElementById("notice");
let clearTimer = null;

/** Say ``text`` politely; ``visible`` also shows it in the notice line (with an optional action button). */
export function announce(text, { visible = false, action = null } = {}) {
  region.textContent = "";
  requestAnimationFrame(() => { region.textContent = text; });
  if (!visible) return;
  notice.replaceChildren(document.createTextNode(text));
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button small";
    button.textContent = action.label;
    button.addEventListener("click", () => { action.run(); notice.replaceChildren(); });
    notice.append(" ", button);
  }
  notice.hidden = false;
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => { if (!notice.contains(document.activeElement)) { notice.replaceChildren(); notice.hidden = true; } }, 12000);
}
