// The board's one modal dialog (organisers choose where a topic goes, whom to name, why to hide): a title, the
// fields, OK and Cancel. Cancel, Escape and OK give the focus back to the button that opened it (or ``after()``).
import { T, el } from "./dom.js";

export function openDialog(dialog, { title, body, okLabel, ok, opener, okDisabled = false, className = null, after = null }) {
  dialog.replaceChildren(el("form", { method: "dialog", class: className },
    el("h2", { id: "topic-dialog-title", text: title }), ...body,
    el("div", { class: "actions" },
      el("button", { type: "button", class: "button primary", id: "topic-dialog-ok", disabled: okDisabled, text: okLabel }),
      el("button", { type: "button", class: "button", id: "topic-dialog-cancel", text: T.cancel }))));
  const back = () => {
    const target = after ? after() : opener;
    if (target && target.isConnected) target.focus();
  };
  const close = () => { dialog.close(); back(); };
  dialog.querySelector("#topic-dialog-cancel").addEventListener("click", close);
  dialog.querySelector("#topic-dialog-ok").addEventListener("click", () => { ok(); close(); });
  dialog.showModal();
}
