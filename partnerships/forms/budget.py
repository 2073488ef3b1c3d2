"""Forms of the budget area. They check the shape of what was typed; the rules are in
``programs.services``, whose field errors carry the same names as these fields."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Category, Currency, FundingSource
from programs.services import AMOUNT_MAX, CHANGE_REASON_MAX

MIN_AMOUNT = Decimal("0.01")


def _amount_field(label, *, min_value=MIN_AMOUNT, help_text=""):
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=min_value,
        max_value=AMOUNT_MAX,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


def _note_field(label, *, required=False, help_text=""):
    return forms.CharField(
        label=label, required=required, max_length=CHANGE_REASON_MAX, help_text=help_text,
        widget=forms.TextInput(attrs={"maxlength": CHANGE_REASON_MAX}),
    )


class _LineForm(forms.Form):
    """Several of these forms share a page: each gets its own id prefix (``approve-note``, ``close-note``…)."""

    id_prefix = "line"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class YearForm(forms.Form):
    """The year selector (GET)."""

    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class AllocationProposeForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=None, empty_label=None)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("The program's own category")), *Category.choices],
    )
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    proposed_amount = _amount_field(_("Proposed amount"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        field.queryset = programs  # checks the choice on submit
        # the options, read once (a ModelChoiceField would query again each time it is rendered)
        field.choices = [(program.pk, program.name) for program in programs]
        self.has_programs = bool(field.choices)


class AllocationUpdateForm(_LineForm):
    id_prefix = "update"

    proposed_amount = _amount_field(_("Proposed amount"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AllocationApproveForm(_LineForm):
    id_prefix = "approve"

    approved_amount = _amount_field(
        _("Approved amount"), help_text=_("At most the proposed amount; approve less to cut the line.")
    )
    note = _note_field(_("Note (optional)"), help_text=_("Kept in the line's history."))


class AllocationReturnForm(_LineForm):
    id_prefix = "return"

    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The committee sees this reason beside the line."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the line is returned: the committee needs to know what to change.")},
    )


class SpendingReportForm(_LineForm):
    id_prefix = "spending"

    spent_amount = _amount_field(
        _("Amount spent since the last report"),
        min_value=-AMOUNT_MAX,
        help_text=_("A negative amount corrects an earlier report."),
    )
    note = _note_field(_("Note"), help_text=_("What the money was spent on; kept in the line's history."))


class AllocationCloseForm(_LineForm):
    id_prefix = "close"

    note = _note_field(_("Note (optional)"), help_text=_("Kept in the line's history."))


class ConfirmForm(_LineForm):
    """A button with nothing to fill in (withdraw, submit one line): errors still show beside it."""

    id_prefix = "confirm"
