"""Forms of the actions area: the action items list's filter, an action item, an update on one,
a meeting attachment. The rules themselves live in ``services.actions``; forms bind and show."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from p2g.forms import form_add_service_error  # noqa: F401 (re-exported to views)

from ..models import ActionItem, ActionItemStatus, Committee
from ..models.meetings import AttachmentKind
from ..selectors.actions import ACTIVE
from ..services.actions import (
    ACTION_ITEM_TRANSITIONS,
    UPDATE_MAX_LENGTH,
    accepted_extensions,
    attachment_file_check,
)


def _reader_language_first(form: forms.Form, base: str) -> None:
    """``<base>_he`` before ``<base>_en`` for a Hebrew reader, the other way round otherwise."""
    first, second = ("he", "en") if translation.get_language() == "he" else ("en", "he")
    names = list(form.fields)
    i, j = names.index(f"{base}_{first}"), names.index(f"{base}_{second}")
    if i > j:
        names[i], names[j] = names[j], names[i]
    form.order_fields(names)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class ActionItemFilterForm(forms.Form):
    """The list's filters; with no filter at all the list shows what is still to do."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False, empty_label=_("All committees")
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, data=None, *, partnership, **kwargs):
        if not data:
            data = {"status": ACTIVE}
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.fields["status"].choices = [
            ("", _("All statuses")),
            (ACTIVE, _("Open or in progress")),
            *ActionItemStatus.choices,
        ]
        self.fields["committee"].queryset = Committee.objects.filter(partnership=partnership).order_by("kind", "name")

    def filters(self) -> dict:
        """Keyword arguments for ``selectors.actions.action_items_for_partnership`` (owner is the view's)."""
        if not self.is_valid():
            return {"status": ACTIVE}
        data = self.cleaned_data
        return {"status": data.get("status") or "", "committee": data.get("committee"), "overdue": bool(data.get("overdue"))}


class CommitteeChoiceForm(forms.Form):
    """First step of a new action item when the viewer manages several committees."""

    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none(), empty_label=None)

    def __init__(self, *args, committees: list[Committee], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(pk__in=[c.pk for c in committees]).order_by(
            "kind", "name"
        )


class ActionItemForm(forms.Form):
    """An action item's title (Hebrew, English or both), owner and due date; its status when editing."""

    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    title_he = forms.CharField(label=_("Title in Hebrew"), max_length=300, required=False)
    owner = PersonChoiceField(label=_("Owner"), queryset=None, empty_label=_("Choose a member"))
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args, people, action_item: ActionItem | None = None, **kwargs):
        if action_item is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "title_en": action_item.title_en or "",
                "title_he": action_item.title_he or "",
                "owner": action_item.owner_id,
                "due_on": action_item.due_on,
                "status": action_item.status,
            }
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].help_text = _("A current member of the committee.")
        if action_item is None:
            del self.fields["status"]
        else:
            allowed = {action_item.status, *ACTION_ITEM_TRANSITIONS.get(action_item.status, ())}
            self.fields["status"].choices = [(v, label) for v, label in ActionItemStatus.choices if v in allowed]
            self.fields["status"].help_text = _("Marking it done records today as its completion date.")
        _reader_language_first(self, "title")

    def clean(self):
        data = super().clean()
        if not (data.get("title_en") or "").strip() and not (data.get("title_he") or "").strip():
            self.add_error(None, ValidationError(_("Give a title in Hebrew or in English (or both)."), code="title_missing"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "title_en": data.get("title_en", ""),
            "title_he": data.get("title_he", ""),
            "owner": data["owner"],
            "due_on": data["due_on"],
        }
        if "status" in self.fields:
            kwargs["status"] = data["status"]
        return kwargs


class ActionItemUpdateForm(forms.Form):
    """An update on an action item; a new status only for its owner and the committee's managers."""

    text = forms.CharField(label=_("Update"), max_length=UPDATE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))
    new_status = forms.ChoiceField(label=_("New status"), required=False)

    def __init__(self, *args, action_item: ActionItem, can_change_status: bool, manager: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_change_status:
            del self.fields["new_status"]
            return
        allowed = set(ACTION_ITEM_TRANSITIONS.get(action_item.status, ()))
        if not manager:  # cancelling, and reopening a cancelled item, are the managers'
            allowed.discard(ActionItemStatus.CANCELLED)
            if action_item.status == ActionItemStatus.CANCELLED:
                allowed = set()
        choices = [(v, label) for v, label in ActionItemStatus.choices if v in allowed]
        if not choices:
            del self.fields["new_status"]
            return
        self.fields["new_status"].choices = [("", _("No change")), *choices]
        self.fields["new_status"].help_text = _("Marking it done records today as its completion date.")


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices, initial=AttachmentKind.OTHER)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _("Leave it empty to use the file's name.")
        self.fields["file"].help_text = _("Up to %(max)d MB. Accepted types: %(types)s.") % {
            "max": settings.P2G_MAX_UPLOAD_MB,
            "types": ", ".join(f".{e}" for e in accepted_extensions()),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in accepted_extensions())

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            attachment_file_check(file)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("file", exc.messages)) from exc
        return file
