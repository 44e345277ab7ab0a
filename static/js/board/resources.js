// The resource stand on a participant's phone: the server draws the list by kind; the resources of the person's
// workshops (joined, or reported) move to the list at its head as they join and leave, and back to their kind.
export function resourcesView(ctx) {
  const { board } = ctx;
  const box = document.getElementById("resources-list");
  const mine = document.getElementById("resources-mine-list");
  if (!box || !mine) return null;
  const heading = document.getElementById("resources-mine");

  function render() {
    for (const item of box.querySelectorAll("li.resource[data-workshop]")) {
      const wid = Number(item.dataset.workshop);
      const home = board.isIn(wid) || board.me.rapporteur_of.includes(wid)
        ? mine : document.getElementById(`resources-${item.dataset.kind}-list`);
      if (home && item.parentElement !== home) home.append(item);
    }
    heading.hidden = mine.hidden = !mine.children.length;
    for (const list of box.querySelectorAll("ul[data-kind]")) list.hidden = list.previousElementSibling.hidden = !list.children.length;
  }

  return {
    render,
    update(what) {
      if (["members", "workshop", "workshop.deleted"].includes(what.kind)) render();
    },
  };
}
