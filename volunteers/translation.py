from modeltranslation.translator import TranslationOptions, register

from .models import Opportunity, Shift, Skill, SpokenLanguage


@register(Skill)
class SkillTranslation(TranslationOptions):
    fields = ("name",)


@register(SpokenLanguage)
class SpokenLanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(Opportunity)
class OpportunityTranslation(TranslationOptions):
    fields = ("title", "description", "location")


@register(Shift)
class ShiftTranslation(TranslationOptions):
    fields = ("location",)
