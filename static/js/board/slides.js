// The restitution as the room reads it: which workshops have something to say (points or a published
// synthesis), in the order of the grid, and each cut into the pages the projector shows one at a time.
// The projector and the facilitation view compute the same pages from the same board, so that "next" on
// the laptop is the next page on the screen. Pages are cut by length (a page holds what a 16:9 screen shows
// in its smallest type), never by the screen: nothing is ever cut off.

/** What one projector page holds at most, in characters (a point or a paragraph costs at least a line). */
export const PAGE_BUDGET = 1300;
const LINE = 55;

/** Workshops with points or a published synthesis, in the grid's order (slot, then room). */
export function reported(board) {
  const slots = new Map(board.slots.map((s, i) => [s.id, i]));
  const spaces = new Map(board.spaces.map((s, i) => [s.id, i]));
  return [...board.workshops.values()]
    .filter((w) => board.pointsOf(w.id).length || board.syntheses.get(w.id)?.published)
    .sort((a, b) => (slots.get(a.slot_id) ?? 0) - (slots.get(b.slot_id) ?? 0) || (spaces.get(a.space_id) ?? 0) - (spaces.get(b.space_id) ?? 0) || a.id - b.id);
}

const cost = (text) => Math.max(text.length, LINE) + LINE / 2;

/** A text longer than a page, in pieces at sentence (then word) boundaries. */
function pieces(text) {
  if (cost(text) <= PAGE_BUDGET) return [text];
  const out = [];
  let current = "";
  for (const sentence of text.match(/[^.!?…]+[.!?…]*\s*|\s+/g) || [text]) {
    for (const part of sentence.length > PAGE_BUDGET - LINE ? sentence.split(/(?<=\s)/) : [sentence]) {
      if (current && cost(current + part) > PAGE_BUDGET - LINE) { out.push(current.trim()); current = ""; }
      current += part;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** One workshop's pages: [{points: [{n, text}], paragraphs: [text], first}] — points first, then the synthesis. */
export function pagesOf(board, w) {
  const blocks = board.pointsOf(w.id).map((p, i) => ({ kind: "point", n: i + 1, text: p.text }));
  const synthesis = board.syntheses.get(w.id);
  if (synthesis?.published) {
    for (const paragraph of synthesis.text.split(/\n\s*\n|\n/).map((x) => x.trim()).filter(Boolean)) {
      for (const text of pieces(paragraph)) blocks.push({ kind: "paragraph", text });
    }
  }
  const pages = [];
  let page = null, used = 0;
  for (const block of blocks) {
    const size = cost(block.text);
    if (!page || used + size > PAGE_BUDGET) { page = { points: [], paragraphs: [] }; pages.push(page); used = 0; }
    if (block.kind === "point") page.points.push({ n: block.n, text: block.text }); else page.paragraphs.push(block.text);
    used += size;
  }
  return pages.length ? pages : [{ points: [], paragraphs: [] }];
}

/** Every page of the show, in order: [{workshop, page, pages, content}]. */
export function slides(board) {
  const out = [];
  for (const w of reported(board)) {
    const pages = pagesOf(board, w);
    pages.forEach((content, page) => out.push({ workshop: w, page, pages: pages.length, content }));
  }
  return out;
}

/** Which slide the screen shows now: the one the organisers chose, moved on by the time played. */
export function current(board, list, now = Date.now()) {
  if (!list.length) return -1;
  const show = board.show || {};
  let index = list.findIndex((s) => s.workshop.id === show.workshop_id && s.page === Math.min(show.page, s.pages - 1));
  if (index < 0) index = 0;
  if (show.playing && show.since) {
    const elapsed = Math.max(0, now - Date.parse(show.since));
    index = (index + Math.floor(elapsed / (show.interval * 1000))) % list.length;
  }
  return index;
}

/** The show moved by ``step`` slides from where it is (what the facilitation view's buttons send). */
export function moved(board, step, now = Date.now()) {
  const list = slides(board);
  if (!list.length) return null;
  const index = (current(board, list, now) + step + list.length) % list.length;
  return { workshop_id: list[index].workshop.id, page: list[index].page };
}
