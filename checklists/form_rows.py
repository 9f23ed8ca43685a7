"""The form's content, once, for every renderer (.xlsx and PDF).

Both documents must print the same words, so everything a reader sees is
decided here from stored data: title, heading lines, one row of cell texts per
item, the merged 项目名称 groups, the signature block, the summary and the
photo captions in their order. Renderers only lay it out. The text of the
存在问题 / 专家建议 cells comes from `answer_cells` alone: the single place
to change when item kinds gain their own ways of being answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from checklists.form_style import chinese_date, chinese_day, local_time, overflows
from checklists.geo import gps_text, map_link
from checklists.inspection import Answer, FilledInspection, Photo
from checklists.questions import registry
from checklists.model import Checklist, Hazard, Item, Result

HEADERS = ("序号", "项目名称", "具体内容", "印证资料", "存在问题", "专家建议")
# What the 存在问题 cell says for a verdict that is not a problem.
NO_PROBLEM = {Result.OK: "无"}
# The typed-name line under each signature blank, by signature label.
NAME_LABELS = {"专家签字": "检查人员", "企业主要负责人签字": "企业主要负责人"}
DIGEST_CHARS = 12
SHORT_CONTENT = 40


@dataclass(frozen=True)
class FormRow:
    """One item of the official table, as cell texts."""

    number: int
    item_id: str
    content: str
    evidence: str
    problem: str
    advice: str
    major: bool  # a 重大隐患: renderers highlight the problem cell


@dataclass(frozen=True)
class GroupSpan:
    """A 项目名称 spanning rows[first..last] (inclusive indexes)."""

    title: str
    first: int
    last: int


@dataclass(frozen=True)
class Signature:
    """A blank for a handwritten signature, and the typed name on its own line."""

    label: str  # 专家签字
    name_line: str  # 检查人员：张三


@dataclass(frozen=True)
class PhotoEntry:
    """A photo on the photo pages, numbered 1..N in the order printed."""

    index: int
    photo: Photo
    number: int | None  # the item's 序号; None for a general photo
    item_text: str
    received: str
    location: str
    digest: str


@dataclass(frozen=True)
class FormModel:
    title: str
    enterprise_line: str
    date_line: str
    inspector_line: str
    location_line: str  # "" when no location was shared
    map_url: str
    rows: tuple[FormRow, ...]
    groups: tuple[GroupSpan, ...]
    signatures: tuple[Signature, ...]
    summary: str
    photos: tuple[PhotoEntry, ...]
    headers: tuple[str, ...] = HEADERS

    @property
    def photo_heading(self) -> str:
        """What every photo page repeats at its top: the form, the enterprise, the day."""
        return f"{self.enterprise_line}　{self.date_line}　照片附页（共 {len(self.photos)} 张）"


def answer_cells(item: Item, answer: Answer | None) -> tuple[str, str]:
    """(存在问题, 专家建议) for one item: the seam every answer kind goes through.

    A verdict prints as the official table has it; any other question type
    prints its value as the type reads it (数值 and unit, the option, the date).
    """
    if answer is None:
        return "", ""
    if answer.result is Result.ANSWERED:
        return registry.value_text(item, answer), ""
    if answer.result is not Result.PROBLEM:
        return NO_PROBLEM.get(answer.result, answer.result.value), ""
    return _problem(item, answer), answer.advice or ""


def _problem(item: Item, answer: Answer) -> str:
    """The problem with its level, the clause it matches, and the hazard's deadline."""
    problem = answer.problem or Result.PROBLEM.value
    if answer.hazard is Hazard.MAJOR:
        problem = f"【重大隐患】{problem}"
    elif answer.hazard is Hazard.GENERAL:
        problem = f"【一般隐患】{problem}"
    if item.standard and answer.hazard is Hazard.MAJOR:
        problem += f"\n（依据《工贸企业重大事故隐患判定标准》{item.standard}）"
    if answer.deadline is not None:
        problem += f"\n整改时限：{chinese_day(answer.deadline)}"
    if answer.rectification:
        problem += f"\n整改情况：{answer.rectification}"
    return problem


def is_major(answer: Answer | None) -> bool:
    return answer is not None and answer.result is Result.PROBLEM and answer.hazard is Hazard.MAJOR


def ordered_photos(checklist: Checklist, photos: tuple[Photo, ...]) -> list[Photo]:
    """Item order as on the form, then arrival; general or unknown-item photos last."""
    position = {item.id: index for index, item in enumerate(checklist.items)}
    last = len(position)

    def key(photo: Photo) -> tuple[int, float, int]:
        slot = position.get(photo.item_id, last) if photo.item_id is not None else last
        return slot, photo.received_at.timestamp(), photo.id

    return sorted(photos, key=key)


def photo_note(indexes: list[int]) -> str:
    """The row's pointer to its evidence: （附照片2张，见附页第3–4张）."""
    if not indexes:
        return ""
    where = f"第{indexes[0]}张" if len(indexes) == 1 else f"第{indexes[0]}–{indexes[-1]}张"
    return f"（附照片{len(indexes)}张，见附页{where}）"


def build_model(filled: FilledInspection, tz: ZoneInfo) -> FormModel:
    """Everything both renderers print, from stored data only."""
    inspection = filled.inspection
    photos = _photo_entries(filled, tz)
    rows, groups = _rows(filled, photos)
    enterprise = inspection.enterprise.name if inspection.enterprise else ""
    location_line, url = "", ""
    if inspection.location is not None:
        point = inspection.location
        location_line = f"检查地点：{gps_text(point.latitude, point.longitude)}（GPS）"
        url = map_link(point.latitude, point.longitude)
    return FormModel(
        title=inspection.checklist.title,
        enterprise_line=f"企业名称：{enterprise}",
        date_line=f"日期：{chinese_date(inspection.submitted_at or inspection.started_at, tz)}",
        inspector_line=f"检查人：{inspection.inspector.full_name}",
        location_line=location_line,
        map_url=url,
        rows=rows,
        groups=groups,
        signatures=_signatures(filled),
        summary=summary_text(filled, rows, len(photos)),
        photos=photos,
    )


def _rows(filled: FilledInspection, photos: tuple[PhotoEntry, ...]) -> tuple[tuple[FormRow, ...], tuple[GroupSpan, ...]]:
    by_item: dict[str, list[int]] = {}
    for entry in photos:
        if entry.photo.item_id is not None:
            by_item.setdefault(entry.photo.item_id, []).append(entry.index)
    rows: list[FormRow] = []
    groups: list[GroupSpan] = []
    for group in filled.inspection.checklist.groups:
        first = len(rows)
        for item in group.items:
            answer = filled.answers.get(item.id)
            problem, advice = answer_cells(item, answer)
            note = photo_note(by_item.get(item.id, []))
            problem = "\n".join(t for t in (problem, note) if t)
            rows.append(FormRow(item.number, item.id, item.content, item.evidence, problem, advice,
                                is_major(answer)))
        if len(rows) > first:
            groups.append(GroupSpan(group.title, first, len(rows) - 1))
    return tuple(rows), tuple(groups)


def _signatures(filled: FilledInspection) -> tuple[Signature, ...]:
    inspection = filled.inspection
    labels = inspection.checklist.signatures or ("专家签字", "企业主要负责人签字")
    names = (inspection.inspector.full_name, inspection.principal_name or "")
    result = []
    for index, label in enumerate(labels):
        name_label = NAME_LABELS.get(label, label.removesuffix("签字") or label)
        name = names[index] if index < len(names) else ""
        result.append(Signature(label, f"{name_label}：{name}"))
    return tuple(result)


def _photo_entries(filled: FilledInspection, tz: ZoneInfo) -> tuple[PhotoEntry, ...]:
    checklist = filled.inspection.checklist
    location = filled.inspection.location
    where = gps_text(location.latitude, location.longitude) if location else ""
    entries = []
    for index, photo in enumerate(ordered_photos(checklist, filled.photos), start=1):
        number, text = _photo_item(checklist, photo)
        received = local_time(photo.received_at, tz).strftime("%Y-%m-%d %H:%M")
        entries.append(PhotoEntry(index, photo, number, text, received, where, photo.sha256[:DIGEST_CHARS]))
    return tuple(entries)


def _photo_item(checklist: Checklist, photo: Photo) -> tuple[int | None, str]:
    if photo.item_id is not None and checklist.has_item(photo.item_id):
        item = checklist.item(photo.item_id)
        content = item.content
        if len(content) > SHORT_CONTENT:
            content = content[: SHORT_CONTENT - 1] + "…"
        return item.number, content
    return None, "综合照片" if photo.item_id is None else f"未知项目（{photo.item_id}）"


def photo_caption(entry: PhotoEntry, taken: datetime | None) -> list[str]:
    """Caption lines under a photo; `taken` is EXIF DateTimeOriginal when the file has one.

    The digest lets a printed copy be matched to the stored file.
    """
    label = f"序号{entry.number}" if entry.number is not None else "综合"
    lines = [f"附页第{entry.index}张　{label}：{entry.item_text}"]
    if entry.photo.caption:
        lines.append(f"说明：{entry.photo.caption}")
    if taken is not None:
        lines.append(f"拍摄时间：{taken.strftime('%Y-%m-%d %H:%M')}")
    else:
        lines.append(f"接收时间：{entry.received}")
    if entry.location:
        lines.append(f"检查地点：{entry.location}")
    lines.append(f"SHA-256：{entry.digest}")
    return lines


def summary_text(filled: FilledInspection, rows: tuple[FormRow, ...], photos: int) -> str:
    """Counts a supervisor wants at a glance, kept outside the official table."""
    answers = [filled.answers.get(row.item_id) for row in rows]
    count = {result: sum(1 for a in answers if a and a.result is result) for result in Result}
    major = sum(1 for a in answers if is_major(a))
    text = (
        f"汇总：符合 {count[Result.OK]} 项，存在问题 {count[Result.PROBLEM]} 项"
        f"（其中重大隐患 {major} 项），不涉及 {count[Result.NOT_APPLICABLE]} 项"
    )
    unanswered = sum(1 for a in answers if a is None)
    if unanswered:
        text += f"，未作答 {unanswered} 项"
    text += f"；照片 {photos} 张（见照片附页）。"
    clipped = [str(row.number) for row in rows if any(overflows(t, w) for t, w in row_texts(row))]
    if clipped:
        text += f"第 {'、'.join(clipped)} 项文字过长，打印时显示不全，请以电子表格为准。"
    return text


WIDTHS = (6.0, 14.0, 40.0, 36.0, 30.0, 30.0)  # column widths in Excel units; the PDF scales them


def row_texts(row: FormRow) -> list[tuple[str, float]]:
    """(text, column width) of a row's wrapping cells, for height estimates."""
    return [(row.content, WIDTHS[2]), (row.evidence, WIDTHS[3]), (row.problem, WIDTHS[4]),
            (row.advice, WIDTHS[5])]
