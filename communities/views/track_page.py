"""What the page of one track shows, read and worded once for the template.

The page lists the track's items, milestones and workshop attendance, each row with its links and
dates. Written with ``{% url %}``, ``get_…_display``, ``{% when %}`` and ``{% blocktranslate %}`` per
row, the rows cost more than the rest of the page; here each row is a plain dict (the template's
quickest lookup) with its labels, dates and addresses ready, every address pattern reversed once.
"""

import datetime
import functools
from collections.abc import Mapping
from types import MappingProxyType

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from p2g.date_text import date_text, when_html

from ..forms import StageMoveForm
from ..models import ChecklistItem, CommunityKind, ItemStatus, Stage
from ..selectors import COMPLETE_STATUSES, FoundationBlock
from .common import url_maker

#: How much of the notes the tables show (the item's page shows them in full).
ITEM_NOTES_SHOWN = 160
FOUNDATION_NOTES_SHOWN = 240


@functools.lru_cache(maxsize=32)
def _stage_fields(next_stage: str, language: str) -> Mapping[str, str]:
    form = StageMoveForm(initial={"to": next_stage})  # in ``language``: the active one when called
    return MappingProxyType({"to": str(form["to"]), "on": form["on"].as_field_group()})


def stage_fields(next_stage: str) -> Mapping[str, str]:
    """The fields of the form that moves a track to ``next_stage``, rendered: ``to`` (hidden) and ``on``
    (with its label and help). The form is never bound on the track's page (it posts to its own view)
    and holds nothing of the viewer, so its markup is the same for every track going to that stage."""
    return _stage_fields(next_stage, translation.get_language())


def _labels(choices) -> dict[str, str]:
    """Code → label of a ``TextChoices``, translated once (``get_FOO_display`` rebuilds them every call)."""
    return {code: str(label) for code, label in choices.choices}


def header(track) -> dict:
    """The facts at the top of the page: ``kind_label``, ``stage_label``, ``started`` and ``joined``
    (``{% when %}``, empty when the community has not joined the network)."""
    return {
        "kind_label": _labels(CommunityKind).get(track.community.kind, track.community.kind),
        "stage_label": _labels(Stage).get(track.stage, track.stage),
        "started": when_html(track.started_on),
        "joined": when_html(track.joined_network_on) if track.joined_network_on else "",
    }


def item_rows(foundations: list[FoundationBlock], *, track_pk: int, today: datetime.date) -> list[dict]:
    """The three foundations for the template: ``code``, ``label``, ``count`` ("1 of 3 done"), ``caption``,
    ``row`` (the foundation's own item) and ``items``; an item has ``code``, ``label``, ``url``, ``status``,
    ``status_label``, ``overdue``, ``dates`` (the sentences to show), ``evidence`` and ``notes``."""
    item_url = url_maker("communities:item_detail", pk=track_pk, item=None)
    item_labels, status_labels = _labels(ChecklistItem), _labels(ItemStatus)
    started, due, completed = gettext("Started %(date)s"), gettext("Due %(date)s"), gettext("Completed %(date)s")

    def row(item, notes_shown: int) -> dict:
        dates = []
        if item.started_on:
            dates.append(started % {"date": date_text(item.started_on, "SHORT_DATE_FORMAT")})
        if item.due_on:
            dates.append(due % {"date": date_text(item.due_on, "SHORT_DATE_FORMAT")})
        if item.completed_on:
            dates.append(completed % {"date": date_text(item.completed_on, "SHORT_DATE_FORMAT")})
        count = item.evidence_count
        return {
            "code": item.item,
            "label": item_labels.get(item.item, item.item),
            "url": item_url(item=item.item),
            "status": item.status,
            "status_label": status_labels.get(item.status, item.status),
            "overdue": bool(item.due_on and item.status not in COMPLETE_STATUSES and item.due_on < today),
            "dates": dates,
            "evidence": ngettext("%(n)s document", "%(n)s documents", count) % {"n": count} if count else "",
            "notes": Truncator(item.notes).chars(notes_shown) if item.notes else "",
        }

    done, caption = gettext("%(done)s of %(total)s done"), gettext("Infrastructure items of %(foundation)s")
    return [
        {
            "code": block.code,
            "label": str(block.label),
            "count": done % {"done": block.complete, "total": len(block.items)},
            "caption": caption % {"foundation": block.label},
            "row": row(block.row, FOUNDATION_NOTES_SHOWN),
            "items": [row(item, ITEM_NOTES_SHOWN) for item in block.items],
        }
        for block in foundations
    ]


def milestone_rows(milestones: list[dict], *, track_pk: int, today: datetime.date, can_manage: bool) -> list[dict]:
    """The rows of ``selectors.track_milestones`` with ``stage`` (its label), ``due`` (``{% when %}``),
    ``completed`` ("Completed 3/2/2026", empty when open), ``overdue``, and for managers the addresses
    ``reopen``, ``complete`` and ``edit``."""
    stage_labels = _labels(Stage)
    completed = gettext("Completed %(date)s")
    urls = (
        {
            key: url_maker(f"communities:milestone_{key}", pk=track_pk, milestone_pk=None)
            for key in ("reopen", "complete", "edit")
        }
        if can_manage
        else {}
    )
    rows = []
    for milestone in milestones:
        done_on, due_on = milestone["completed_on"], milestone["due_on"]
        row = {
            "pk": milestone["pk"],
            "title": milestone["title"],
            "stage": stage_labels.get(milestone["stage"], milestone["stage"]),
            "due": when_html(due_on),
            "completed": completed % {"date": date_text(done_on, "SHORT_DATE_FORMAT")} if done_on else "",
            "overdue": not done_on and due_on < today,
        }
        for key, make in urls.items():
            row[key] = make(milestone_pk=milestone["pk"])
        rows.append(row)
    return rows


def workshop_rows(workshops: list[dict], *, track_pk: int, can_manage: bool) -> list[dict]:
    """The rows of ``selectors.track_attendance`` with ``held`` (``{% when %}``), ``attended`` ("3 people
    from this community attended:") and, for managers, each person's ``remove`` address."""
    remove = url_maker("communities:attendance_remove", pk=track_pk, attendance_pk=None) if can_manage else None
    for row in workshops:
        n = len(row["people"])
        row["held"] = when_html(row["held_on"])
        row["attended"] = ngettext(
            "%(n)s person from this community attended:", "%(n)s people from this community attended:", n
        ) % {"n": n}
        for person in row["people"]:
            person["remove"] = remove(attendance_pk=person["pk"]) if remove else ""
    return workshops
