// The restitution on a participant's phone: in the Restitution phase (and once the board is closed), every
// workshop's synthesis points and published synthesis, the person's own workshops first, then the others
// in the grid's order. Read-only; one keyed article per workshop, morphed when its points or synthesis change.
import { T, clock, el, morph } from "./dom.js";
import { reported } from "./slides.js";

export function restitutionView(ctx) {
  const { board } = ctx;
  const panel = document.getElementById("restitution-panel");
  const box = document.getElementById("restitution");
  if (!panel) return null;

  const shownNow = () => board.phase === "restitution" || board.phase === "closed";

  function article(w) {
    const points = board.pointsOf(w.id);
    const synthesis = board.syntheses.get(w.id);
    const space = board.spaceById.get(w.space_id), slot = board.slotById.get(w.slot_id);
    return el("article", { class: "card restitution-workshop", id: `restitution-${w.id}`, data: { key: w.id } },
      el("h4", { text: w.title }),
      el("p", { class: "muted", text: [space && space.name, slot && `${slot.label} · ${clock(slot.starts_at)}`].filter(Boolean).join(" · ") }),
      el("h5", { text: T.points }),
      points.length ? el("ol", { class: "restitution-points" }, points.map((p) => el("li", { id: `restitution-point-${p.id}`, class: "pre", text: p.text })))
        : el("p", { class: "muted", text: T.no_points_yet }),
      el("h5", { text: T.synthesis }),
      synthesis?.published ? el("p", { class: "pre", text: synthesis.text }) : el("p", { class: "muted", text: T.synthesis_not_published }));
  }

  function render() {
    panel.hidden = !shownNow();
    if (panel.hidden) return;
    const all = reported(board);
    const mine = all.filter((w) => board.isIn(w.id) || board.me.rapporteur_of.includes(w.id));
    const others = all.filter((w) => !mine.includes(w));
    const fresh = el("div", { id: box.id },
      all.length ? null : el("p", { class: "muted", text: T.no_synthesis_yet }),
      mine.length ? el("h3", { text: T.your_workshops }) : null, mine.map(article),
      mine.length && others.length ? el("h3", { text: T.other_workshops }) : null, others.map(article));
    morph(box, fresh);
  }

  return {
    render,
    update(what) {
      if (["phase", "point", "synthesis", "workshop", "workshop.deleted", "setup"].includes(what.kind)) render();
    },
  };
}
