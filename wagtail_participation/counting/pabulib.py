"""Reading and writing pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, each a line naming it followed by a header line and ``;``-separated
rows: ``META`` (key;value), ``PROJECTS`` (project_id;cost;...) and ``VOTES`` (voter_id;vote;...).
Approval, ordinal and cumulative ballots are parsed with their constraints; only approval
ballots are counted for now.

Reading then writing gives back the same bytes: every physical line is kept with its fields,
which of them were quoted, and its line ending, so a file can be re-published untouched.
Problems are reported as ``CountingError`` with the 1-based line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .election import Election, Project, check_amount
from .errors import CountingError

SECTIONS = ("meta", "projects", "votes")
APPROVAL, ORDINAL, CUMULATIVE = "approval", "ordinal", "cumulative"
VOTE_TYPES = (APPROVAL, ORDINAL, CUMULATIVE)
# META keys holding ballot constraints, all whole numbers.
CONSTRAINT_KEYS = (
    "min_length",
    "max_length",
    "min_sum_cost",
    "max_sum_cost",
    "min_sum_points",
    "max_sum_points",
    "min_points",
    "max_points",
)
_WHOLE_AMOUNT = re.compile(r"^\s*([0-9]+)(?:[.,]0*)?\s*$")
_DECIMAL_AMOUNT = re.compile(r"^\s*[0-9]*[.,][0-9]+\s*$")
_BOM = "\ufeff"


@dataclass
class Line:
    """One physical line: its fields, which were quoted, and the end of line that followed it."""

    fields: list[str]
    quoted: list[bool]
    ending: str
    number: int = 0


@dataclass
class PabulibFile:
    """A parsed ``.pb`` file.

    ``projects`` and ``votes`` map each column of their header to the row's value (as text).
    ``ballots`` holds, per vote row, a frozenset (approval), a tuple in rank order (ordinal) or
    a dict of points (cumulative).
    """

    meta: dict[str, str]
    projects: list[dict[str, str]]
    votes: list[dict[str, str]]
    vote_type: str
    budget: int
    ballots: list
    constraints: dict[str, int]
    lines: list[Line] = field(repr=False)
    bom: bool = False

    @property
    def rule(self) -> str | None:
        return self.meta.get("rule")

    def official_selection(self) -> list[str] | None:
        """Project ids the file marks as funded (``selected`` column), or None if it has none."""
        if not self.projects or "selected" not in self.projects[0]:
            return None
        return [row["project_id"] for row in self.projects if row["selected"].strip() == "1"]

    def election(self) -> Election:
        """The approval election to count; other ballot types are refused with a clear code."""
        if self.vote_type != APPROVAL:
            raise CountingError("ballot_type_not_counted", vote_type=self.vote_type)
        projects = [
            Project(row["project_id"], _amount(row["cost"], "cost")) for row in self.projects
        ]
        return Election(projects, self.budget, self.ballots)

    def to_text(self) -> str:
        return (_BOM if self.bom else "") + "".join(_format_line(line) for line in self.lines)


def read_pabulib(path) -> PabulibFile:
    """Parse the file at ``path`` (UTF-8, with or without BOM); see ``parse_pabulib``."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise CountingError("not_utf8", position=error.start) from None
    return parse_pabulib(text)


def parse_pabulib(text: str) -> PabulibFile:
    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    lines = _split_lines(text)
    reader = _Reader(lines)
    return reader.read(bom)


def write_pabulib(pb: PabulibFile) -> str:
    return pb.to_text()


def build_pabulib(
    meta: dict[str, str],
    project_header: list[str],
    project_rows: list[list[str]],
    vote_header: list[str],
    vote_rows: list[list[str]],
    ending: str = "\n",
) -> PabulibFile:
    """A new file from plain rows (for exports); it is parsed back so it is checked like any."""
    rows = [["META"], ["key", "value"], *([key, value] for key, value in meta.items())]
    rows += [["PROJECTS"], project_header, *project_rows, ["VOTES"], vote_header, *vote_rows]
    text = "".join(
        _format_line(Line([str(value) for value in row], [False] * len(row), ending))
        for row in rows
    )
    return parse_pabulib(text)


def _split_lines(text: str) -> list[Line]:
    lines = []
    physical = text.split("\n")
    for number, raw in enumerate(physical, start=1):
        last = number == len(physical)
        if last and raw == "":
            break
        ending = "" if last else "\n"
        if raw.endswith("\r"):
            raw, ending = raw[:-1], "\r" + ending
        fields, quoted = _split_fields(raw, number)
        lines.append(Line(fields, quoted, ending, number))
    return lines


def _split_fields(raw: str, number: int) -> tuple[list[str], list[bool]]:
    """Split on ``;`` outside double quotes; ``""`` inside quotes is one quote character."""
    if '"' not in raw:
        fields = raw.split(";")
        return fields, [False] * len(fields)
    fields, quoted, position = [], [], 0
    while True:
        if position < len(raw) and raw[position] == '"':
            value, position = _quoted_field(raw, position, number)
            fields.append(value)
            quoted.append(True)
            if position < len(raw) and raw[position] != ";":
                raise CountingError("text_after_closing_quote", line=number)
        else:
            end = raw.find(";", position)
            end = len(raw) if end == -1 else end
            fields.append(raw[position:end])
            quoted.append(False)
            position = end
        if position >= len(raw):
            return fields, quoted
        position += 1  # the separator
        if position == len(raw):
            fields.append("")
            quoted.append(False)
            return fields, quoted


def _quoted_field(raw: str, start: int, number: int) -> tuple[str, int]:
    parts, position = [], start + 1
    while True:
        end = raw.find('"', position)
        if end == -1:
            raise CountingError("unclosed_quote", line=number)
        parts.append(raw[position:end])
        if raw.startswith('""', end):
            parts.append('"')
            position = end + 2
        else:
            return "".join(parts), end + 1


def _format_line(line: Line) -> str:
    cells = []
    for value, was_quoted in zip(line.fields, line.quoted, strict=True):
        if was_quoted or any(char in value for char in ';"\n\r'):
            cells.append('"' + value.replace('"', '""') + '"')
        else:
            cells.append(value)
    return ";".join(cells) + line.ending


def _amount(text: str, what: str, *, line: int | None = None, project_id: str | None = None) -> int:
    match = _WHOLE_AMOUNT.match(text)
    if match is None:
        code = "amount_not_whole" if _DECIMAL_AMOUNT.match(text) else "not_a_number"
        params = {"what": what, "value": text}
        if project_id is not None:
            params["project_id"] = project_id
        raise CountingError(code, line=line, **params)
    value = int(match.group(1))
    if value > 0 and len(match.group(1)) > 40:  # refuse before building a huge integer
        raise CountingError("amount_too_large", line=line, what=what, value=text)
    return check_amount(value, what, project_id=project_id, line=line)


def _count(text: str, what: str, line: int) -> int:
    """A non-negative whole number (constraints, points)."""
    match = _WHOLE_AMOUNT.match(text)
    if match is None or len(match.group(1)) > 18:
        raise CountingError("not_a_number", line=line, what=what, value=text)
    return int(match.group(1))


class _Reader:
    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.position = 0

    def read(self, bom: bool) -> PabulibFile:
        meta_rows = self._section("meta", ("key", "value"))
        meta = {}
        for line in meta_rows:
            if len(line.fields) < 2:
                raise CountingError(
                    "wrong_field_count", line=line.number, expected=2, found=len(line.fields)
                )
            key = line.fields[0].strip()
            if key in meta:
                raise CountingError("duplicate_meta_key", line=line.number, key=key)
            meta[key] = (
                ";".join(line.fields[1:]).strip()
                if len(line.fields) > 2
                else line.fields[1].strip()
            )
        meta_lines = {line.fields[0].strip(): line.number for line in meta_rows}
        end_of_meta = meta_rows[-1].number if meta_rows else self.position
        if "budget" not in meta:
            raise CountingError("missing_budget", line=end_of_meta)
        budget = _amount(meta["budget"], "budget", line=meta_lines["budget"])
        vote_type = meta.get("vote_type", "").strip().lower()
        if vote_type not in VOTE_TYPES:
            raise CountingError(
                "unknown_vote_type",
                line=meta_lines.get("vote_type", end_of_meta),
                vote_type=vote_type,
                allowed=list(VOTE_TYPES),
            )
        constraints = {
            key: _count(meta[key], key, meta_lines[key]) for key in CONSTRAINT_KEYS if key in meta
        }
        project_header, project_rows = self._table("projects", ("project_id", "cost"))
        projects, seen = [], {}
        for line, row in project_rows:
            project_id = row["project_id"].strip()
            if not project_id:
                raise CountingError("project_id_empty", line=line)
            if project_id in seen:
                raise CountingError(
                    "duplicate_project",
                    line=line,
                    project_id=project_id,
                    first_line=seen[project_id],
                )
            seen[project_id] = line
            _amount(row["cost"], "cost", line=line, project_id=project_id)
            projects.append(row)
        if not projects:
            raise CountingError("no_projects", line=self._header_line)
        vote_header, vote_rows = self._table("votes", ("voter_id", "vote"))
        if vote_type == CUMULATIVE and "points" not in vote_header:
            raise CountingError("missing_column", line=self._header_line, column="points")
        votes, ballots, voters = [], [], {}
        for line, row in vote_rows:
            voter_id = row["voter_id"].strip()
            if voter_id in voters:
                raise CountingError(
                    "duplicate_voter", line=line, voter_id=voter_id, first_line=voters[voter_id]
                )
            voters[voter_id] = line
            ballots.append(self._ballot(row, vote_type, seen, line))
            votes.append(row)
        if not votes:
            raise CountingError("no_ballots", line=self._header_line)
        if self.position < len(self.lines):
            extra = self.lines[self.position]
            raise CountingError("unexpected_line", line=extra.number)
        return PabulibFile(
            meta, projects, votes, vote_type, budget, ballots, constraints, self.lines, bom
        )

    def _ballot(self, row, vote_type, known, line):
        chosen = [project_id.strip() for project_id in row["vote"].split(",") if project_id.strip()]
        for project_id in chosen:
            if project_id not in known:
                raise CountingError("unknown_project", line=line, project_id=project_id)
        if len(set(chosen)) != len(chosen):
            raise CountingError("project_twice_in_ballot", line=line)
        if vote_type == APPROVAL:
            return frozenset(chosen)
        if vote_type == ORDINAL:
            return tuple(chosen)
        points = [text for text in row["points"].split(",") if text.strip()]
        if len(points) != len(chosen):
            raise CountingError(
                "points_do_not_match_vote", line=line, projects=len(chosen), points=len(points)
            )
        return {
            project_id: _count(text, "points", line)
            for project_id, text in zip(chosen, points, strict=True)
        }

    def _last_number(self) -> int:
        return self.lines[-1].number if self.lines else 1

    def _skip_blank(self):
        while self.position < len(self.lines) and self._is_blank(self.lines[self.position]):
            self.position += 1

    @staticmethod
    def _is_blank(line: Line) -> bool:
        return all(not value.strip() for value in line.fields)

    def _section(self, name: str, required: tuple[str, ...]) -> list[Line]:
        """Rows of section ``name`` (after its header), checking the header names ``required``."""
        self._skip_blank()
        if self.position >= len(self.lines):
            raise CountingError("missing_section", line=self._last_number(), section=name.upper())
        title = self.lines[self.position]
        if title.fields[0].strip().lower() != name:
            raise CountingError(
                "expected_section",
                line=title.number,
                section=name.upper(),
                found=title.fields[0][:40],
            )
        self.position += 1
        if self.position >= len(self.lines):
            raise CountingError("missing_header", line=title.number, section=name.upper())
        header = self.lines[self.position]
        self._header_line = header.number
        self._header = [value.strip() for value in header.fields]
        for column in required:
            if column not in self._header:
                raise CountingError("missing_column", line=header.number, column=column)
        if len(set(self._header)) != len(self._header):
            raise CountingError("duplicate_column", line=header.number)
        self.position += 1
        rows = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            if line.fields[0].strip().lower() in SECTIONS and len(line.fields) == 1:
                break
            self.position += 1
            if not self._is_blank(line):
                rows.append(line)
        return rows

    def _table(self, name: str, required: tuple[str, ...]):
        rows = self._section(name, required)
        header = self._header
        table = []
        for line in rows:
            if len(line.fields) != len(header):
                raise CountingError(
                    "wrong_field_count",
                    line=line.number,
                    expected=len(header),
                    found=len(line.fields),
                )
            table.append((line.number, dict(zip(header, line.fields, strict=True))))
        return header, table
