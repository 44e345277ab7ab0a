// Guiding questions and their topics: one card per topic, keyed by id; the proposal forms are built once.
import { T, count, el, fill, remove, syncList, syncSections, upsert } from "./dom.js";

export function topicsView(ctx) {
  const box = document.getElementById("questions");
  const { board, mode } = ctx;

  function card(t) {
    const li = el("li", { class: `topic status-${t.status}`, id: `topic-${t.id}`, data: { key: t.id } },
      el("p", { class: "topic-title", text: t.title }),
      t.description ? el("p", { class: "topic-desc", text: t.description }) : null,
      el("p", { class: "votes", text: count("votes", t.votes) }));
    if (mode === "participant" && t.status === "proposed") {
      const label = t.voted_by_me ? T.unvote : T.vote;
      li.append(el("button", { type: "button", class: "button small", id: `vote-${t.id}`, "aria-pressed": String(t.voted_by_me),
        "aria-label": `${label} ${fill(T.for_topic, { title: t.title })}`, data: { action: "vote", id: t.id }, text: label }));
    }
    if (mode === "organiser" && t.status === "proposed") {
      li.draggable = true;
      li.dataset.topic = t.id;
      const named = fill(T.for_topic, { title: t.title });
      const button = (action, label, extra = "") => el("button", { type: "button", class: `button small${extra}`, id: `${action}-${t.id}`,
        "aria-label": `${label} ${named}`, data: { action, id: t.id }, text: label });
      li.append(el("div", { class: "actions" }, button("merge", T.merge), button("place", T.place), button("withdraw", T.withdraw, " danger")));
    }
    return li;
  }

  function proposeForm(q) {
    const title = el("input", { id: `propose-title-${q.id}`, name: "title", maxlength: "120", minlength: "3", required: true,
      autocomplete: "off", data: { draft: `propose-title-${q.id}` }, value: ctx.drafts.get(`propose-title-${q.id}`) });
    const desc = el("textarea", { id: `propose-desc-${q.id}`, name: "description", maxlength: "1000", rows: "2",
      data: { draft: `propose-desc-${q.id}` }, value: ctx.drafts.get(`propose-desc-${q.id}`) });
    const form = el("form", { class: "propose", data: { form: "propose", question: q.id }, novalidate: true },
      el("label", { for: title.id, text: T.title }), title,
      el("label", { for: desc.id, text: T.description }), desc,
      el("p", { class: "form-error", id: `propose-error-${q.id}`, "aria-live": "polite" }),
      el("button", { type: "submit", class: "button primary", text: T.send }));
    const details = el("details", { class: "propose-box writes", id: `propose-box-${q.id}` },
      el("summary", { class: "button", text: T.propose }), form);
    if (title.value) details.open = true;
    return details;
  }

  function section(q) {
    let node = box.querySelector(`:scope > [data-key="${q.id}"]`);
    if (!node) {
      node = el("section", { class: "question", data: { key: q.id } }, el("h3", {}), el("ul", { class: "topics", id: `topics-${q.id}` }),
        mode !== "screen" ? proposeForm(q) : null);
    }
    node.querySelector("h3").textContent = `${q.position}. ${q.text}`;
    return node;
  }

  function render() {
    syncSections(box, board.questions, section, (q, node) =>
      syncList(node.querySelector("ul.topics"), board.liveTopics(q.id), (t) => t.id, card));
  }

  function updateTopic(id, before) {
    const t = board.topics.get(id);
    for (const qid of new Set([before && before.question_id, t.question_id])) {
      const list = document.getElementById(`topics-${qid}`);
      if (!list) continue;
      const keys = board.liveTopics(qid).map((x) => String(x.id));
      if (keys.includes(String(id)) && t.question_id === qid) upsert(list, id, card(t), keys);
      else remove(list, id);
    }
  }

  return {
    render,
    update(what) {
      if (what.kind === "topic") updateTopic(what.id, what.before);
      else if (what.kind === "setup") render();
    },
    card,
  };
}
