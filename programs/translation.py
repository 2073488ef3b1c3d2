from modeltranslation.translator import TranslationOptions, register

from .models import Activity, Indicator, Program


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "location")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description", "unit")
