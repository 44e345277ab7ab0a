"""The proceedings of the day (actes), shaped like the 2015 synthesis of the seeds: title page, context and
figures, round tables with their moderator and speakers, the open-forum synthesis question by question,
annexes with attendance by role. As Markdown, DOCX (to finish in Word or LibreOffice) and a print page."""

from __future__ import annotations

import io

from forum.attendance.statistics import statistics
from forum.board import proceedings as board
from forum.core.i18n import format_span
from forum.events.models import Event
from forum.resources import service as resources


def _poll_lines(entry: dict) -> list[str]:
    """A closed poll's results as lines: "Oui : 12 (60 %)"; no split under the minimum of answers."""
    poll = entry["poll"]
    if not entry["split"]:
        return [f"{poll.answers} réponse{'s' if poll.answers > 1 else ''} (répartition non publiée sous 5 réponses)"]
    total = sum(poll.counts) or 1
    return [f"{choice}\u00a0: {n} ({round(100 * n / total)}\u00a0%)" for choice, n in zip(poll.choices, poll.counts)]


def build(event: Event) -> dict:
    """Everything the three formats show, in order."""
    stats = statistics(event)
    sessions = board.plenary_record(event)
    for session in sessions:
        for entry in session["polls"]:
            entry["lines"] = _poll_lines(entry)
    return {
        "title": event.title,
        "when": format_span(event.starts_at, event.ends_at, "fr"),
        "where": ", ".join(p for p in (event.venue_name, event.venue_room, event.venue_address) if p),
        "audience": event.audience,
        "context": event.description,
        "totals": stats["totals"],
        "sessions": sessions,
        "forum": [group for group in board.proceedings(event) if group["workshops"] or group["question"]],
        "by_role": stats["attendance_by_role"] or stats["by_role"],
        "resources": [
            {"resource": r, "kind": _french(resources.KIND_LABELS[r.kind]), "url": resources.absolute_url(r, event)}
            for r in resources.public_resources(event)
        ],
        "annexes": [
            {"annex": a, "url": resources.absolute_url(a, event), "text": resources.annex_text(a)}
            for a in resources.annexes_of(event)
        ],
    }


def _french(label) -> str:
    """The proceedings are written in French, whoever downloads them."""
    from flask_babel import force_locale

    with force_locale("fr"):
        return str(label)


def _resource_line(entry: dict) -> str:
    r = entry["resource"]
    return f"{r.title}{f' — {r.author}' if r.author else ''} ({entry['kind'].lower()})"


def _annex_title(entry: dict) -> str:
    return f"Annexe {entry['annex'].number}\u00a0: {entry['annex'].title}"


def markdown(event: Event) -> str:
    p = build(event)
    t = p["totals"]
    out = [f"# {p['title']}", "", f"**{p['when']}** — {p['where']}", ""]
    if p["audience"]:
        out += [f"Public\u00a0: {p['audience']}", ""]
    out += ["## Contexte et chiffres", ""]
    if p["context"]:
        out += [p["context"], ""]
    out += [
        f"- {t['confirmed']} inscrits confirmés, {t['arrived']} présents ({t['attendance_rate']} %)",
        f"- {t['walk_ins']} inscrits sur place, {t['promotions']} passages de la liste d'attente",
        "",
    ]
    if p["sessions"]:
        out += ["## Tables rondes et interventions", ""]
        for session in p["sessions"]:
            item = session["item"]
            out += [f"### {item.title}", ""]
            if item.moderator:
                out += [f"Animée par {item.moderator}.", ""]
            if item.speakers:
                out += ["Intervenants\u00a0: " + "\u00a0; ".join(item.speakers) + ".", ""]
            if item.description:
                out += [item.description, ""]
            if session["synthesis"] and session["synthesis"].text:
                out += ["#### Synthèse", "", session["synthesis"].text, ""]
            if session["points"]:
                out += [f"- {point.text}" for point in session["points"]] + [""]
            if session["questions"]:
                out += ["#### Questions de la salle", ""]
                out += [
                    f"- {q.text} ({q.supports} soutien{'s' if q.supports > 1 else ''})" for q in session["questions"]
                ] + [""]
            for entry in session["polls"]:
                out += [f"#### Sondage\u00a0: {entry['poll'].question}", ""]
                out += [f"- {line}" for line in entry["lines"]] + [""]
    out += ["## Synthèse du forum ouvert", ""]
    for group in p["forum"]:
        q = group["question"]
        out += ["### " + (f"Question {q.position}\u00a0: {q.text}" if q else "Autres ateliers"), ""]
        if not group["workshops"]:
            out += ["_Aucune synthèse publiée._", ""]
        for item in group["workshops"]:
            out += [f"#### {item['workshop'].title}", ""]
            if item["synthesis"].text:
                out += [item["synthesis"].text, ""]
            out += [f"- {point.text}" for point in item["points"]] + [""]
    if p["resources"]:
        out += ["## Ressources", ""]
        out += [f"- [{_resource_line(e)}]({e['url']})" for e in p["resources"]] + [""]
    out += ["## Annexes", "", "### Participation par fonction", "", "| Fonction | Personnes |", "|---|---|"]
    out += [f"| {role} | {n} |" for role, n in p["by_role"]] + [""]
    for entry in p["annexes"]:
        out += [f"### {_annex_title(entry)}", "", f"<{entry['url']}>", ""]
    return "\n".join(out)


def docx(event: Event) -> bytes:
    from docx import Document

    p = build(event)
    t = p["totals"]
    doc = Document()
    doc.core_properties.title = f"Actes — {p['title']}"
    doc.add_heading(p["title"], level=0)
    doc.add_paragraph(f"{p['when']} — {p['where']}")
    if p["audience"]:
        doc.add_paragraph(f"Public\u00a0: {p['audience']}")
    doc.add_page_break()
    doc.add_heading("Contexte et chiffres", level=1)
    if p["context"]:
        doc.add_paragraph(p["context"])
    doc.add_paragraph(
        f"{t['confirmed']} inscrits confirmés, {t['arrived']} présents ({t['attendance_rate']} %).", style="List Bullet"
    )
    doc.add_paragraph(
        f"{t['walk_ins']} inscrits sur place, {t['promotions']} passages de la liste d'attente.", style="List Bullet"
    )
    if p["sessions"]:
        doc.add_heading("Tables rondes et interventions", level=1)
        for session in p["sessions"]:
            item = session["item"]
            doc.add_heading(item.title, level=2)
            if item.moderator:
                doc.add_paragraph(f"Animée par {item.moderator}.")
            if item.speakers:
                doc.add_paragraph("Intervenants\u00a0: " + "\u00a0; ".join(item.speakers) + ".")
            if item.description:
                doc.add_paragraph(item.description)
            if session["synthesis"] and session["synthesis"].text:
                doc.add_heading("Synthèse", level=3)
                doc.add_paragraph(session["synthesis"].text)
            for point in session["points"]:
                doc.add_paragraph(point.text, style="List Bullet")
            if session["questions"]:
                doc.add_heading("Questions de la salle", level=3)
                for q in session["questions"]:
                    doc.add_paragraph(
                        f"{q.text} ({q.supports} soutien{'s' if q.supports > 1 else ''})", style="List Bullet"
                    )
            for entry in session["polls"]:
                doc.add_heading(f"Sondage\u00a0: {entry['poll'].question}", level=3)
                for line in entry["lines"]:
                    doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("Synthèse du forum ouvert", level=1)
    for group in p["forum"]:
        q = group["question"]
        doc.add_heading(f"Question {q.position}\u00a0: {q.text}" if q else "Autres ateliers", level=2)
        if not group["workshops"]:
            doc.add_paragraph("Aucune synthèse publiée.")
        for item in group["workshops"]:
            doc.add_heading(item["workshop"].title, level=3)
            if item["synthesis"].text:
                doc.add_paragraph(item["synthesis"].text)
            for point in item["points"]:
                doc.add_paragraph(point.text, style="List Bullet")
    if p["resources"]:
        doc.add_heading("Ressources", level=1)
        for entry in p["resources"]:
            _link_paragraph(doc, _resource_line(entry), entry["url"], style="List Bullet")
    doc.add_heading("Annexes", level=1)
    doc.add_heading("Participation par fonction", level=2)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Fonction", "Personnes"
    for role, n in p["by_role"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = role, str(n)
    for entry in p["annexes"]:
        doc.add_heading(_annex_title(entry), level=2)
        if entry["text"] is not None:
            _embed_text(doc, entry["text"])
        else:
            _link_paragraph(doc, entry["url"], entry["url"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _link_paragraph(doc, text: str, url: str, style: str | None = None):
    """A paragraph whose text is a hyperlink to ``url`` (python-docx has no call for it: the relationship and
    the w:hyperlink element are written as Word writes them), followed by the address itself for print."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = doc.add_paragraph(style=style)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    words = OxmlElement("w:t")
    words.text = text
    words.set(qn("xml:space"), "preserve")
    run.append(words)
    link.append(run)
    paragraph._p.append(link)
    if text != url:
        paragraph.add_run(f" ({url})")
    return paragraph


def _embed_text(doc, text: str) -> None:
    """A Markdown or plain-text annex's words in the document: headings (#), bullets (- or *), paragraphs."""
    paragraph: list[str] = []

    def flush():
        if paragraph:
            doc.add_paragraph(" ".join(paragraph))
            paragraph.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("#"):
            flush()
            level = min(len(stripped) - len(stripped.lstrip("#")), 3)
            doc.add_heading(stripped.lstrip("#").strip(), level=level + 2 if level < 3 else 4)
        elif stripped[:2] in ("- ", "* "):
            flush()
            doc.add_paragraph(stripped[2:].strip(), style="List Bullet")
        else:
            paragraph.append(stripped)
    flush()
