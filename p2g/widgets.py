"""Form widgets shared by the site's pages."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def html_attributes(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: `` name="value"`` in order (True: the name alone; False: left out),
    every name and value escaped."""
    return "".join(
        f" {escape(str(name))}" if value is True else f' {escape(str(name))}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def select_html(context: dict) -> str:
    """A ``Select`` widget's context (``get_context()["widget"]``) as Django's ``select.html`` and
    ``select_option.html`` write it, whitespace included, in Python: for pages that write many options."""
    parts = [f'<select name="{escape(str(context["name"]))}"{html_attributes(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(
            f'\n  <option value="{escape(str(option["value"]))}"{html_attributes(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class ListedSelect(forms.Select):
    """Django's ``<select>``, the same markup, written by :func:`select_html` rather than a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(select_html(self.get_context(name, value, attrs)["widget"]))  # noqa: S308 - escaped there


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
