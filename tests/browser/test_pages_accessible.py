"""Public pages in Chromium: right to left in Hebrew, and WCAG 2.1 AA by axe-core, at desktop and phone width."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("he", "rtl")])
@pytest.mark.parametrize("width", [1280, 375])
def test_home_page_reads_in_its_direction_and_meets_wcag_aa(page_in, assert_accessible, language, direction, width):
    page = page_in(width=width)
    page.goto(f"/{language}/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page, context=f"({language}, {width}px)")


def test_the_accessibility_check_does_catch_problems(page_in, assert_accessible):
    """The harness itself: an unlabelled field and an image without text are reported."""
    page = page_in()
    page.goto("/en/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\"><input type=text>')")
    with pytest.raises(AssertionError) as excinfo:
        assert_accessible(page)
    assert "image-alt" in str(excinfo.value) and "label" in str(excinfo.value)
