// Signing out forgets what the door kept on this phone (names, check-in codes, the kept page), but first
// says so if check-ins made offline still wait to be sent: they would be lost.
import { countQueued, forgetAll } from "./door/store.js";
import { plural } from "./lib/dom.js";

const form = document.getElementById("signout-form");
form?.addEventListener("submit", async (event) => {
  if (form.dataset.forgotten) return;
  event.preventDefault();
  const waiting = await countQueued().catch(() => 0);
  const forms = { one: form.dataset.warningOne, other: form.dataset.warningOther };
  if (waiting && !window.confirm(plural(forms, waiting))) return;
  await forgetAll().catch(() => {});
  navigator.serviceWorker?.controller?.postMessage("forget");
  form.dataset.forgotten = "1";
  form.submit();
});
