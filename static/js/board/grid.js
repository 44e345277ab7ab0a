//# allFunctionsCalledOnLoad
// The marketplace grid: a section per time slot, a cell per room; a cell is rebuilt alone when its workshop changes.
import { T, clock, count, el, fill, syncList, syncSections, upsert } from "./dom.js";

export function gridView(ctx) {
  const box = document.getElementById("grid");
  const { board, mode } = ctx;

  function seats(w) {
    const left = Math.max(w.capacity - w.members, 0);
    return `${count("people", w.members)} · ${count("seats_left", left)}`;
  }

  function cell(slot, space) {
    const w = board.cellOf(slot.id, space.id);
    const key = `${slot.id}:${space.id}`;
    if (!w) {
      const li = el("li", { class: "cell empty", id: `cell-${slot.id}-${space.id}`, data: { key, slot: slot.id, space: space.id } },
        el("p", { class: "cell-room", text: space.name }),
        el("p", { class: "muted", text: mode === "organiser" ? T.drop_here : T.empty_cell }));
      if (mode === "organiser") {
        const field = `new-workshop-${slot.id}-${space.id}`;
        const input = el("input", { id: field, name: "title", maxlength: "200", autocomplete: "off",
          "aria-label": fill(T.create_in, { slot: slot.label, room: space.name }), placeholder: T.create_workshop,
          data: { draft: field }, value: ctx.drafts.get(field) });
        li.append(el("form", { class: "inline-create", data: { form: "create-workshop", slot: slot.id, space: space.id } },
          input, el("button", { type: "submit", class: "button small" }, T.save,
            el("span", { class: "visually-hidden", text: ` ${fill(T.create_in, { slot: slot.label, room: space.name })}` }))));
      }
      return li;
    }
    const mine = board.isIn(w.id);
    const left = w.capacity - w.members;
    const li = el("li", { class: `cell${mine ? " mine" : ""}`, id: `cell-${slot.id}-${space.id}`, data: { key, workshop: w.id } },
      el("p", { class: "cell-room", text: space.name }),
      el("p", { class: "cell-title", text: w.title }),
      el("p", { class: "cell-seats", text: seats(w) }));
    if (mode === "participant") {
      const named = el("span", { class: "visually-hidden", text: fill(T.the_workshop, { title: w.title }) });
      if (mine) {
        li.append(el("p", { class: "here", text: T.joined }),
          el("button", { type: "button", class: "button small", id: `join-${w.id}`, data: { action: "leave", id: w.id } }, T.leave, " ", named));
      } else {
        li.append(el("button", { type: "button", class: "button small primary", id: `join-${w.id}`, disabled: left <= 0,
          data: { action: "join", id: w.id } }, left <= 0 ? T.full : T.join, " ", named));
      }
    }
    return li;
  }

  function slotSection(slot) {
    let node = box.querySelector(`:scope > [data-key="${slot.id}"]`);
    if (!node) node = el("section", { class: "slot", data: { key: slot.id } }, el("h3", {}), el("ul", { class: "cells", id: `cells-${slot.id}` }));
    node.querySelector("h3").textContent = `${slot.label} · ${clock(slot.starts_at)} – ${clock(slot.ends_at)}`;
    return node;
  }

  function render() {
    syncSections(box, board.slots, slotSection, (slot, node) =>
      syncList(node.querySelector("ul.cells"), board.spaces, (space) => `${slot.id}:${space.id}`, (space) => cell(slot, space)));
  }

  function updateCell(slotId, spaceId) {
    const slot = board.slotById.get(slotId), space = board.spaceById.get(spaceId);
    const list = document.getElementById(`cells-${slotId}`);
    if (!slot || !space || !list) return;
    upsert(list, `${slotId}:${spaceId}`, cell(slot, space), board.spaces.map((s) => `${slotId}:${s.id}`));
  }

  /** The cells of one slot (joining moves me within a slot: the law of two feet). */
  function updateSlot(slotId) {
    for (const space of board.spaces) updateCell(slotId, space.id);
  }

  return {
    render,
    updateSlot,
    update(what) {
      if (what.kind === "setup") { render(); return; }
      if (!["workshop", "members", "workshop.deleted"].includes(what.kind)) return;
      const w = board.workshops.get(what.id);
      if (what.before) updateCell(what.before.slot_id, what.before.space_id);
      if (w) updateCell(w.slot_id, w.space_id);
    },
  };
}
