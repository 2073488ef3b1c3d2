"""Form widgets shared by the site's pages."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A ``<select>`` with the same markup as Django's, rendered in Python.

    Django renders each ``<option>`` through its own template: for a list of several hundred
    communities that was most of the opportunity list's time at full scale (bench/bench_portal.py).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html("<select name=\"{}\"{}>", widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            # html.escape, not format_html: the same escaping, without its per-call overhead on hundreds of options.
            parts += [
                '<option value="{}"{}>{}</option>'.format(
                    escape("" if option["value"] is None else str(option["value"]), quote=True),
                    " selected" if option["attrs"].get("selected") else "",
                    escape(str(option["label"]), quote=True),
                )
                for option in options
            ]
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece above went through format_html
