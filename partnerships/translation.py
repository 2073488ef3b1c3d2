import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import (
    ActionItem,
    AgendaItem,
    Committee,
    Decision,
    Forum,
    Meeting,
    Newsletter,
    Organisation,
    Partnership,
)


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Committee)
class CommitteeTranslation(TranslationOptions):
    fields = ("name", "mandate")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "location", "minutes")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "notes")


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("text",)


@register(ActionItem)
class ActionItemTranslation(TranslationOptions):
    fields = ("title",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Forum)
class ForumTranslation(TranslationOptions):
    fields = ("name", "theme", "description")


@register(Newsletter)
class NewsletterTranslation(TranslationOptions):
    fields = ("subject", "body")


# History after translation (see STACK-NOTES): the history table carries both language columns.
simple_history.register(Partnership)
