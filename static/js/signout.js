// Signing out forgets what the door kept on this phone (names, check-in codes, the kept page), but first
// says so if check-ins made offline still wait to be sent: they would be lost.
// (the door's store is loaded when someone signs out: the other pages do not carry it)
import { plural } from "./lib/dom.js";

const form = document.getElementById("signout-form");
form?.addEventListener("submit", async (event) => {
  if (form.dataset.forgotten) return;
  event.preventDefault();
  const store = await import("./door/store.js").catch(() => null);
  const waiting = store ? await store.countQueued().catch(() => 0) : 0;
  const forms = { one: form.dataset.warningOne, other: form.dataset.warningOther };
  if (waiting && !window.confirm(plural(forms, waiting))) return;
  if (store) await store.forgetAll().catch(() => {});
  for (const key of Object.keys(localStorage)) if (key.startsWith("forum-door-draft:")) localStorage.removeItem(key); // walk-ins being typed
  navigator.serviceWorker?.controller?.postMessage("forget");
  form.dataset.forgotten = "1";
  form.submit();
});
