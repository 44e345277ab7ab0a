//# allFunctionsCalledOnLoad
// The board's state on this device: the snapshot, kept up to date change by change (in seq order).
// apply() says what changed so that the views update only that element.
const byId = (list) => new Map(list.map((item) => [item.id, item]));

export class Board {
  load(snapshot) {
    this.seq = snapshot.seq;
    this.event = snapshot.event;
    this.phase = snapshot.event.phase;
    this.me = snapshot.me;
    this.setup(snapshot);
    this.topics = byId(snapshot.topics);
    this.workshops = byId(snapshot.workshops);
    this.contributions = byId(snapshot.contributions);
    this.byWorkshop = new Map(); // workshop id -> its contributions by id (what a change of one workshop reads)
    this.tallies = new Map(); // workshop id -> { posted, hidden, last }: kept as contributions come and go
    for (const c of snapshot.contributions) this.index(c);
    this.points = byId(snapshot.points);
    this.syntheses = new Map(snapshot.syntheses.map((s) => [s.workshop_id, s]));
    this.posted = new Set(); // client_ids of contributions posted since the snapshot (a phone's waiting copies)
    this.show = snapshot.restitution || { workshop_id: null, page: 0, playing: false, since: null, interval: 45 };
    this.items = byId(snapshot.items || []); // plenaries, round tables and talks
    this.roomQuestions = byId(snapshot.room_questions || []);
    this.polls = byId(snapshot.polls || []);
    this.me.supported = new Set(this.me.supported || []);
    this.me.answers = this.me.answers || {};
    this.me.moderator_of = this.me.moderator_of || [];
    this.asked = new Set(); // client_ids of questions asked since the snapshot (a phone's waiting copies)
  }

  /** Organisers, and the participant named moderator of this item. */
  moderates(itemId) { return this.isOrganiser || this.me.moderator_of.includes(itemId); }

  /** An item's questions the room sees (not hidden, not merged), by supports or by time. */
  questionsOf(itemId, order = "supports") {
    const list = [...this.roomQuestions.values()].filter((q) => q.item_id === itemId && q.status !== "hidden" && q.status !== "merged");
    const rank = (q) => (q.status === "on_screen" ? 0 : q.status === "answered" ? 2 : 1);
    return list.sort((a, b) => rank(a) - rank(b) || (order === "time" ? a.id - b.id : b.supports - a.supports || a.id - b.id));
  }

  pollsOf(itemId) { return [...this.polls.values()].filter((p) => p.item_id === itemId).sort((a, b) => a.id - b.id); }

  setup(data) {
    this.questions = data.questions;
    this.spaces = data.spaces;
    this.slots = data.slots;
    this.spaceById = byId(data.spaces);
    this.slotById = byId(data.slots);
  }

  get isOrganiser() { return this.me.role === "organiser"; }
  isRapporteurOf(wid) { return this.isOrganiser || this.me.rapporteur_of.includes(wid); }
  isIn(wid) { return this.me.workshops.includes(wid); }
  /** The workshops whose panel this person has: theirs, those they report on; all for organisers. */
  followed(wid) { return this.isOrganiser || this.isIn(wid) || this.me.rapporteur_of.includes(wid); }

  /** A topic still on its question's list (proposed, or placed in the grid). */
  isLive(t) { return t.status === "proposed" || t.status === "scheduled"; }

  liveTopics(questionId) {
    return [...this.topics.values()].filter((t) => t.question_id === questionId && this.isLive(t))
      .sort((a, b) => b.votes - a.votes || a.id - b.id);
  }

  index(c) {
    let list = this.byWorkshop.get(c.workshop_id);
    if (!list) this.byWorkshop.set(c.workshop_id, (list = new Map()));
    const before = list.get(c.id);
    list.set(c.id, c);
    const tally = this.tallyOf(c.workshop_id);
    if (!before) tally.posted += 1;
    tally.hidden += (c.hidden ? 1 : 0) - (before && before.hidden ? 1 : 0);
    if (c.created_at > tally.last) tally.last = c.created_at;
  }

  unindex(c) {
    const list = c && this.byWorkshop.get(c.workshop_id);
    if (!list || !list.delete(c.id)) return;
    const tally = this.tallyOf(c.workshop_id);
    tally.posted -= 1;
    if (c.hidden) tally.hidden -= 1;
    if (c.created_at === tally.last) tally.last = [...list.values()].reduce((last, x) => (x.created_at > last ? x.created_at : last), "");
  }

  /** A workshop's contributions counted: how many, how many hidden, the time of the last one ("" if none). */
  tallyOf(wid) {
    let tally = this.tallies.get(wid);
    if (!tally) this.tallies.set(wid, (tally = { posted: 0, hidden: 0, last: "" }));
    return tally;
  }

  contributionsOf(wid) {
    const list = this.byWorkshop.get(wid);
    return list ? [...list.values()].sort((a, b) => a.id - b.id) : [];
  }

  pointsCount(wid) {
    let n = 0;
    for (const p of this.points.values()) if (p.workshop_id === wid) n += 1;
    return n;
  }

  pointsOf(wid) {
    return [...this.points.values()].filter((p) => p.workshop_id === wid).sort((a, b) => a.position - b.position);
  }

  cellOf(slotId, spaceId) {
    for (const w of this.workshops.values()) if (w.slot_id === slotId && w.space_id === spaceId) return w;
    return null;
  }

  /** Apply one change: "old" (already applied), "gap" (ask what is missing) or what changed. */
  apply(change) {
    if (change.seq <= this.seq) return { kind: "old" };
    if (change.seq > this.seq + 1) return { kind: "gap" };
    this.seq = change.seq;
    const d = change.data;
    switch (change.type) {
      case "topic.proposed": case "topic.updated": case "topic.voted": case "topic.merged": case "topic.withdrawn": {
        const before = this.topics.get(d.id);
        this.topics.set(d.id, { voted_by_me: false, ...before, ...d });
        return { kind: "topic", id: d.id, before };
      }
      case "workshop.created": case "workshop.updated": {
        const before = this.workshops.get(d.id);
        this.workshops.set(d.id, d);
        const mine = this.me.registration_id !== null && d.rapporteur_id === this.me.registration_id;
        const was = this.me.rapporteur_of.includes(d.id);
        let rapporteur = null;
        if (mine && !was) { this.me.rapporteur_of.push(d.id); rapporteur = "named"; }
        if (!mine && was) { this.me.rapporteur_of = this.me.rapporteur_of.filter((id) => id !== d.id); rapporteur = "unnamed"; }
        return { kind: "workshop", id: d.id, before, rapporteur };
      }
      case "workshop.deleted": {
        const before = this.workshops.get(d.id);
        this.workshops.delete(d.id);
        this.me.workshops = this.me.workshops.filter((id) => id !== d.id);
        this.me.rapporteur_of = this.me.rapporteur_of.filter((id) => id !== d.id);
        for (const [id, c] of this.contributions) if (c.workshop_id === d.id) this.contributions.delete(id);
        this.byWorkshop.delete(d.id);
        this.tallies.delete(d.id);
        for (const [id, p] of this.points) if (p.workshop_id === d.id) this.points.delete(id);
        this.syntheses.delete(d.id);
        return { kind: "workshop.deleted", id: d.id, before };
      }
      case "workshop.members": {
        const w = this.workshops.get(d.workshop_id);
        if (w) w.members = d.members;
        return { kind: "members", id: d.workshop_id };
      }
      case "contribution.posted": case "contribution.shown":
        if (d.client_id) this.posted.add(d.client_id);
        this.contributions.set(d.id, d);
        this.index(d);
        return { kind: "contribution", id: d.id, workshop_id: d.workshop_id, isNew: change.type === "contribution.posted" };
      case "contribution.hidden":
        if (this.isOrganiser) {
          const c = { ...this.contributions.get(d.id), hidden: true };
          this.contributions.set(d.id, c);
          this.index(c);
        } else {
          this.unindex(this.contributions.get(d.id));
          this.contributions.delete(d.id);
        }
        return { kind: "contribution", id: d.id, workshop_id: d.workshop_id };
      case "point.created": case "point.updated":
        for (const c of (this.byWorkshop.get(d.workshop_id) || new Map()).values()) {
          if (c.point_id === d.id && !d.contribution_ids.includes(c.id)) c.point_id = null;
          if (d.contribution_ids.includes(c.id)) c.point_id = d.id;
        }
        this.points.set(d.id, d);
        return { kind: "point", id: d.id, workshop_id: d.workshop_id };
      case "point.deleted":
        this.points.delete(d.id);
        for (const c of (this.byWorkshop.get(d.workshop_id) || new Map()).values()) if (c.point_id === d.id) c.point_id = null;
        return { kind: "point", id: d.id, workshop_id: d.workshop_id };
      case "synthesis.updated": case "synthesis.published":
        this.syntheses.set(d.workshop_id, d);
        return { kind: "synthesis", id: d.workshop_id };
      case "phase.changed":
        this.phase = d.phase;
        return { kind: "phase" };
      case "restitution.show":
        this.show = d;
        return { kind: "show" };
      case "setup.updated":
        this.setup(d);
        return { kind: "setup" };
      case "item.updated": {
        const before = this.items.get(d.id);
        this.items.set(d.id, d);
        const mine = this.me.registration_id !== null && d.moderator_id === this.me.registration_id;
        this.me.moderator_of = this.me.moderator_of.filter((id) => id !== d.id).concat(mine ? [d.id] : []);
        return { kind: "item", id: d.id, before };
      }
      case "room_question.asked": case "room_question.updated": case "room_question.supported": case "room_question.merged": {
        if (d.client_id) this.asked.add(d.client_id);
        const before = this.roomQuestions.get(d.id);
        this.roomQuestions.set(d.id, d);
        return { kind: "room_question", id: d.id, item_id: d.item_id, before, isNew: !before };
      }
      case "room_question.hidden": {
        const before = this.roomQuestions.get(d.id);
        if (this.isOrganiser && before) this.roomQuestions.set(d.id, { ...before, status: "hidden" });
        else this.roomQuestions.delete(d.id);
        return { kind: "room_question", id: d.id, item_id: d.item_id, before };
      }
      case "poll.created": case "poll.updated": case "poll.answered": {
        const before = this.polls.get(d.id);
        this.polls.set(d.id, d);
        return { kind: "poll", id: d.id, item_id: d.item_id, before };
      }
      case "poll.deleted":
        this.polls.delete(d.id);
        delete this.me.answers[String(d.id)];
        return { kind: "poll", id: d.id, item_id: d.item_id };
      default:
        return { kind: "unknown" };
    }
  }
}
