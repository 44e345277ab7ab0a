// Naming a workshop's rapporteur (organisers): asked of the server when opened, and again when someone joins or
// leaves while it is open, so that someone who registered or joined since the page was loaded is there; the
// workshop's members first, then everyone else, by name, with a search box.
import { openDialog } from "./dialog.js";
import { T, el, fill } from "./dom.js";

const collator = new Intl.Collator(document.documentElement.lang || "fr", { sensitivity: "base" });
const plain = (text) => (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

export function rapporteurPicker(ctx, dialog, names) {
  const { board } = ctx;

  function option(person, chosen) {
    const id = `pick-person-${person.registration_id}`;
    const text = person.organisation ? `${person.name} · ${person.organisation}` : person.name;
    return el("li", { data: { search: plain(text) } }, el("label", { class: "check", for: id },
      el("input", { type: "radio", name: "rapporteur", id, value: String(person.registration_id), checked: person.registration_id === chosen }),
      ` ${text}`));
  }

  function group(title, people, chosen) {
    return el("fieldset", { class: "picker-group" }, el("legend", { text: title }),
      people.length ? el("ul", { class: "plain-list" }, people.map((p) => option(p, chosen))) : el("p", { class: "muted", text: T.nobody_yet }));
  }

  /** The workshop's members and everyone else, asked of the server (offline: the names this page knows). */
  async function ask(wid) {
    let members = [], everyone = [];
    try {
      const [inside, all] = await Promise.all([ctx.ask("workshop.people", { workshop_id: wid }), ctx.ask("people.list", {})]);
      if (inside.ok) members = inside.people;
      if (all.ok) everyone = all.people;
    } catch (timeout) {
      everyone = Object.entries(names).map(([id, name]) => ({ registration_id: Number(id), name, organisation: "" }));
    }
    for (const p of everyone) names[p.registration_id] = p.organisation ? `${p.name} (${p.organisation})` : p.name;
    const byId = new Map(everyone.map((p) => [p.registration_id, p]));
    members = members.map((p) => byId.get(p.registration_id) || p); // named as in the list of everyone
    const inWorkshop = new Set(members.map((p) => p.registration_id));
    const byName = (a, b) => collator.compare(a.name, b.name);
    return { members: [...members].sort(byName), others: everyone.filter((p) => !inWorkshop.has(p.registration_id)).sort(byName) };
  }

  /** The radio buttons: nobody, the workshop's members, everyone else. */
  function drawLists(lists, { members, others }, chosen) {
    lists.replaceChildren(
      el("label", { class: "check", for: "pick-person-none" },
        el("input", { type: "radio", name: "rapporteur", id: "pick-person-none", value: "", checked: !chosen }), ` ${T.nobody}`),
      group(T.in_this_workshop, members, chosen), group(T.everyone_else, others, chosen));
  }

  /** Show only the people whose name has every word typed in the search box. */
  function filter(search, lists, nothing) {
    const words = plain(search.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of lists.querySelectorAll("li[data-search]")) {
      item.hidden = !words.every((word) => item.dataset.search.includes(word));
      if (!item.hidden) shown += 1;
    }
    for (const group of lists.querySelectorAll(".picker-group")) { // a list with no one left to show says nothing
      group.hidden = words.length > 0 && !group.querySelector("li[data-search]:not([hidden])");
    }
    nothing.hidden = shown > 0;
  }

  // the open picker: its workshop and what redraws its lists when someone joins or leaves
  let current = null;

  async function open(wid, opener) {
    const w = board.workshops.get(wid);
    const people = await ask(wid);
    const search = el("input", { type: "search", id: "picker-search", autocomplete: "off" });
    const lists = el("div", { class: "picker-lists" });
    drawLists(lists, people, w.rapporteur_id);
    const nothing = el("p", { class: "muted", id: "picker-nothing", text: T.nobody_matches, hidden: true });
    openDialog(dialog, {
      title: `${T.name_rapporteur} ${fill(T.of_workshop, { title: w.title })}`, className: "picker", opener, okLabel: T.save,
      body: [el("label", { for: search.id, text: T.search_person }), search, nothing, lists],
      ok() {
        const picked = lists.querySelector("input[name=rapporteur]:checked");
        const value = picked ? picked.value : "";
        ctx.send("workshop.rapporteur", { workshop_id: wid, registration_id: value ? Number(value) : null });
      },
    });
    search.addEventListener("input", () => filter(search, lists, nothing));
    search.focus();
    dialog.addEventListener("close", () => { current = null; }, { once: true });
    current = {
      wid,
      /** Someone joined or left while the picker is open: the lists again, the choice, the search and focus kept. */
      async redraw() {
        const again = await ask(wid);
        if (current?.wid !== wid) return; // closed meanwhile
        const picked = lists.querySelector("input[name=rapporteur]:checked");
        const focused = lists.contains(document.activeElement) ? document.activeElement.id : null;
        drawLists(lists, again, picked ? Number(picked.value) || null : w.rapporteur_id);
        filter(search, lists, nothing);
        if (focused) document.getElementById(focused)?.focus();
      },
    };
  }

  /** A workshop's members changed: redraw the open picker if it is that workshop's. */
  function membersChanged(wid) {
    if (current?.wid === wid) current.redraw();
  }

  return { open, membersChanged };
}
