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
from html import escape

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from p2g.widgets import html_attributes, select_html

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
    form_setup: Callable | None = None,
) -> dict:
    """The meeting's record for its page, and the forms to add to it when the viewer manages it.

    ``meeting`` has its ``agenda_items`` (with presenters) and ``decisions`` prefetched; ``members``
    are the committee's or forum's members on its day, each with ``attendance_status``. ``forms``
    are the bound forms to show again (``agenda_form``, ``decision_form``) after a refusal; only a
    view that let the viewer post them passes them. ``form_setup(form)``, when given, is applied to both
    forms before their fields are written.
    """
    editable = meeting.status in EDITABLE_STATUSES
    started = meeting.starts_at <= timezone.now()
    attendance = attendance_rows(members, detail)
    context = {
        "meeting": meeting,
        "meeting_routes": routes,
        "scope_pk": scope_pk,
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
    if form_setup is not None:
        for form in (agenda_form, decision_form):
            if form is not None:
                form_setup(form)
    context["agenda_items"] = agenda_rows(
        meeting.agenda_items.all(), routes=routes, scope_pk=scope_pk, meeting_pk=meeting.pk, tools=agenda_form is not None
    )
    if agenda_form is not None:
        context["agenda_form"] = agenda_form
        context["agenda_fields"] = field_groups(agenda_form)
    if decision_form is not None:
        context["decision_form"] = decision_form
    return context


# ---- rendering the record's forms and rows quickly
#
# A meeting page shows the add-an-item form's fields and, per agenda item, its tools: through Django's
# templates (a template per field, per label, per widget, per option, per attribute) that was most of
# the page's time. The functions below write the very same markup in Python.

#: Widgets written here (their own templates are Django's: any other widget goes through Django's).
_INPUT_WIDGETS = (
    django_forms.TextInput,
    django_forms.NumberInput,
    django_forms.URLInput,
    django_forms.EmailInput,
)


def _widget_html(widget, context: dict) -> str | None:
    """The widget's markup as its Django template writes it, or None for a widget not written here."""
    kind = type(widget)
    if kind in _INPUT_WIDGETS and widget.template_name == kind.template_name:
        value = context["value"]
        value_attr = "" if value is None else f' value="{escape(str(value))}"'
        return f'<input type="{escape(str(context["type"]))}" name="{escape(str(context["name"]))}"{value_attr}{html_attributes(context["attrs"])}>'
    if kind is django_forms.Textarea and widget.template_name == kind.template_name:
        value = context["value"]
        text = conditional_escape(value) if value else ""
        return f'<textarea name="{escape(str(context["name"]))}"{html_attributes(context["attrs"])}>\n{text}</textarea>'
    if (
        kind is django_forms.Select
        and widget.template_name == kind.template_name
        and widget.option_template_name == kind.option_template_name
    ):
        return select_html(context)
    return None


def field_group(field) -> SafeString:
    """``field.as_field_group`` (a bound field's label, help text, errors and widget), written in Python for
    a field without errors whose widget is a plain input, text area or select; Django's otherwise."""
    form, widget = field.form, field.field.widget
    renderer = form.renderer
    if (
        field.errors
        or field.use_fieldset
        or widget.is_hidden
        or field.field.template_name is not None
        or getattr(renderer, "field_template_name", None) != "django/forms/field.html"
        or form.template_name_label != "django/forms/label.html"
        or (field.field.required and hasattr(form, "required_css_class"))
        or field.field.localize
    ):
        return field.as_field_group()
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    html = _widget_html(widget, context)
    if html is None:
        return field.as_field_group()
    # the label (BoundField.label_tag, django/forms/label.html)
    label = ""
    if field.label:
        contents = field.label
        suffix = field.field.label_suffix if field.field.label_suffix is not None else form.label_suffix
        if suffix and contents and contents[-1] not in _(":?.!"):
            contents = format_html("{}{}", contents, suffix)
        id_ = widget.attrs.get("id") or field.auto_id
        if id_:
            label_attrs = {}
            if id_for_label := widget.id_for_label(id_):
                label_attrs["for"] = id_for_label
            label = f"<label{html_attributes(label_attrs)}>{conditional_escape(contents)}</label>"
        else:
            label = str(conditional_escape(contents))
    # django/forms/field.html (its whitespace included)
    help_html = ""
    if field.help_text:
        help_id = f' id="{field.auto_id}_helptext"' if field.auto_id else ""
        help_html = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    return mark_safe(f"{label}\n\n{help_html}\n\n{html}".strip())  # noqa: S308 - every value is escaped above


def field_groups(form) -> list[SafeString]:
    """:func:`field_group` of each of the form's fields, in order."""
    return [field_group(field) for field in form]


class UrlPattern:
    """A URL name reversed once, its ids filled in for each row (the same address ``reverse`` gives)."""

    _MARK = 2147480000

    def __init__(self, name: str, *args):
        self.url = reverse(name, args=[*args, self._MARK])
        self.mark = str(self._MARK)

    def __call__(self, pk) -> str:
        return self.url.replace(self.mark, str(pk))


def agenda_rows(items: Iterable, *, routes: dict[str, str], scope_pk: int, meeting_pk: int, tools: bool) -> list:
    """The agenda items with what the agenda shows ready: ``presenter_text``, ``duration_text``,
    ``action_text`` (each "" when not there) and, with ``tools``, the addresses of their tools."""
    items = list(items)
    if tools and items:
        move = UrlPattern(routes["agenda_item_move"], scope_pk, meeting_pk)
        edit = UrlPattern(routes["agenda_item_edit"], scope_pk, meeting_pk)
        delete = UrlPattern(routes["agenda_item_delete"], scope_pk, meeting_pk)
    presenter_text = _("Presenter: <bdi>%(name)s</bdi>")
    for item in items:
        presenter = item.presenter
        item.presenter_text = (
            mark_safe(presenter_text % {"name": conditional_escape(presenter.get_full_name() or presenter.email)})  # noqa: S308
            if presenter
            else ""
        )
        minutes = item.duration_minutes
        item.duration_text = (
            ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes} if minutes else ""
        )
        item.action_text = (
            _("Action item: %(status)s") % {"status": item.action_item.get_status_display()} if item.action_item else ""
        )
        if tools:
            item.move_url, item.edit_url, item.delete_url = move(item.pk), edit(item.pk), delete(item.pk)
    return items
