"""Filters for free text written by people (newsletters): links that read left to right in Hebrew."""

import re

from django import template
from django.template.defaultfilters import urlize
from django.utils.safestring import mark_safe

register = template.Library()

_ANCHOR = re.compile(r"<a (?=[^>]*\bhref=)")


@register.filter(is_safe=True, needs_autoescape=True)
def urlize_ltr(value, autoescape=True):
    """``urlize``, each link marked ``dir="ltr"``: in a right-to-left paragraph a web address keeps its
    slashes where they were typed ("https://…/forums", not "/https://…/forums"). Inline, for email programs."""
    html = urlize(value, autoescape=autoescape)
    return mark_safe(_ANCHOR.sub('<a dir="ltr" style="unicode-bidi:isolate" ', html))  # noqa: S308 - urlize escaped
