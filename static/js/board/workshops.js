//# allFunctionsCalledOnLoad
// The workshops a person follows: a panel each (built once), its contributions keyed by id, the post form
// (never rebuilt), and the rapporteur's tools where this person consolidates it.
import { T, clock, count, el, fill as fill_, fillInSteps, localClock, morph, remove, syncList, upsert } from "./dom.js";
import { rapporteurTools } from "./rapporteur.js";

export function workshopsView(ctx) {
  const box = document.getElementById("workshops");
  const { board } = ctx;
  const tools = rapporteurTools(ctx);
  const empty = el("p", { id: "no-workshop" });

  function followed() {
    const order = new Map(board.slots.map((s, i) => [s.id, i]));
    return [...board.workshops.values()].filter((w) => board.followed(w.id))
      .sort((a, b) => ((order.get(a.slot_id) ?? -1) - (order.get(b.slot_id) ?? -1)) || a.id - b.id);
  }

  function contribution(c) {
    const consolidate = board.isRapporteurOf(c.workshop_id);
    const point = c.point_id ? board.points.get(c.point_id) : null;
    const pointLink = point && el("a", { class: "feeds", href: `#${consolidate ? "point" : "point-view"}-${point.id}`,
      text: fill_(T.feeds_point, { n: point.position }) });
    const li = el("li", { class: `contribution${c.hidden ? " hidden-contribution" : ""}`, id: `contribution-${c.id}`, data: { key: c.id } },
      el("p", { class: "pre", text: c.text }),
      el("p", { class: "muted" }, c.author || T.anonymous, c.created_at ? ` · ${localClock(c.created_at)}` : "",
        point ? " · " : null, pointLink,
        c.hidden ? el("span", { class: "badge", text: ` · ${T.hidden}` }) : null));
    if (consolidate) tools.decorateContribution(li, c);
    return li;
  }

  /** The workshop's title and where it is (the summary of an organiser's panel). */
  function header(w, tag = "div") {
    const slot = board.slotById.get(w.slot_id), space = board.spaceById.get(w.space_id);
    const item = w.programme_item_id && board.items.get(w.programme_item_id); // the record of a round table…
    const where = item ? `${T.kinds[item.kind] || ""} · ${clock(item.starts_at)}`
      : [space && space.name, slot && `${slot.label} · ${clock(slot.starts_at)}`].filter(Boolean).join(" · ");
    const role = board.me.rapporteur_of.includes(w.id) ? el("span", { class: "badge badge-published", text: T.you_report }) : null;
    const people = board.isOrganiser ? ` · ${count("people", w.members)}` : "";
    return el(tag, { class: "workshop-head", data: { part: "head" } }, el("h3", { text: w.title }),
      el("span", { class: "muted where" }, where, people, " ", role));
  }

  /** The panel's body: contributions, the post form (built once), the rapporteur's and organiser's tools. */
  function fill(node, w) {
    const field = `post-${w.id}`;
    const text = el("textarea", { id: field, name: "text", maxlength: "2000", rows: "3", data: { draft: field }, value: ctx.drafts.get(field) });
    node.querySelector(".workshop-body").append(
      el("h4", { text: T.contributions }),
      el("ul", { class: "contributions", id: `contributions-${w.id}` }),
      el("ul", { class: "contributions pending-list", id: `pending-${w.id}`, "aria-live": "polite" }),
      el("div", { class: "points-view", id: `points-view-box-${w.id}` }),
      el("form", { class: "post writes", data: { form: "post", workshop: w.id }, novalidate: true },
        el("label", { for: field, text: T.contribution }), text,
        el("p", { class: "form-error", id: `post-error-${w.id}`, "aria-live": "polite" }),
        el("button", { type: "submit", class: "button primary" }, T.post,
          el("span", { class: "visually-hidden", text: fill_(T.in_workshop, { title: w.title }) }))),
      el("div", { class: "extras", id: `extras-${w.id}` }));
    node.dataset.built = "yes";
    // a participant's own workshop is on the first screen: drawn whole at once, so that nothing below it moves
    // (an organiser's panels are drawn when opened, a long list in steps)
    fillInSteps(node.querySelector("ul.contributions"), () => board.contributionsOf(w.id), (c) => c.id, contribution,
      { first: board.isOrganiser ? 12 : 400 });
    tools.sync(node, w);
    tools.syncPoints(node, w);
    pointsView(node, w);
    drawPending(w.id, node);
    if (ctx.extras) ctx.extras(node, w);
  }

  /** A member's view of the workshop's synthesis points (the rapporteur edits them in the tools instead). */
  function pointsView(node, w) {
    const box = node.querySelector(`#points-view-box-${w.id}`);
    if (!box) return;
    const points = board.pointsOf(w.id);
    if (board.isRapporteurOf(w.id) || !points.length) { box.replaceChildren(); return; }
    morph(box, el("div", { class: "points-view", id: box.id }, el("h4", { text: T.points }),
      el("ol", { class: "points-read" }, points.map((p) => el("li", { id: `point-view-${p.id}`, class: "pre", text: p.text })))));
  }

  /** Contributions sent but not yet acknowledged (offline, or on their way): shown at once, marked, until
   *  the real one is on the board: then the waiting copy goes (one element, never two, never none). */
  function drawPending(wid, node = document.getElementById(`workshop-${wid}`)) {
    const list = node && node.querySelector(`#pending-${wid}`);
    if (!list || !ctx.pending) return;
    const waiting = ctx.pending().filter((item) => item.event === "contribution.post" && item.data.workshop_id === wid
      && !board.posted.has(item.data.client_id));
    syncList(list, waiting, (item) => item.data.client_id, (item) => el("li", {
      class: "contribution pending", id: `pending-contribution-${item.data.client_id}`, data: { key: item.data.client_id } },
    el("p", { class: "pre", text: item.data.text }),
    el("p", { class: "muted" }, board.me.name || T.anonymous, " · ", el("strong", { class: "pending-mark", text: T.waiting }))));
  }

  // Organisers see every workshop: each is a closed panel whose body is built when first opened.
  function panel(w) {
    let node = document.getElementById(`workshop-${w.id}`);
    const lazy = board.isOrganiser;
    if (!node) {
      node = lazy
        ? el("details", { class: "workshop card", id: `workshop-${w.id}`, data: { key: w.id, workshop: w.id } },
          header(w, "summary"), el("div", { class: "workshop-body" }))
        : el("section", { class: "workshop card", id: `workshop-${w.id}`, data: { key: w.id } }, header(w), el("div", { class: "workshop-body" }));
      if (!lazy) fill(node, w);
    } else {
      const head = node.querySelector("[data-part=head]");
      morph(head, header(w, head.tagName.toLowerCase()));
      if (node.dataset.built) { tools.sync(node, w); if (ctx.extras) ctx.extras(node, w); }
    }
    return node;
  }

  box.addEventListener("toggle", (e) => {
    const node = e.target;
    if (node.matches && node.matches("details.workshop") && node.open && !node.dataset.built) {
      fill(node, board.workshops.get(Number(node.dataset.workshop)));
    }
  }, true);

  function render() {
    const list = followed();
    const keep = new Set(list.map((w) => String(w.id)));
    for (const node of [...box.children]) if (node.dataset.key && !keep.has(node.dataset.key)) node.remove();
    let ref = box.firstElementChild;
    for (const w of list) {
      const node = panel(w);
      if (node !== ref) box.insertBefore(node, ref);
      ref = node.nextElementSibling;
      if (!node.dataset.built) continue;
      syncList(node.querySelector("ul.contributions"), board.contributionsOf(w.id), (c) => c.id, contribution);
      tools.syncPoints(node, w);
      pointsView(node, w);
      drawPending(w.id, node);
    }
    if (!list.length) {
      empty.textContent = board.isOrganiser ? T.no_workshop_organiser : T.no_workshop;  // the organiser's own words
      box.append(empty);
    } else empty.remove();
  }

  function updateContribution(what) {
    const list = document.getElementById(`contributions-${what.workshop_id}`);
    if (!list) return;
    const c = board.contributions.get(what.id);
    if (!c) { remove(list, what.id); return; }
    const last = list.lastElementChild;
    const newest = !last || Number(last.dataset.key) < c.id; // a new post: at the end, no need to sort them all
    upsert(list, c.id, contribution(c), newest ? null : board.contributionsOf(what.workshop_id).map((x) => String(x.id)));
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
        case "contribution": updateContribution(what); drawPending(what.workshop_id); break;
        case "workshop": case "workshop.deleted": updateWorkshop(what); break;
        case "point": {
          const node = document.getElementById(`workshop-${what.workshop_id}`);
          if (!node || !node.dataset.built) break;
          tools.syncPoints(node, board.workshops.get(what.workshop_id));
          pointsView(node, board.workshops.get(what.workshop_id));
          syncList(node.querySelector("ul.contributions"), board.contributionsOf(what.workshop_id), (c) => c.id, contribution);
          break;
        }
        case "synthesis": {
          const node = document.getElementById(`workshop-${what.id}`);
          if (node && node.dataset.built) tools.syncSynthesis(node, board.workshops.get(what.id));
          break;
        }
        case "setup": render(); break;
      }
    },
    drawPending,
    refreshContributions(wid) {
      const list = document.getElementById(`contributions-${wid}`);
      if (list) syncList(list, board.contributionsOf(wid), (c) => c.id, contribution);
    },
  };
}
