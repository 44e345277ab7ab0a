"""The proceedings of the day (actes), shaped like the 2015 synthesis of the seeds: title page, context and
figures, round tables with their moderator and speakers, the open-forum synthesis question by question,
annexes with attendance by role. As Markdown, DOCX (to finish in Word or LibreOffice) and a print page."""
from __future__ import annotations

import io

from forum.attendance.statistics import statistics
from forum.board import proceedings as board
from forum.core.i18n import format_span
from forum.events.models import Event


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
        "title": event.title, "when": format_span(event.starts_at, event.ends_at, "fr"),
        "where": ", ".join(p for p in (event.venue_name, event.venue_room, event.venue_address) if p),
        "audience": event.audience, "context": event.description, "totals": stats["totals"],
        "sessions": sessions,
        "forum": [group for group in board.proceedings(event) if group["workshops"] or group["question"]],
        "by_role": stats["attendance_by_role"] or stats["by_role"],
    }


def markdown(event: Event) -> str:
    p = build(event)
    t = p["totals"]
    out = [f"# {p['title']}", "", f"**{p['when']}** — {p['where']}", ""]
    if p["audience"]:
        out += [f"Public\u00a0: {p['audience']}", ""]
    out += ["## Contexte et chiffres", ""]
    if p["context"]:
        out += [p["context"], ""]
    out += [f"- {t['confirmed']} inscrits confirmés, {t['arrived']} présents ({t['attendance_rate']} %)",
            f"- {t['walk_ins']} inscrits sur place, {t['promotions']} passages de la liste d'attente", ""]
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
                out += [f"- {q.text} ({q.supports} soutien{'s' if q.supports > 1 else ''})" for q in session["questions"]] + [""]
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
    out += ["## Annexes", "", "### Participation par fonction", "", "| Fonction | Personnes |", "|---|---|"]
    out += [f"| {role} | {n} |" for role, n in p["by_role"]] + [""]
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
    doc.add_paragraph(f"{t['confirmed']} inscrits confirmés, {t['arrived']} présents ({t['attendance_rate']} %).",
                      style="List Bullet")
    doc.add_paragraph(f"{t['walk_ins']} inscrits sur place, {t['promotions']} passages de la liste d'attente.",
                      style="List Bullet")
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
                    doc.add_paragraph(f"{q.text} ({q.supports} soutien{'s' if q.supports > 1 else ''})", style="List Bullet")
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
    doc.add_heading("Annexes", level=1)
    doc.add_heading("Participation par fonction", level=2)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Fonction", "Personnes"
    for role, n in p["by_role"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = role, str(n)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
