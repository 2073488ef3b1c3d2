from modeltranslation.translator import TranslationOptions, register

from .models import Community, Milestone, Workshop


@register(Community)
class CommunityTranslation(TranslationOptions):
    fields = ("name", "locality")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)


@register(Workshop)
class WorkshopTranslation(TranslationOptions):
    fields = ("title", "description", "location")
