//# allFunctionsCalledOnLoad
// The rapporteur's tools (and an organiser's): choose contributions, make a point of them, order the points
// (drag or keyboard), hide a contribution with a reason (undoable), and a synthesis saved as a draft on its own.
import { T, count as plural, el, fill, syncList } from "./dom.js";

export function rapporteurTools(ctx) {
  const { board } = ctx;
  const selected = new Set(); // contributions chosen for the next point
  const hiding = new Set(); // contributions whose "why hide" form is open

  function decorateContribution(li, c) {
    if (c.hidden) {
      li.append(el("button", { type: "button", class: "button small", id: `show-${c.id}`, data: { action: "show", id: c.id } },
        T.show, el("span", { class: "visually-hidden", text: fill(T.the_contribution, { text: c.text.slice(0, 60) }) })));
      return;
    }
    const box = el("input", { type: "checkbox", id: `pick-${c.id}`, checked: selected.has(c.id), data: { action: "pick", id: c.id } });
    li.prepend(el("label", { class: "check", for: box.id }, box,
      el("span", { class: "visually-hidden", text: fill(T.choose_contribution, { text: c.text.slice(0, 60) }) })));
    if (hiding.has(c.id)) {
      const field = `hide-reason-${c.id}`;
      li.append(el("form", { class: "hide-form", data: { form: "hide", id: c.id } },
        el("label", { for: field, text: T.reason }),
        el("input", { id: field, name: "reason", maxlength: "300", data: { draft: field }, value: ctx.drafts.get(field) }),
        el("div", { class: "actions" },
          el("button", { type: "submit", class: "button small danger", text: T.confirm_hide }),
          el("button", { type: "button", class: "button small", id: `hide-cancel-${c.id}`, data: { action: "hide-cancel", id: c.id }, text: T.cancel }))));
    } else {
      li.append(el("button", { type: "button", class: "button small danger", id: `hide-${c.id}`, data: { action: "hide", id: c.id } },
        T.hide, el("span", { class: "visually-hidden", text: fill(T.the_contribution, { text: c.text.slice(0, 60) }) })));
    }
  }

  function pointItem(p, index, count) {
    const field = `point-text-${p.id}`;
    const draft = ctx.drafts.get(field);
    const named = (label) => [label, el("span", { class: "visually-hidden", text: fill(T.point_n, { n: index + 1 }) })];
    return el("li", { class: "point", id: `point-${p.id}`, draggable: "true", data: { key: p.id, point: p.id } },
      el("label", { for: field, class: "visually-hidden", text: fill(T.point_n, { n: index + 1 }) }),
      el("textarea", { id: field, rows: "2", maxlength: "2000", data: { draft: field }, value: draft !== null ? draft : p.text }),
      el("p", { class: "muted", text: p.contribution_ids.length ? plural("from_contributions", p.contribution_ids.length) : "" }),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "button small", id: `point-save-${p.id}`, data: { action: "point-save", id: p.id } }, ...named(T.save)),
        el("button", { type: "button", class: "button small", id: `point-up-${p.id}`, disabled: index === 0, "aria-keyshortcuts": "Alt+ArrowUp",
          data: { action: "point-up", id: p.id } }, ...named(T.up)),
        el("button", { type: "button", class: "button small", id: `point-down-${p.id}`, disabled: index === count - 1, "aria-keyshortcuts": "Alt+ArrowDown",
          data: { action: "point-down", id: p.id } }, ...named(T.down)),
        el("button", { type: "button", class: "button small danger", id: `point-delete-${p.id}`, data: { action: "point-delete", id: p.id } }, ...named(T.delete))));
  }

  function build(w) {
    const newPoint = `point-new-${w.id}`, synth = `synthesis-${w.id}`;
    const synthesis = board.syntheses.get(w.id) || { text: "", published: false };
    const kept = ctx.drafts.get(synth);
    return el("div", { class: "synthesis-tools", id: `tools-${w.id}` },
      el("h4", { text: T.points }),
      el("ol", { class: "points", id: `points-${w.id}`, data: { workshop: w.id } }),
      el("form", { class: "point-form", data: { form: "point", workshop: w.id } },
        el("label", { for: newPoint, text: T.new_point }),
        el("textarea", { id: newPoint, rows: "2", maxlength: "2000", data: { draft: newPoint }, value: ctx.drafts.get(newPoint) }),
        el("p", { class: "form-error", id: `point-error-${w.id}`, "aria-live": "polite" }),
        el("button", { type: "submit", class: "button", text: T.make_point })),
      el("h4", { text: T.synthesis }),
      el("label", { for: synth, text: T.synthesis_text }),
      el("textarea", { id: synth, rows: "6", maxlength: "20000", data: { draft: synth, autosave: w.id },
        value: kept !== null ? kept : synthesis.text }),
      el("p", { class: "muted", id: `synthesis-status-${w.id}`, "aria-live": "polite",
        text: kept !== null && kept !== synthesis.text ? T.not_saved_yet : "" }),
      el("div", { class: "actions", id: `synthesis-actions-${w.id}` }));
  }

  function sync(node, w) {
    const extras = node.querySelector(".extras");
    let tools = node.querySelector(`#tools-${w.id}`);
    if (!board.isRapporteurOf(w.id)) { if (tools) tools.remove(); return; }
    if (!tools) { tools = build(w); extras.prepend(tools); syncPoints(node, w); }
    syncSynthesis(node, w);
  }

  function syncPoints(node, w) {
    const list = w && node.querySelector(`#points-${w.id}`);
    if (!list) return;
    const points = board.pointsOf(w.id);
    syncList(list, points, (p) => p.id, (p) => pointItem(p, points.indexOf(p), points.length));
  }

  function syncSynthesis(node, w) {
    const field = node.querySelector(`#synthesis-${w.id}`);
    if (!field) return;
    const synthesis = board.syntheses.get(w.id) || { text: "", published: false };
    const draft = ctx.drafts.get(`synthesis-${w.id}`);
    if (document.activeElement !== field && draft === null) field.value = synthesis.text;
    const actions = node.querySelector(`#synthesis-actions-${w.id}`);
    const status = node.querySelector(`#synthesis-status-${w.id}`);
    if (status && !status.textContent && synthesis.text && draft === null) status.textContent = synthesis.published ? "" : T.draft_on_server;
    actions.replaceChildren(synthesis.published
      ? el("span", { class: "badge badge-published", text: T.published })
      : el("button", { type: "button", class: "button primary", id: `publish-${w.id}`, data: { action: "publish", id: w.id } }, T.publish));
  }

  return { decorateContribution, sync, syncPoints, syncSynthesis, selected, hiding };
}
