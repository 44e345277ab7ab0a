//# allFunctionsCalledOnLoad
// Guiding questions and their topics: one card per topic, keyed by id; the proposal forms are built once.
import { T, count, el, fill, fillInSteps, morph, remove, syncList, syncSections } from "./dom.js";

export function topicsView(ctx) {
  const box = document.getElementById("questions");
  const { board, mode } = ctx;

  // A card is built once for its shape (who looks, whether the topic can still be voted for) and filled
  // again on each change: a vote changes two texts, not a new card.
  const shapeOf = (t) => (t.status === "proposed" ? mode : "closed");

  const models = {}; // shape -> an empty card, cloned for each topic (cheaper than building one)
  function model(shape) {
    if (models[shape]) return models[shape];
    const li = el("li", { data: { shape } }, el("p", { class: "topic-title" }), el("p", { class: "topic-desc" }), el("p", { class: "votes" }));
    if (shape === "participant") li.append(el("button", { type: "button", class: "button small", data: { action: "vote" } }));
    if (shape === "organiser") {
      li.draggable = true;
      const button = (action, extra = "") => el("button", { type: "button", class: `button small${extra}`, data: { action } });
      li.append(el("div", { class: "actions" }, button("merge"), button("place"), button("withdraw", " danger")));
    }
    return (models[shape] = li);
  }

  function card(t) {
    const li = model(shapeOf(t)).cloneNode(true);
    li.id = `topic-${t.id}`;
    li.dataset.key = t.id;
    if (li.draggable) li.dataset.topic = t.id;
    for (const button of li.querySelectorAll("button")) {
      button.id = `${button.dataset.action}-${t.id}`;
      button.dataset.id = t.id;
    }
    return fillCard(li, t);
  }

  function fillCard(li, t) {
    const set = (node, text) => { if (node.textContent !== text) node.textContent = text; };
    li.className = `topic status-${t.status}`;
    set(li.children[0], t.title);
    set(li.children[1], t.description || "");
    li.children[1].hidden = !t.description;
    set(li.children[2], count("votes", t.votes));
    const named = fill(T.for_topic, { title: t.title });
    const name = (button, label) => { set(button, label); button.setAttribute("aria-label", `${label} ${named}`); };
    if (li.dataset.shape === "participant") {
      const vote = li.children[3];
      name(vote, t.voted_by_me ? T.unvote : T.vote);
      vote.setAttribute("aria-pressed", String(t.voted_by_me));
    }
    if (li.dataset.shape === "organiser") {
      const [merge, place, withdraw] = li.children[3].children;
      name(merge, T.merge), name(place, T.place), name(withdraw, T.withdraw);
    }
    return li;
  }

  /** Bring a card to the topic's state: filled again, or rebuilt in place (focus kept) when its shape changes. */
  function refreshCard(li, t) {
    if (li.dataset.shape === shapeOf(t)) fillCard(li, t);
    else morph(li, card(t));
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
    syncSections(box, board.questions, section, (q, node) => {
      const list = node.querySelector("ul.topics");
      if (list.children.length) syncList(list, board.liveTopics(q.id), (t) => t.id, card);
      else fillInSteps(list, () => board.liveTopics(q.id), (t) => t.id, card); // the first paint shows the top of each list
    });
  }

  /**
   * A topic's card changes in place: cards do not move under a finger while the room votes (the order by
   * votes is the one of the last full drawing, the snapshot's); a new topic comes at the end of its list.
   */
  function updateTopic(id, before) {
    const t = board.topics.get(id);
    for (const qid of new Set([before && before.question_id, t.question_id])) {
      const list = document.getElementById(`topics-${qid}`);
      if (!list) continue;
      const node = document.getElementById(`topic-${id}`);
      if (t.question_id !== qid || !board.isLive(t)) remove(list, id);
      else if (node && node.parentNode === list) refreshCard(node, t);
      else list.append(card(t));
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
