//# allFunctionsCalledOnLoad
// The plenary on a phone and in the facilitation view: for each plenary, round table or talk that is open
// for questions (or that this person moderates), the ask form (built once, its draft kept), the room's
// questions keyed by id (support toggles), the polls; the moderator's tools on each question; the
// organisers' polls. A change redraws the one question or poll it concerns.
import { announce } from "./announce.js";
import { openDialog } from "./dialog.js";
import { T, clock, count, el, fill, morph, pollBars, remove, syncList, syncSections, upsert, uuid } from "./dom.js";

export function plenaryView(ctx) {
  const panel = document.getElementById("plenary-panel");
  const box = document.getElementById("plenary");
  if (!panel || !box) return null;
  const { board } = ctx;
  const order = new Map(); // item id -> "supports" | "time" (the moderator's choice)

  /** The items this person has something to do with now. */
  function shownItems() {
    return [...board.items.values()].filter((item) => board.isOrganiser || board.moderates(item.id) || item.questions_open
      || board.pollsOf(item.id).some((p) => p.status === "open" || (p.status === "closed" && p.results_to_phones)));
  }

  function section(item) {
    const existing = document.getElementById(`item-${item.id}`);
    if (existing) return existing;
    const field = `ask-${item.id}`;
    const text = el("textarea", { id: field, name: "text", rows: "2", maxlength: "500", data: { draft: field },
      value: ctx.drafts.get(field) || "", "aria-describedby": `ask-hint-${item.id}` });
    return el("article", { class: "card plenary-item", id: `item-${item.id}`, data: { key: item.id } },
      el("div", { class: "item-head", data: { part: "head" } }),
      el("div", { class: "item-tools", data: { part: "tools" } }),
      el("div", { class: "item-polls", id: `item-polls-${item.id}` }),
      el("form", { class: "ask", id: `ask-form-${item.id}`, data: { plenaryForm: "ask", item: item.id }, novalidate: true },
        el("label", { for: field, text: T.your_question }), text,
        el("p", { class: "muted small", id: `ask-hint-${item.id}`, text: T.ask_hint }),
        el("label", { class: "check", for: `ask-name-${item.id}` },
          el("input", { type: "checkbox", id: `ask-name-${item.id}`, name: "show_name" }), ` ${T.show_my_name}`),
        el("p", { class: "form-error", id: `ask-error-${item.id}`, "aria-live": "polite" }),
        el("button", { type: "submit", class: "button primary" }, T.ask,
          el("span", { class: "visually-hidden", text: fill(T.to_item, { title: item.title }) }))),
      el("p", { class: "muted", id: `ask-closed-${item.id}`, text: T.questions_closed_now }),
      el("h4", { id: `item-questions-title-${item.id}`, text: T.room_questions }),
      el("ul", { class: "room-questions pending-list", id: `asked-pending-${item.id}`, "aria-live": "polite" }),
      el("ol", { class: "room-questions", id: `item-questions-${item.id}`, "aria-labelledby": `item-questions-title-${item.id}` }),
      el("p", { class: "muted", id: `item-no-question-${item.id}`, text: T.no_question_yet }),
      el("div", { class: "item-hidden", id: `item-hidden-${item.id}` }));
  }

  function head(item) {
    const people = [item.moderator && fill(T.moderated_by, { name: item.moderator }),
      item.speakers.length ? fill(T.with_speakers, { names: item.speakers.join(", ") }) : ""].filter(Boolean).join(" · ");
    return el("div", { class: "item-head", data: { part: "head" } },
      el("h3", { text: item.title }),
      el("p", { class: "muted" }, `${T.kinds[item.kind] || item.kind} · ${clock(item.starts_at)} – ${clock(item.ends_at)}`,
        people ? ` · ${people}` : "",
        " ", el("span", { class: `badge${item.questions_open ? " badge-published" : ""}`, text: item.questions_open ? T.questions_open : T.questions_closed })));
  }

  /** The moderator's switches: questions open or closed, the order of the list; organisers name people. */
  function tools(item) {
    if (!board.moderates(item.id)) return el("div", { class: "item-tools", data: { part: "tools" } });
    const byTime = order.get(item.id) === "time";
    return el("div", { class: "item-tools actions", data: { part: "tools" } },
      el("button", { type: "button", class: `button small${item.questions_open ? "" : " primary"}`, id: `item-open-${item.id}`,
        data: { plenary: "open-questions", id: item.id }, "aria-pressed": String(item.questions_open),
        text: item.questions_open ? T.close_questions : T.open_questions }),
      el("button", { type: "button", class: "button small", id: `item-order-${item.id}`, data: { plenary: "order", id: item.id },
        text: byTime ? T.order_by_supports : T.order_by_time }),
      board.isOrganiser ? el("button", { type: "button", class: "button small", id: `item-moderator-${item.id}`,
        data: { plenary: "moderator", id: item.id }, text: T.name_moderator }) : null,
      board.isOrganiser ? el("button", { type: "button", class: "button small", id: `item-rapporteur-${item.id}`,
        data: { plenary: "rapporteur", id: item.id }, text: T.name_rapporteur }) : null,
      el("button", { type: "button", class: "button small", id: `item-hidden-show-${item.id}`, data: { plenary: "hidden", id: item.id },
        text: T.hidden_questions }));
  }

  function question(q) {
    const moderator = board.moderates(q.item_id);
    const mine = board.me.supported.has(q.id);
    const status = q.status === "on_screen" ? el("span", { class: "badge badge-published", text: T.on_screen_now })
      : q.status === "answered" ? el("span", { class: "badge", text: T.answered }) : null;
    const li = el("li", { class: `room-question status-${q.status}`, id: `rq-${q.id}`, data: { key: q.id } },
      el("p", { class: "pre", text: q.text }),
      el("p", { class: "muted" }, q.author || T.anonymous, " · ", el("span", { class: "supports", text: count("supports", q.supports) }),
        status ? " " : null, status));
    const actions = el("div", { class: "actions" });
    if (board.me.registration_id !== null && q.status !== "answered") {
      actions.append(el("button", { type: "button", class: `button small${mine ? " primary" : ""}`, id: `support-${q.id}`,
        data: { plenary: "support", id: q.id }, "aria-pressed": String(mine) }, mine ? T.supported : T.support,
      el("span", { class: "visually-hidden", text: fill(T.the_question, { text: q.text.slice(0, 60) }) })));
    }
    if (moderator) {
      const button = (action, label, extra = "") => el("button", { type: "button", class: `button small${extra}`, id: `${action}-${q.id}`,
        data: { plenary: action, id: q.id } }, label, el("span", { class: "visually-hidden", text: fill(T.the_question, { text: q.text.slice(0, 60) }) }));
      if (q.status === "open") actions.append(button("screen", T.put_on_screen));
      if (q.status === "on_screen") actions.append(button("unscreen", T.take_off_screen));
      if (q.status !== "answered") actions.append(button("answered", T.mark_answered));
      else actions.append(button("unanswered", T.not_answered));
      actions.append(button("merge", T.merge_question), button("hide", T.hide, " danger"));
    }
    if (actions.children.length) li.append(actions);
    return li;
  }

  function drawQuestions(item) {
    const list = document.getElementById(`item-questions-${item.id}`);
    if (!list) return;
    const questions = board.questionsOf(item.id, order.get(item.id) || "supports");
    syncList(list, questions, (q) => q.id, question);
    document.getElementById(`item-no-question-${item.id}`).hidden = questions.length > 0;
    drawPending(item.id);
  }

  /** Questions sent but not acknowledged yet (offline): shown at once, marked, until the real one is there. */
  function drawPending(itemId) {
    const list = document.getElementById(`asked-pending-${itemId}`);
    if (!list || !ctx.pending) return;
    const waiting = ctx.pending().filter((o) => o.event === "room_question.ask" && o.data.item_id === itemId && !board.asked.has(o.data.client_id));
    syncList(list, waiting, (o) => o.data.client_id, (o) => el("li", { class: "room-question pending", data: { key: o.data.client_id } },
      el("p", { class: "pre", text: o.data.text }), el("p", { class: "muted" }, el("strong", { class: "pending-mark", text: T.waiting }))));
  }

  // -- polls -----------------------------------------------------------------------
  function bars(p) {
    return pollBars(p, {}, el("p", { class: "muted", text: fill(T.poll_too_few, { n: 5 }) }));
  }

  function pollCard(p) {
    const mine = board.me.answers[String(p.id)];
    const card = el("section", { class: `poll status-${p.status}`, id: `poll-${p.id}`, data: { key: p.id }, "aria-labelledby": `poll-title-${p.id}` },
      el("h4", { id: `poll-title-${p.id}`, text: p.question }),
      el("p", { class: "muted" }, T.poll_status[p.status], " · ", count("answers", p.answers)));
    if (board.isOrganiser) {
      const actions = el("div", { class: "actions" });
      if (p.status !== "open") actions.append(el("button", { type: "button", class: "button small primary", id: `poll-open-${p.id}`, data: { plenary: "poll-open", id: p.id }, text: p.status === "closed" ? T.reopen_poll : T.open_poll }));
      if (p.status === "open") actions.append(el("button", { type: "button", class: "button small", id: `poll-close-${p.id}`, data: { plenary: "poll-close", id: p.id }, text: T.close_poll }));
      if (!p.answers) actions.append(el("button", { type: "button", class: "button small danger", id: `poll-delete-${p.id}`, data: { plenary: "poll-delete", id: p.id }, text: T.delete }));
      card.append(bars(p), actions);
      return card;
    }
    if (p.status === "open") {
      const multiple = p.kind === "multiple";
      card.append(el("form", { class: "poll-answer", data: { plenaryForm: "poll", poll: p.id }, novalidate: true },
        el("fieldset", { class: p.kind === "scale" ? "scale" : "" }, el("legend", { class: "visually-hidden", text: p.question }),
          p.choices.map((choice, i) => el("label", { class: "check", for: `poll-${p.id}-${i}` },
            el("input", { type: multiple ? "checkbox" : "radio", name: `poll-${p.id}`, id: `poll-${p.id}-${i}`, value: String(i),
              checked: Boolean(mine && mine.includes(i)) }), ` ${choice}`))),
        el("p", { class: "form-error", id: `poll-error-${p.id}`, "aria-live": "polite" }),
        el("button", { type: "submit", class: "button primary", text: mine ? T.change_answer : T.answer })),
      mine ? el("p", { class: "muted", id: `poll-mine-${p.id}`, text: fill(T.your_answer, { choices: mine.map((i) => p.choices[i]).join(", ") }) }) : null);
    } else if (p.status === "closed" && p.results_to_phones) {
      card.append(bars(p));
    }
    return card;
  }

  /** A participant's open poll is redrawn only when its status or their answer changes (not at each answer
   *  of someone else: the choice they are making stays as it is). */
  const drawn = new Map(); // poll id -> what its card shows
  function drawPolls(item) {
    const list = document.getElementById(`item-polls-${item.id}`);
    if (!list) return;
    const polls = board.pollsOf(item.id).filter((p) => board.isOrganiser || p.status === "open" || (p.status === "closed" && p.results_to_phones));
    for (const node of [...list.children]) if (!polls.some((p) => String(p.id) === node.dataset.key)) { node.remove(); drawn.delete(Number(node.dataset.key)); }
    for (const p of polls) {
      const shape = board.isOrganiser ? JSON.stringify(p) : `${p.status}|${JSON.stringify(board.me.answers[String(p.id)] || null)}|${p.status === "closed" ? JSON.stringify(p.counts) : ""}`;
      if (drawn.get(p.id) === shape && document.getElementById(`poll-${p.id}`)) continue;
      drawn.set(p.id, shape);
      upsert(list, String(p.id), pollCard(p), polls.map((x) => String(x.id)));
    }
  }

  function pollForm() {
    if (!board.isOrganiser) return null;
    const items = [...board.items.values()];
    if (!items.length) return null;
    const form = el("form", { class: "poll-create", id: "poll-create", data: { plenaryForm: "poll-create" }, novalidate: true },
      el("h3", { text: T.new_poll }),
      el("label", { for: "poll-new-item", text: T.poll_item }),
      el("select", { id: "poll-new-item", name: "item" }, items.map((i) => el("option", { value: String(i.id), text: i.title }))),
      el("label", { for: "poll-new-question", text: T.poll_question }),
      el("input", { id: "poll-new-question", name: "question", maxlength: "300", data: { draft: "poll-new-question" }, value: ctx.drafts.get("poll-new-question") || "" }),
      el("label", { for: "poll-new-kind", text: T.poll_kind }),
      el("select", { id: "poll-new-kind", name: "kind" }, Object.entries(T.poll_kinds).map(([value, label]) => el("option", { value, text: label }))),
      el("label", { for: "poll-new-choices", text: T.poll_choices }),
      el("textarea", { id: "poll-new-choices", name: "choices", rows: "4", data: { draft: "poll-new-choices" }, value: ctx.drafts.get("poll-new-choices") || "" }),
      el("label", { class: "check", for: "poll-new-results" }, el("input", { type: "checkbox", id: "poll-new-results", name: "results" }), ` ${T.poll_results_to_phones}`),
      el("p", { class: "form-error", id: "poll-create-error", "aria-live": "polite" }),
      el("button", { type: "submit", class: "button primary", text: T.prepare_poll }));
    return form;
  }

  // -- drawing -------------------------------------------------------------------------
  function fillSection(item, node) {
    morph(node.querySelector('[data-part="head"]'), head(item));
    morph(node.querySelector('[data-part="tools"]'), tools(item)); // the button just used keeps the focus
    const canAsk = item.questions_open || board.moderates(item.id);
    node.querySelector(`#ask-form-${item.id}`).hidden = !canAsk;
    node.querySelector(`#ask-closed-${item.id}`).hidden = canAsk;
    drawPolls(item);
    drawQuestions(item);
  }

  function render() {
    const items = shownItems();
    panel.hidden = items.length === 0;
    syncSections(box, items, section, fillSection);
    if (board.isOrganiser && !document.getElementById("poll-create")) {
      const form = pollForm();
      if (form) document.getElementById("plenary-polls").replaceChildren(form);
    }
  }

  function update(what) {
    if (what.kind === "item" || what.kind === "setup" || what.kind === "poll" && (!what.before || !board.polls.get(what.id)
        || what.before.status !== board.polls.get(what.id).status)) { render(); }
    if (what.kind === "item") return;
    const item = what.item_id && board.items.get(what.item_id);
    const node = item && document.getElementById(`item-${item.id}`);
    if (!node) return;
    if (what.kind === "room_question") {
      if (!board.roomQuestions.has(what.id) || ["hidden", "merged"].includes(board.roomQuestions.get(what.id).status)) {
        remove(document.getElementById(`item-questions-${item.id}`), String(what.id));
      }
      drawQuestions(item);
      if (what.isNew && board.moderates(item.id)) announce(fill(T.new_question, { title: item.title }));
    }
    if (what.kind === "poll") drawPolls(item);
  }

  // -- what people do --------------------------------------------------------------------
  const actions = {
    support(id) {
      const q = board.roomQuestions.get(id);
      const on = !board.me.supported.has(id);
      if (on) board.me.supported.add(id); else board.me.supported.delete(id);
      q.supports += on ? 1 : -1;
      drawQuestions(board.items.get(q.item_id));
      ctx.send("room_question.support", { question_id: id, support: on });
    },
    "open-questions"(id) { ctx.send("item.questions", { item_id: id, open: !board.items.get(id).questions_open }); },
    order(id) {
      order.set(id, order.get(id) === "time" ? "supports" : "time");
      const item = board.items.get(id);
      fillSection(item, document.getElementById(`item-${id}`));
      document.getElementById(`item-order-${id}`)?.focus();
    },
    screen(id) { ctx.send("room_question.screen", { item_id: board.roomQuestions.get(id).item_id, question_id: id }); },
    unscreen(id) { ctx.send("room_question.screen", { item_id: board.roomQuestions.get(id).item_id, question_id: null }); },
    answered(id) { ctx.send("room_question.answered", { question_id: id, answered: true }); },
    unanswered(id) { ctx.send("room_question.answered", { question_id: id, answered: false }); },
    hide(id, opener) { hideDialog(id, opener); },
    merge(id, opener) { mergeDialog(id, opener); },
    async hidden(itemId) { await showHidden(itemId); },
    restore(id) {
      ctx.send("room_question.show", { question_id: id });
      document.getElementById(`hidden-rq-${id}`)?.remove();
    },
    moderator(id, opener) { personDialog(id, opener, "item.moderator", T.name_moderator); },
    rapporteur(id, opener) { personDialog(id, opener, "item.rapporteur", T.name_rapporteur); },
    "poll-open"(id) { ctx.send("poll.open", { poll_id: id }); },
    "poll-close"(id) { ctx.send("poll.close", { poll_id: id }); },
    "poll-delete"(id) { ctx.send("poll.delete", { poll_id: id }); },
  };

  const root = document.getElementById("board");
  root.addEventListener("click", (e) => {
    const target = e.target.closest && e.target.closest("[data-plenary]");
    if (!target || !root.contains(target)) return;
    const action = actions[target.dataset.plenary];
    if (action) action(Number(target.dataset.id), target);
  });

  root.addEventListener("submit", (e) => {
    const form = e.target;
    const kind = form.dataset.plenaryForm;
    if (!kind) return;
    e.preventDefault();
    const error = form.querySelector(".form-error");
    if (error) error.textContent = "";
    if (kind === "ask") {
      const itemId = Number(form.dataset.item);
      const field = `ask-${itemId}`;
      const text = form.elements.text.value;
      if (text.trim().length < 3) { error.textContent = T.question_too_short; form.elements.text.focus(); return; }
      ctx.send("room_question.ask", { item_id: itemId, text, show_name: form.elements.show_name.checked, client_id: uuid() },
        { draft: field, text, error: error.id });
      form.elements.text.value = "";
      ctx.drafts.clear(field);
      drawPending(itemId);
      announce(ctx.connected() ? T.sent : T.kept_offline);
    } else if (kind === "poll") {
      const pollId = Number(form.dataset.poll);
      const choices = [...form.querySelectorAll("input:checked")].map((input) => Number(input.value));
      if (!choices.length) { error.textContent = T.choose_an_answer; return; }
      board.me.answers[String(pollId)] = choices;
      ctx.send("poll.answer", { poll_id: pollId, choices }, { error: error.id });
      const p = board.polls.get(pollId);
      drawPolls(board.items.get(p.item_id));
      announce(T.answer_sent, { visible: true });
    } else if (kind === "poll-create") {
      const choices = form.elements.choices.value.split("\n").map((c) => c.trim()).filter(Boolean);
      const kindOf = form.elements.kind.value;
      ctx.send("poll.create", { item_id: Number(form.elements.item.value), question: form.elements.question.value.trim(),
        kind: kindOf, choices: kindOf === "scale" ? [] : choices, results_to_phones: form.elements.results.checked, client_id: uuid() },
      { error: error.id, draft: "poll-new-question", text: form.elements.question.value });
      form.elements.question.value = ""; form.elements.choices.value = "";
      ctx.drafts.clear("poll-new-question"); ctx.drafts.clear("poll-new-choices");
    }
  });

  // -- dialogs ---------------------------------------------------------------------------
  function inDialog(title, body, ok, opener, okLabel) {
    openDialog(ctx.dialog, { title, body, ok, opener, okLabel });
  }

  function hideDialog(id, opener) {
    const q = board.roomQuestions.get(id);
    const reason = el("input", { id: "hide-question-reason", maxlength: "300" });
    inDialog(fill(T.hide_question, { text: q.text.slice(0, 80) }), [el("label", { for: reason.id, text: T.reason }), reason], () => {
      ctx.send("room_question.hide", { question_id: id, reason: reason.value.trim() });
      announce(T.question_hidden, { visible: true, action: { label: T.undo, run: () => ctx.send("room_question.show", { question_id: id }) } });
    }, opener, T.hide);
    reason.focus();
  }

  function mergeDialog(id, opener) {
    const q = board.roomQuestions.get(id);
    const select = el("select", { id: "merge-question-into" },
      board.questionsOf(q.item_id).filter((o) => o.id !== id).map((o) => el("option", { value: String(o.id), text: o.text.slice(0, 90) })));
    inDialog(fill(T.merge_question_title, { text: q.text.slice(0, 80) }), [el("label", { for: select.id, text: T.merge_into }), select,
      select.options.length ? null : el("p", { class: "muted", text: T.nothing_to_choose })].filter(Boolean), () => {
      if (select.value) ctx.send("room_question.merge", { question_id: id, into_id: Number(select.value) });
    }, opener, T.merge);
    select.focus();
  }

  async function personDialog(itemId, opener, event, title) {
    let people = [];
    try {
      const reply = await ctx.ask("people.list", {});
      if (reply.ok) people = reply.people;
    } catch (timeout) { /* offline: nobody to choose */ }
    const item = board.items.get(itemId);
    const select = el("select", { id: "person-choice" }, el("option", { value: "", text: T.nobody }),
      people.map((p) => el("option", { value: String(p.registration_id), text: p.organisation ? `${p.name} · ${p.organisation}` : p.name })));
    inDialog(`${title} · ${item.title}`, [el("label", { for: select.id, text: T.person }), select], () => {
      ctx.send(event, { item_id: itemId, registration_id: select.value ? Number(select.value) : null });
    }, opener, T.save);
    select.focus();
  }

  async function showHidden(itemId) {
    const place = document.getElementById(`item-hidden-${itemId}`);
    let reply;
    try { reply = await ctx.ask("room_questions.hidden", { item_id: itemId }); } catch (timeout) { return; }
    if (!reply.ok) return;
    place.replaceChildren(el("h4", { text: T.hidden_questions }),
      reply.questions.length ? el("ul", { class: "plain-list" }, reply.questions.map((q) => el("li", { id: `hidden-rq-${q.id}` },
        el("p", { class: "pre", text: q.text }), el("p", { class: "muted", text: q.hidden_reason || "" }),
        el("button", { type: "button", class: "button small", data: { plenary: "restore", id: q.id } }, T.show,
          el("span", { class: "visually-hidden", text: fill(T.the_question, { text: q.text.slice(0, 60) }) })))))
        : el("p", { class: "muted", text: T.no_hidden_question }));
  }

  /** The server has this question (or refused it): its waiting copy goes; a duplicate sent again shows once. */
  function asked(item, ack) {
    const q = ack.ok && ack.question;
    board.asked.add(item.data.client_id);
    if (q && !board.roomQuestions.has(q.id)) {
      board.roomQuestions.set(q.id, q);
      update({ kind: "room_question", id: q.id, item_id: q.item_id, isNew: true });
    }
    drawPending(item.data.item_id);
  }

  return { render, update, asked };
}
