// The workshops a person follows: a panel each (built once), its contributions keyed by id, the post form
// (never rebuilt), and the rapporteur's tools where this person consolidates it.
import { T, clock, el, fill, remove, syncList, upsert } from "./dom.js";
import { rapporteurTools } from "./rapporteur.js";

export function workshopsView(ctx) {
  const box = document.getElementById("workshops");
  const { board } = ctx;
  const tools = rapporteurTools(ctx);
  const empty = el("p", { id: "no-workshop", text: T.no_workshop });

  function followed() {
    const order = new Map(board.slots.map((s, i) => [s.id, i]));
    return [...board.workshops.values()].filter((w) => board.followed(w.id))
      .sort((a, b) => (order.get(a.slot_id) - order.get(b.slot_id)) || a.id - b.id);
  }

  function contribution(c) {
    const consolidate = board.isRapporteurOf(c.workshop_id);
    const point = c.point_id ? board.points.get(c.point_id) : null;
    const li = el("li", { class: `contribution${c.hidden ? " hidden-contribution" : ""}`, id: `contribution-${c.id}`, data: { key: c.id } },
      el("p", { class: "pre", text: c.text }),
      el("p", { class: "muted" }, c.author || T.anonymous, c.created_at ? ` · ${clock(localIso(c.created_at))}` : "",
        point ? el("span", { class: "feeds", text: ` · ${fill(T.feeds_point, { n: point.position })}` }) : null,
        c.hidden ? el("span", { class: "badge", text: ` · ${T.hidden}` }) : null));
    if (consolidate) tools.decorateContribution(li, c);
    return li;
  }

  function header(w) {
    const slot = board.slotById.get(w.slot_id), space = board.spaceById.get(w.space_id);
    const where = [space && space.name, slot && `${slot.label} · ${clock(slot.starts_at)}`].filter(Boolean).join(" · ");
    const role = board.me.rapporteur_of.includes(w.id) ? el("span", { class: "badge badge-published", text: T.you_report }) : null;
    return el("div", { class: "workshop-head", data: { part: "head" } }, el("h3", { text: w.title }), el("p", { class: "muted" }, where, " ", role));
  }

  function panel(w) {
    let node = document.getElementById(`workshop-${w.id}`);
    if (!node) {
      const field = `post-${w.id}`;
      const text = el("textarea", { id: field, name: "text", maxlength: "2000", rows: "3", data: { draft: field }, value: ctx.drafts.get(field) });
      node = el("section", { class: "workshop card", id: `workshop-${w.id}`, data: { key: w.id } },
        header(w),
        el("h4", { text: T.contributions }),
        el("ul", { class: "contributions", id: `contributions-${w.id}` }),
        el("form", { class: "post writes", data: { form: "post", workshop: w.id }, novalidate: true },
          el("label", { for: field, text: T.contribution }), text,
          el("p", { class: "form-error", id: `post-error-${w.id}`, "aria-live": "polite" }),
          el("button", { type: "submit", class: "button primary" }, T.post,
            el("span", { class: "visually-hidden", text: fill(T.in_workshop, { title: w.title }) }))),
        el("div", { class: "extras", id: `extras-${w.id}` }));
      syncList(node.querySelector("ul.contributions"), board.contributionsOf(w.id), (c) => c.id, contribution);
    } else {
      node.querySelector("[data-part=head]").replaceWith(header(w));
    }
    tools.sync(node, w);
    ctx.extras && ctx.extras(node, w);
    return node;
  }

  function render() {
    const list = followed();
    const keep = new Set(list.map((w) => String(w.id)));
    for (const node of [...box.children]) if (node.dataset.key && !keep.has(node.dataset.key)) node.remove();
    let ref = box.firstElementChild;
    for (const w of list) {
      const node = panel(w);
      if (node !== ref) box.insertBefore(node, ref);
      ref = node.nextElementSibling;
      syncList(node.querySelector("ul.contributions"), board.contributionsOf(w.id), (c) => c.id, contribution);
      tools.syncPoints(node, w);
    }
    if (!list.length) box.append(empty); else empty.remove();
  }

  function updateContribution(what) {
    const list = document.getElementById(`contributions-${what.workshop_id}`);
    if (!list) return;
    const c = board.contributions.get(what.id);
    if (c) upsert(list, c.id, contribution(c), board.contributionsOf(what.workshop_id).map((x) => String(x.id)));
    else remove(list, what.id);
  }

  function updateWorkshop(what) {
    const w = board.workshops.get(what.id);
    const node = document.getElementById(`workshop-${what.id}`);
    if (!w || !board.followed(w.id)) { if (node) render(); return; }
    if (!node || what.rapporteur) { render(); return; }
    panel(w);
  }

  return {
    render,
    tools,
    update(what) {
      switch (what.kind) {
        case "contribution": updateContribution(what); break;
        case "workshop": case "workshop.deleted": updateWorkshop(what); break;
        case "point": {
          const node = document.getElementById(`workshop-${what.workshop_id}`);
          if (!node) break;
          tools.syncPoints(node, board.workshops.get(what.workshop_id));
          syncList(node.querySelector("ul.contributions"), board.contributionsOf(what.workshop_id), (c) => c.id, contribution);
          break;
        }
        case "synthesis": {
          const node = document.getElementById(`workshop-${what.id}`);
          if (node) tools.syncSynthesis(node, board.workshops.get(what.id));
          break;
        }
        case "setup": render(); break;
      }
    },
    refreshContributions(wid) {
      const list = document.getElementById(`contributions-${wid}`);
      if (list) syncList(list, board.contributionsOf(wid), (c) => c.id, contribution);
    },
  };
}

/** created_at is UTC; the clock shows the device's local time (the room's). */
function localIso(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `0000-00-00T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
