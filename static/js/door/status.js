// The door's status line: online or not, how fresh the list on this phone is, how many actions wait to be
// sent. Said at every moment, in one place, so that a volunteer knows what the phone holds.
import { el, localClock, plural } from "../lib/dom.js";

export function drawStatus(box, { online, signedOut, listAt, pending }, T) {
  const parts = [
    el("span", { class: `conn ${online && !signedOut ? "ok" : "off"}`, text: signedOut ? T.signed_out : online ? T.online : T.offline }),
    el("span", { class: "list-at", text: listAt ? T.list_at.replace("%(time)s", localClock(listAt)) : T.list_none }),
    el("strong", { class: `pending${pending ? " waiting" : ""}`, id: "door-pending", text: plural(T.plurals.pending, pending) }),
  ];
  box.replaceChildren(...parts);
}
