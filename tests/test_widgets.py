"""p2g.widgets.QuickSelect renders what Django's Select renders (it only skips the per-option templates)."""

import re
from html.parser import HTMLParser

from django import forms

from p2g.widgets import QuickSelect

CHOICES = [("", "Any"), ("קבוצה <1>", [(1, 'a<b & "c"'), (2, "שתיים")]), (3, "d")]


class Shape(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items = []

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data.strip()))


def shape(html):
    parser = Shape()
    parser.feed(re.sub(r">\s+<", "><", html))
    return parser.items


def test_same_markup_as_djangos_select_with_escaping_and_selection():
    attrs = {"id": "id_community", "aria-describedby": "help"}
    ours = QuickSelect(choices=CHOICES, attrs=attrs).render("community", "2")
    django_s = forms.Select(choices=CHOICES, attrs=attrs).render("community", "2")
    assert shape(ours) == shape(django_s)
    assert "a&lt;b &amp; &quot;c&quot;" in ours
    assert '<option value="2" selected>שתיים</option>' in ours
