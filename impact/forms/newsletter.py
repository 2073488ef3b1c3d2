"""The newsletter's form: its subject and text in Hebrew and in English (both needed), the reader's language first."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from impact.services.newsletter import BODY_MAX, SUBJECT_MAX


class NewsletterForm(forms.Form):
    subject_he = forms.CharField(
        label=_("Subject in Hebrew"), max_length=SUBJECT_MAX, widget=forms.TextInput(attrs={"dir": "rtl", "lang": "he"})
    )
    body_he = forms.CharField(
        label=_("Text in Hebrew"), max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "rtl", "lang": "he"}),
    )
    subject_en = forms.CharField(
        label=_("Subject in English"), max_length=SUBJECT_MAX, widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"})
    )
    body_en = forms.CharField(
        label=_("Text in English"), max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "ltr", "lang": "en"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_he"].help_text = self.fields["body_en"].help_text = _(
            "Plain text: an empty line starts a new paragraph; links are shown as they are written."
        )
        if translation.get_language() != "he":
            self.order_fields(["subject_en", "body_en", "subject_he", "body_he"])

    @classmethod
    def initial_of(cls, newsletter) -> dict:
        return {
            "subject_he": newsletter.subject_he or "", "subject_en": newsletter.subject_en or "",
            "body_he": newsletter.body_he or "", "body_en": newsletter.body_en or "",
        }
