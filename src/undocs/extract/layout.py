"""A printed page's layout, settled from positions: which fragments make a line, in
which order the lines are read, how far each is indented.

- Letters stacked one above the other in a margin (a regional commission prints its
  name that way beside the masthead) are not text of the document: dropped.
- A masthead in two blocks (organ on the left, symbol, distribution, date on the right)
  whose lines do not pair up: the left block is read before the right one.
- Two columns (verbatim records): a gutter that almost no line crosses. The page is
  read band by band (a band ends at a line across the gutter or at a blank strip across
  both columns), the left column of a band before its right column.
- Two columns in a part of a page read across (a budget fascicle's list of mandates, a
  two-column table of text): rows that no fragment crosses at one gutter, text on both
  sides, side by side on several rows. The left column of that part is read before its
  right column.
- Fragments on one baseline within a column are one line (superscript digits become
  footnote markers).
- Each line knows its column; `indent_lines` measures indents from the left edge of
  that column over the whole document.
"""

from __future__ import annotations

import bisect
import math
import re
import statistics
from typing import Final

from undocs.extract.bidi import RTL_CHARS
from undocs.extract.lines import MARK, Line

_MARKER: Final = re.compile(r"^(?:\d{1,3}|\*{1,3}|[a-z])$")


def arrange(frags: list[Line], width: float, height: float, page: int, *, scanned: bool = False) -> list[Line]:
    """A page's fragments as lines in reading order (`scanned`: read by OCR)."""
    frags = _drop_stacked_letters(frags)
    gutter = _gutter(frags, width, height, scanned)
    if gutter is None:
        groups = _head_blocks(frags, width, height) if page == 1 else []
        rest = [f for f in frags if not any(f in g for g in groups)] if groups else frags
        parts = _local_columns(rest, width)
        groups = [_merge(g) for g in groups] + [_merge(part) for part, _ in parts]
        for (_, column), group in zip(parts, groups[len(groups) - len(parts) :], strict=True):
            for line in group:
                line.column = column
        lines = [line for group in groups for line in group]
        _finish(lines, groups, height, page)
        return _notes_by_size(lines)
    groups = [_merge(group) for group in _bands(frags, gutter)]
    for group in groups:
        for line in group:
            line.column = 1 if line.x0 >= gutter - 2 else 0
    lines = [line for group in groups for line in group]
    _finish(lines, groups, height, page)
    for group in groups[1:]:
        if group:
            group[0].new_page = True  # the flow goes on in another column: like a page break
    return lines


#: What a page's rule above its notes reads as, where the rule is drawn rather than typed
RULE: Final = "__________________"
_NOTE_FIRST: Final = re.compile(r"^(?:" + MARK + r")?(?:\d{1,3}|\(\d{1,3}\)|\*{1,3})(?:" + MARK + r")?\s+\S")


def _notes_by_size(lines: list[Line]) -> list[Line]:
    """A page's notes where the rule above them is drawn, not typed (Word draws it): the
    lines at the foot of the page in smaller type than its text, the first of them opening
    with a note number, get the rule a typed page would have before them."""
    if any(line.text.startswith("_____") for line in lines):
        return lines
    text_sizes = [line.size for line in lines if len(line.text) > 40 and line.zone == "body"]
    if len(text_sizes) < 3:
        return lines
    body = statistics.median(text_sizes)
    k = len(lines)
    while k > 0 and (len(lines[k - 1].text) < 12 or lines[k - 1].zone == "bottom" and len(lines[k - 1].text) < 40):
        k -= 1  # the page's foot: page number, job number
    first = k
    while first > 0 and 0 < lines[first - 1].size <= 0.85 * body:
        first -= 1
    if first == k or first < 3 or not _NOTE_FIRST.match(lines[first].text):
        return lines
    top = lines[first]
    rule = Line(text=RULE, page=top.page, x0=top.x0, x1=top.x0 + 72, y=top.y - 0.5, size=top.size, zone=top.zone)
    return [*lines[:first], rule, *lines[first:]]


def _drop_stacked_letters(frags: list[Line]) -> list[Line]:
    """Fragments of one to three letters standing in one narrow column, four or more of
    them one under the other: a word printed vertically (a logo), not a line of text."""
    short = [f for f in frags if len(f.text.strip()) <= 3 and f.text.strip().isalpha()]
    if len(short) < 4:
        return frags
    stacked: set[int] = set()
    short.sort(key=lambda f: (f.x0 + f.x1) / 2)
    i = 0
    while i < len(short):
        j = i
        centre = (short[i].x0 + short[i].x1) / 2
        while j + 1 < len(short) and (short[j + 1].x0 + short[j + 1].x1) / 2 - centre < 8:
            j += 1
        if j - i + 1 >= 4:
            stacked.update(id(f) for f in short[i : j + 1])
        i = j + 1
    if not stacked:
        return frags
    return [f for f in frags if id(f) not in stacked]


def _head_blocks(frags: list[Line], width: float, height: float) -> list[list[Line]]:
    """The masthead's left and right blocks, or nothing. The masthead is the run of
    fragments at the top of the page down to the first line across the middle of the
    page (not the organs' names in large type: a joint masthead prints "General Assembly
    Security Council" across it) or the first wide blank strip; its two blocks end with
    the right one. What stands in the page's top band (series letters, a logo's words)
    is read first, as a block of its own."""
    middle = width / 2
    band = [f for f in frags if f.y < 0.09 * height]
    top = sorted((f for f in frags if 0.09 * height <= f.y < 0.4 * height), key=lambda f: f.y)
    sizes = sorted(f.size for f in frags if f.size > 0)
    large = 1.4 * sizes[len(sizes) // 2] if sizes else math.inf
    end: float | None = None
    across_large = False
    for f in top:
        if f.x0 < 0.45 * width and f.x1 > 0.55 * width:
            if f.size < large:
                break  # a line across the page: the masthead is above it
            across_large = True
        if end is not None and f.y - end > max(4 * f.size, 0.1 * height):
            break
        end = f.y
    if end is None:
        return []
    rights = [f for f in top if f.y <= end and f.x0 >= middle]
    if across_large:
        # past the organs' line nothing says where the masthead ends but its right block:
        # its lines follow each other, and a blank of two lines ends it
        run = rights[:1]
        for f in rights[1:]:
            if f.y - run[-1].y > 2.5 * max(f.size, run[-1].size, 6):
                break
            run.append(f)
        rights = run
    right_end = max((f.y for f in rights), default=None)
    if right_end is None:
        return []
    # below the right block the masthead goes on in one column (session, agenda item): read
    # on; an organ's name in large type can reach half its size below the right block's end
    head = [f for f in top if f.y <= right_end + max(2.0, 0.5 * f.size if f.x0 < middle else 0.0)]
    left = [f for f in head if f.x0 < middle]
    right = [f for f in head if f.x0 >= middle]
    if not left:
        return []
    return [band, left, right] if band else [left, right]


def _gutter(frags: list[Line], width: float, height: float, scanned: bool) -> float | None:
    """The x of the gap between two text columns, or None for a page read across."""
    body = [f for f in frags if 0.09 * height < f.y < 0.92 * height]
    if len(body) < 16:
        return None
    middle = width / 2
    across = sum(1 for f in body if f.x0 < middle - 4 and f.x1 > middle + 4)
    if across > 0.3 * len(body):
        return None  # most lines run across the middle: one column
    candidates = sorted({round(f.x1) + 1 for f in body if 0.35 * width < f.x1 < 0.65 * width})
    best: tuple[int, float] | None = None
    for g in candidates:
        crossing = sum(1 for f in body if f.x0 < g - 2 and f.x1 > g + 2)
        if best is None or crossing < best[0]:
            best = (crossing, float(g))
    if best is None:
        return None
    crossing, gutter = best
    left = [f for f in body if f.x1 <= gutter + 2]
    right = [f for f in body if f.x0 >= gutter - 2]
    if len(left) < 8 or len(right) < 8 or crossing > 0.15 * len(body):
        return None
    # both sides are text (lines a third of the page wide), not the cells of a table; a line
    # of a text layer is a fragment; on a scan, what stands on one baseline on its side, and
    # the upper quartile (OCR cuts a justified line at wide spaces and leaves out words)
    for side in (left, right):
        if scanned:
            widths = sorted(_row_widths(side))
            typical = widths[(3 * len(widths)) // 4]
        else:
            typical = statistics.median(f.x1 - f.x0 for f in side)
        if typical < 0.25 * width:
            return None
    return gutter


def _row_widths(frags: list[Line]) -> list[float]:
    """The width each baseline's fragments span together."""
    spans: dict[int, tuple[float, float]] = {}
    for f in frags:
        key = round(f.y)
        x0, x1 = spans.get(key, (f.x0, f.x1))
        spans[key] = (min(x0, f.x0), max(x1, f.x1))
    return [x1 - x0 for x0, x1 in spans.values()]


#: The most rows a part in two columns is looked for over (bounds the work on a page of
#: thousands of rows)
_MAX_BAND_ROWS: Final = 120


def _local_columns(frags: list[Line], width: float) -> list[tuple[list[Line], int]]:
    """The page's fragments as parts in reading order, each with its column (0, or 1 for
    the right column of a part printed in two): rows (fragments on one baseline) that leave
    one gutter free in the middle of the page, with text on both sides of it side by side
    (on three rows or more each), all in one type size, make a part read left column first."""
    if sum(1 for f in frags if f.x0 >= 0.3 * width) < 3:
        return [(frags, 0)]  # nothing stands right of a gutter: no part in two columns (most pages)
    rows: list[list[Line]] = []
    for f in sorted(frags, key=lambda f: f.y):
        if rows and abs(f.y - rows[-1][0].y) <= 2:
            rows[-1].append(f)
        else:
            rows.append([f])
    lo, hi = 0.3 * width, 0.7 * width
    open_rows = [
        not any(f.x0 < lo + 8 and f.x1 > hi - 8 for f in row) and bool(_free_of([(lo, hi)], row)) for row in rows
    ]
    parts: list[tuple[list[Line], int]] = []
    pending: list[Line] = []
    i = 0
    while i < len(rows):
        if not open_rows[i]:  # a line across the middle: no part in two columns starts here
            pending.extend(rows[i])
            i += 1
            continue
        free = [(0.3 * width, 0.7 * width)]
        size = max(f.size for f in rows[i])
        j = i
        while j < len(rows) and j - i < _MAX_BAND_ROWS and open_rows[j]:
            narrowed = _free_of(free, rows[j])
            # a row in another type size (a heading over the next list) ends the part
            if not narrowed or abs(max(f.size for f in rows[j]) - size) > 0.1 * size:
                break
            free, j = narrowed, j + 1
        gutter = _band_gutter(rows[i:j], free, width)
        if gutter is None:
            # a later start inside this run sees the same rows: try its second half, not each row
            step = 1 if j - i <= 4 else (j - i) // 2
            for row in rows[i : i + step]:
                pending.extend(row)
            i += step
            continue
        if pending:
            parts.append((pending, 0))
            pending = []
        band = [f for row in rows[i:j] for f in row]
        parts.append(([f for f in band if f.x1 <= gutter], 0))
        parts.append(([f for f in band if f.x1 > gutter], 1))
        i = j
    if pending or not parts:
        parts.append((pending, 0))
    return parts


def _free_of(free: list[tuple[float, float]], row: list[Line]) -> list[tuple[float, float]]:
    """The intervals of `free` that no fragment of `row` covers (with 2 pt to spare)."""
    out = free
    for f in row:
        a, b = f.x0 - 2, f.x1 + 2
        out = [piece for lo, hi in out for piece in ((lo, min(hi, a)), (max(lo, b), hi)) if piece[1] - piece[0] >= 6]
    return out


def _band_gutter(run: list[list[Line]], free: list[tuple[float, float]], width: float) -> float | None:
    """The gutter of rows that leave `free` open, if they are two columns of text."""
    if len(run) < 4 or not free:
        return None
    lo, hi = max(free, key=lambda piece: piece[1] - piece[0])
    gutter = (lo + hi) / 2
    left_y = [row[0].y for row in run if any(f.x1 <= gutter for f in row)]
    right_y = [row[0].y for row in run if any(f.x0 >= gutter for f in row)]
    if len(left_y) < 3 or len(right_y) < 3:
        return None
    # side by side (the two columns' baselines need not line up), not one after the other
    overlap = min(left_y[-1], right_y[-1]) - max(left_y[0], right_y[0])
    if overlap < 0.5 * min(left_y[-1] - left_y[0], right_y[-1] - right_y[0]):
        return None
    left = [f.x1 - f.x0 for row in run for f in row if f.x1 <= gutter]
    right = [f.x1 - f.x0 for row in run for f in row if f.x0 >= gutter]
    # text on both sides (lines a fifth of the page wide), not a table's cells of figures
    if statistics.median(left) < 0.2 * width or statistics.median(right) < 0.2 * width:
        return None
    return gutter


def _bands(frags: list[Line], gutter: float) -> list[list[Line]]:
    """Groups of fragments in reading order: per band, the left column then the right;
    a fragment across the gutter is a group of its own. A band ends at a blank strip
    across the page and at a heading in another type size with nothing beside it."""
    ordered = sorted(frags, key=lambda f: f.y)
    column = [f for f in ordered if f.x1 <= gutter + 2]  # the line pitch of one column
    steps = [b.y - a.y for a, b in zip(column, column[1:], strict=False) if b.y - a.y > 2]
    pitch = statistics.median(steps) if steps else 12.0
    groups: list[list[Line]] = []
    left: list[Line] = []
    right: list[Line] = []
    last_y: float | None = None

    def flush() -> None:
        if left:
            groups.append(list(left))
        if right:
            groups.append(list(right))
        left.clear()
        right.clear()

    sizes: dict[bool, float] = {}
    ys = {side: [f.y for f in ordered if (f.x0 >= gutter - 2) is side] for side in (False, True)}
    for f in ordered:
        if last_y is not None and f.y - last_y > 2.5 * pitch:
            flush()  # a blank strip across the page
        side = f.x0 >= gutter - 2
        if len(f.text.strip()) > 3:
            size = sizes.get(side)
            if size is not None and abs(f.size - size) > 0.1 * size and _blank_beside(ys[not side], f.y, pitch):
                flush()  # a heading in another type size, nothing beside it: the parts above and below are read apart
            sizes[side] = f.size
        last_y = f.y
        if f.x0 < gutter - 2 and f.x1 > gutter + 2:
            flush()
            groups.append([f])
        elif f.x1 <= gutter + 2:
            left.append(f)
        else:
            right.append(f)
    flush()
    return groups


def _blank_beside(ys: list[float], y: float, pitch: float) -> bool:
    """Whether the other column has nothing within a line and a half of `y` (ys sorted)."""
    k = bisect.bisect_left(ys, y - 1.5 * pitch)
    return k == len(ys) or ys[k] > y + 1.5 * pitch


def _merge(frags: list[Line]) -> list[Line]:
    """Sort fragments top-down and join those on one baseline (superscripts included)."""
    frags = sorted(frags, key=lambda f: f.y)
    groups: list[list[Line]] = []
    for f in frags:
        if groups:
            head = groups[-1][0]
            small, big = sorted((f.size, head.size))
            # a raised marker shares the line of the text it follows; big letters beside
            # small ones (an old masthead) do not make one line with them
            marker = small < 0.8 * big and _MARKER.match((f if f.size == small else head).text.strip())
            if abs(f.y - head.y) <= 0.45 * max(big if marker else small, 6):
                groups[-1].append(f)
                continue
        groups.append([f])
    out: list[Line] = []
    for group in groups:
        group.sort(key=lambda f: f.x0)
        rtl = len(group) > 1 and _right_to_left(" ".join(f.text for f in group))
        if rtl:
            group.reverse()  # an Arabic line is read from its right end: its fragments too
        main = max(group, key=lambda f: (f.size, len(f.text)))
        line = prev = group[0]
        for f in group[1:]:
            if f.size < 0.8 * main.size and f.y < main.y - 0.5 and _MARKER.match(f.text):
                line.text += MARK + f.text + MARK
            else:
                # cells: far apart for the smaller type of the two sides (a masthead's organs in
                # large type, its "Distr." in small type beside them on one baseline)
                gap = line.x0 - f.x1 if rtl else f.x0 - line.x1
                wide = gap > 3 * max(min(prev.size, f.size) if prev.size > 0 < f.size else main.size, 6)
                line.text = line.text + ("\t" if f.apart or wide else " ") + f.text
                prev = f
            line.x0, line.x1 = min(line.x0, f.x0), max(line.x1, f.x1)
        if line is not main:
            line.y, line.size, line.bold = main.y, main.size, main.bold
        out.append(line)
    return out


def _finish(lines: list[Line], groups: list[list[Line]], height: float, page: int) -> None:
    """Bands of the page, first-line flags and gaps before lines (a group's first line
    measured from the line read before it, when that stands above it)."""
    previous: Line | None = None
    for group in groups:
        steps = sorted(b.y - a.y for a, b in zip(group, group[1:], strict=False) if b.y - a.y > 2)
        typical = steps[len(steps) // 3] if steps else 12.0  # the body's line pitch, whatever the font says
        for i, line in enumerate(group):
            above = group[i - 1] if i else previous
            if above is not None and line.y > above.y:
                pitch = max(typical, 1.15 * line.size if line.size > 3 else 0)
                line.gap = max(0.0, (line.y - above.y) / pitch - 1)
        if group:
            previous = group[-1]
    for i, line in enumerate(lines):
        line.zone = "top" if line.y < 0.09 * height else "bottom" if line.y > 0.92 * height else "body"
        if i == 0 and page > 1:
            line.new_page = True


def indent_lines(lines: list[Line]) -> None:
    """Each line's indent from its column's left edge (the position most lines of the
    column start at, over the whole document: a page may hold only indented lines), and
    the space it leaves before the column's right edge; for a right-to-left line, from the
    right edge and before the left one."""
    margins: dict[int, tuple[float, float]] = {}
    for column in {line.column for line in lines}:
        inside = [line for line in lines if line.column == column and line.zone == "body"] or lines
        xs = [round(line.x0) for line in inside]
        rights = sorted(line.x1 for line in inside)
        margins[column] = (statistics.mode(xs), rights[int(0.9 * (len(rights) - 1))])
    for line in lines:
        left, right = margins[line.column]
        if _right_to_left(line.text):  # read from the right: indented from the right edge, ragged on the left
            line.indent = right - line.x1
            line.rest = max(0.0, line.x0 - left)
        else:
            line.indent = line.x0 - left
            line.rest = max(0.0, right - line.x1)


def _right_to_left(text: str) -> bool:
    """Mostly right-to-left letters (Arabic): the line starts at its right end."""
    if RTL_CHARS.search(text) is None:
        return False  # most lines, at the cost of one search
    rtl = len(RTL_CHARS.findall(text))
    return rtl * 2 >= sum(c.isalpha() for c in text)
