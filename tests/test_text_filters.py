"""Links in people's free text (newsletters) read left to right inside Hebrew, and the text stays escaped."""

from django.template import Context, Template


def render(text):
    return Template("{% load p2g_text %}{{ text|urlize_ltr|linebreaks }}").render(Context({"text": text}))


def test_a_link_in_hebrew_text_is_marked_left_to_right():
    html = render("פרטים באתר https://p2g.example/he/forums/ ובפגישה הבאה.")
    assert '<a dir="ltr" style="unicode-bidi:isolate" href="https://p2g.example/he/forums/"' in html
    assert "פרטים באתר" in html


def test_the_text_around_links_stays_escaped():
    html = render('<script>alert(1)</script> www.example.org "quoted"')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a dir="ltr" style="unicode-bidi:isolate" href="http://www.example.org"' in html
