//# allFunctionsCalledOnLoad
// Drafts: what a person types in a board's text field is kept on the device (per event, person and
// field) until the server has acknowledged it, so a change, a lost connection or a reload never wipes it.
export function drafts(prefix) {
  const key = (field) => `forum-draft:${prefix}:${field}`;
  return {
    get: (field) => localStorage.getItem(key(field)),
    set(field, text) {
      if (text) localStorage.setItem(key(field), text);
      else localStorage.removeItem(key(field));
    },
    clear: (field) => localStorage.removeItem(key(field)),
    /** Give a field its draft back, and keep every keystroke. */
    bind(input, field) {
      input.dataset.draft = field;
      const kept = localStorage.getItem(key(field));
      if (kept !== null && !input.value) input.value = kept;
      input.addEventListener("input", () => this.set(field, input.value));
    },
  };
}
