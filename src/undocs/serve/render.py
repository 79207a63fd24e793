"""Records as text for people: the summary and the Markdown views of the CLI."""

from __future__ import annotations

from undocs.record import CONTRACT_FIELDS, Block, Record


def summary(rec: Record) -> str:
    """A few lines that say what the document is."""
    agenda = "; ".join(f"{a.number} {a.title or ''}".strip() for a in rec.agenda_items) or "-"
    kinds: dict[str, int] = {}
    for b in rec.blocks:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    lines = [
        f"{rec.symbol or '(no symbol)'}  [{rec.language}]  {rec.doc_type or '?'}  {rec.date or ''}",
        f"  {rec.organ or '-'}{' / ' + rec.body if rec.body else ''}, session {rec.session or '-'}, distr. {rec.distribution or '-'}",
        f"  title: {rec.title or '-'}",
        f"  agenda: {agenda}",
        f"  job: {rec.job_number or '-'} ({rec.job_language or '-'}), original: {', '.join(rec.original_languages) or '-'}",
        f"  body: {', '.join(f'{v} {k}' for k, v in kinds.items()) or 'empty'}",
        f"  cites: {', '.join(rec.references[:8]) or '-'}{' ...' if len(rec.references) > 8 else ''}",
    ]
    return "\n".join(lines)


def markdown(rec: Record) -> str:
    """The record as a readable Markdown document: masthead table, then the body."""
    out = [f"# {rec.symbol or '(no symbol)'}", ""]
    if rec.title:
        out += [f"**{rec.title}**", ""]
    out += ["| field | value |", "|---|---|"]
    scalars = [
        f
        for f in CONTRACT_FIELDS
        if f not in ("symbol", "symbols", "title", "original_languages", "agenda_items", "references", "blocks")
    ]
    for name in scalars:
        value = getattr(rec, name)
        if value:
            out.append(f"| {name} | {value} |")
    if rec.original_languages:
        out.append(f"| original | {', '.join(rec.original_languages)} |")
    for a in rec.agenda_items:
        out.append(f"| agenda item | {a.number} {a.title or ''} |")
    out.append("")
    for b in rec.blocks:
        text = _with_markers(b)
        if b.kind in ("heading", "annex_heading"):
            out += [f"## {text}", ""]
        elif b.kind == "footnote":
            out += [f"[^{_note_key(b.annex, b.number)}]: {text}", ""]
        elif b.number:
            out += [f"{b.number}. {text}" if b.kind != "subparagraph" else f"   ({b.number}) {text}", ""]
        elif b.kind in ("signature", "closing", "enacting"):
            out += ["  \n".join(f"*{line}*" for line in text.split("\n")), ""]  # a printed line break kept
        else:
            out += [text, ""]
    if rec.references:
        out += ["## References", ""] + [f"- {s}" for s in rec.references] + [""]
    return "\n".join(out)


def _note_key(annex: int | None, marker: str | None) -> str:
    """A footnote's Markdown label: its marker, set apart per annex (annexes number their notes anew)."""
    return f"{marker}" if not annex else f"a{annex}-{marker}"


def _with_markers(b: Block) -> str:
    """A block's text with its footnote references where the markers stood (`[^1]`)."""
    text = b.text
    for note in sorted(b.notes, key=lambda n: n.offset, reverse=True):
        at = max(0, min(note.offset, len(text)))
        text = text[:at] + f"[^{_note_key(b.annex, note.marker)}]" + text[at:]
    return text


def search_table(result) -> None:  # noqa: ANN001 - a SearchResult
    """Hits as a table, then the facets, on the terminal."""
    import html
    import re
    import textwrap

    from rich.console import Console
    from rich.table import Table

    console = Console()
    hits = f"{result.total} hit{'' if result.total == 1 else 's'}"
    table = Table(title=f"{hits} ({result.took_ms:.0f} ms)", show_lines=False)
    for col in ("symbol", "lang", "date", "type", "snippet"):
        table.add_column(col, overflow="fold")
    for h in result.hits:
        # the snippet is HTML (escaped text, <mark> around hits): the terminal gets its text,
        # cut between words
        snippet = html.unescape(re.sub(r"</?mark>", "", h.snippet))
        lang = " ".join(h.versions) if len(h.versions) > 1 else h.language  # grouped: its matching versions
        table.add_row(h.symbol, lang, h.date or "", h.doc_type or "", textwrap.shorten(snippet, 160, placeholder=" …"))
    console.print(table)
    for name, values in result.facets.items():
        if values:
            console.print(f"[bold]{name}[/bold]: " + ", ".join(f"{v} ({n})" for v, n in values[:10]))
