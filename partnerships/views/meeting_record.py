"""What a committee's meeting page and a forum's meeting page share: the meeting's record (agenda with
its presenters, attendance, decisions and their votes) in the page's context, the forms that change
it, and the steps every form view of the record takes.

Each page stays in its area with its own access rules (``partnerships/views/meetings.py`` for a
committee, ``impact/views/forum_meetings.py`` for a forum) and renders the record with the partials of
``templates/includes/meetings/``. They read, besides the record (:func:`record_context`):

- ``meeting_routes``: the URL names of the page's tools (keys :data:`ROUTE_KEYS`), each reversed with
  ``scope_pk`` (the partnership or the forum), the meeting's pk and, for an item, the item's pk;
- ``can_manage``: whether the viewer changes this meeting's record; ``editable``: whether its
  record can still change; ``started``: whether it has begun (decisions are recorded from then on).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ..forms.meetings import AgendaItemForm, DecisionForm, form_add_service_error
from ..models import AttendanceStatus, Meeting
from ..services.meetings import EDITABLE_STATUSES

#: The tools of a meeting page that the shared partials link to (each page maps them to its URL names).
ROUTE_KEYS = (
    "agenda_item_add",
    "agenda_item_edit",
    "agenda_item_delete",
    "agenda_item_move",
    "attendance_edit",
    "decision_add",
    "decision_edit",
    "decision_delete",
)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# ---- the steps of a form view


def form_saved(request, form, save: Callable, *, success, next_url) -> HttpResponse | None:
    """Save a POSTed form through its service: the redirect when it is saved, None to show the form again.

    ``save()`` calls the service, once the form is valid. ``success`` (the message) and ``next_url``
    are strings, or functions of what ``save`` returned. A ``ValidationError`` from the service lands
    on the form, whose page is then shown again with what was typed.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except ValidationError as exc:
        form_add_service_error(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(next_url(result) if callable(next_url) else next_url)


def action_done(request, action: Callable, *, success: str, next_url: str) -> HttpResponse:
    """A one-click change (delete, move, cancel…): run it and go back, saying it is done or why it was refused."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if success:
            messages.success(request, success)
    return redirect(next_url)


def back_to_the_page(request, next_url: str) -> HttpResponse | None:
    """For a form of the meeting's page that posts to its own address (an agenda item, a decision, a
    comment…): refused, the form is shown again at that address, which stays in the address bar. Opened
    again there (reloaded, or followed by the language switcher) it leads to ``next_url``, the page's
    section, rather than to a blank "method not allowed". None for a POST, which the view handles."""
    if request.method == "POST":
        return None
    return redirect(next_url)


def closed_record_redirect(request, meeting: Meeting, next_url: str) -> HttpResponse | None:
    """Back to the meeting, saying why, when its record can no longer change (cancelled, published); else None."""
    if meeting.status in EDITABLE_STATUSES:
        return None
    messages.error(request, _("This meeting can no longer be changed."))
    return redirect(next_url)


# ---- presenters


@dataclass
class FormerPresenter:
    """A presenter who has left since, kept selectable on their own item (the shape of a member row)."""

    person: object

    @property
    def person_id(self):
        return self.person.pk


def presenter_candidates(members: Iterable, item=None) -> list:
    """The members a presenter is chosen among (rows with ``person`` and ``person_id``: committee terms or
    forum seats); the item's presenter stays among them after leaving."""
    members = list(members)
    presenter = getattr(item, "presenter", None)
    if presenter is not None and presenter.pk not in {m.person_id for m in members}:
        members.append(FormerPresenter(presenter))
    return members


# ---- the record on the page


def attendance_rows(members: Iterable, detail: Callable) -> list[dict]:
    """The members whose attendance is recorded: their person, ``detail(member)`` (a committee member's side,
    a forum member's organisation), the status and its label. ``members`` carry ``attendance_status``."""
    return [
        {
            "person": member.person,
            "detail": detail(member),
            "status": member.attendance_status,
            "label": AttendanceStatus(member.attendance_status).label,
        }
        for member in members
        if member.attendance_status in AttendanceStatus.values
    ]


def record_context(
    meeting: Meeting,
    members: list,
    *,
    can_manage: bool,
    routes: dict[str, str],
    scope_pk: int,
    detail: Callable,
    forms: dict,
) -> dict:
    """The meeting's record for its page, and the forms to add to it when the viewer manages it.

    ``meeting`` has its ``agenda_items`` (with presenters) and ``decisions`` prefetched; ``members``
    are the committee's or forum's members on its day, each with ``attendance_status``. ``forms``
    are the bound forms to show again (``agenda_form``, ``decision_form``) after a refusal; only a
    view that let the viewer post them passes them.
    """
    editable = meeting.status in EDITABLE_STATUSES
    started = meeting.starts_at <= timezone.now()
    attendance = attendance_rows(members, detail)
    context = {
        "meeting": meeting,
        "meeting_routes": routes,
        "scope_pk": scope_pk,
        "agenda_items": meeting.agenda_items.all(),
        "decisions": meeting.decisions.all(),
        "attendance": attendance,
        "not_recorded": len(members) - len(attendance),
        "can_manage": can_manage,
        "editable": editable,
        "started": started,
    }
    # A form the service refused is shown again with the reason, even when the record has closed since
    # or the meeting has not started; otherwise a new one when the viewer may add to the record now.
    agenda_form, decision_form = forms.get("agenda_form"), forms.get("decision_form")
    if agenda_form is None and can_manage and editable:
        agenda_form = AgendaItemForm(members=members, auto_id="agenda_%s")
    if decision_form is None and can_manage and editable and started:
        decision_form = DecisionForm(auto_id="decision_%s")
    if agenda_form is not None:
        context["agenda_form"] = agenda_form
    if decision_form is not None:
        context["decision_form"] = decision_form
    return context
