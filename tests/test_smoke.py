import pytest
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("he", "rtl")])
def test_home_page_carries_language_and_direction(client, lang, direction):
    with translation.override(lang):
        url = reverse("home")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.json()["database"] == "ok"
