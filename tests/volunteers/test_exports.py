"""Exports of rosters and hours: formula-safe CSV and XLSX, Hebrew intact, numbers and dates typed."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.http import Http404
from django.utils import timezone, translation

from p2g.exports import safe_text, tabular_response
from tests.factories import (
    HebrewUserFactory,
    HoursLogFactory,
    ProgramCoordinatorFactory,
    ProgramFactory,
    ShiftFactory,
    SignUpFactory,
    UserFactory,
)
from tests.volunteers.test_coordinator import login, url
from volunteers.models import HoursStatus, SignUpStatus

EVIL = ['=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1"]


def read_csv(response):
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


# --- p2g.exports on its own ---------------------------------------------------------------------


@pytest.mark.parametrize("text", EVIL)
def test_text_that_starts_a_formula_is_quoted(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["נועה כהן", "David Stein", "a=b", "", "3 hours", "'quoted"])
def test_ordinary_text_is_unchanged(text):
    assert safe_text(text) == text


def test_a_control_character_cannot_hide_a_formula():
    assert safe_text("\x0b=1+1") == "'=1+1"


def test_unknown_format_is_404():
    with pytest.raises(Http404):
        tabular_response("pdf", "x", ["a"], [])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_both_formats_neutralise_every_text_cell_and_keep_types(fmt, settings):
    settings.TIME_ZONE = "Asia/Jerusalem"
    moment = datetime.datetime(2026, 11, 22, 16, 30, tzinfo=datetime.UTC)  # 18:30 in Jerusalem
    rows = [[text, Decimal("2.50"), datetime.date(2026, 11, 20), moment, -4] for text in EVIL]
    rows.append(["נועה כהן", 3, None, None, 0])
    with timezone.override("Asia/Jerusalem"):
        response = tabular_response(fmt, "test-file", ["=Name", "Hours", "Date", "When", "Delta"], rows)
    assert response["Content-Disposition"] == f'attachment; filename="test-file.{fmt}"'
    if fmt == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        table = read_csv(response)
        assert table[1][1:] == ["2.50", "2026-11-20", "2026-11-22 18:30", "-4"]
    else:
        _sheet, table = read_xlsx(response)
        assert table[1][1] == 2.5 and table[1][4] == -4
        # Spreadsheet dates have no time zone: the times are as read in Jerusalem.
        assert table[1][2].isoformat() == "2026-11-20T00:00:00"
        assert table[1][3].isoformat() == "2026-11-22T18:30:00"
    assert table[0][0] == "'=Name"
    # XML (inside XLSX) reads a carriage return back as a line feed; the quote is what matters.
    assert [row[0].replace("\n", "\r") for row in table[1:-1]] == ["'" + text for text in EVIL]
    assert table[-1][0] == "נועה כהן"


def test_xlsx_reads_right_to_left_in_hebrew_only():
    with translation.override("he"):
        sheet, _rows = read_xlsx(tabular_response("xlsx", "x", ["שם"], [["נועה"]]))
    assert sheet.sheet_view.rightToLeft is True
    with translation.override("en"):
        sheet, _rows = read_xlsx(tabular_response("xlsx", "x", ["Name"], [["Noa"]]))
    assert not sheet.sheet_view.rightToLeft


# --- Roster and hours exports through the site -----------------------------------------------------


@pytest.fixture
def setup(postgres):
    program = ProgramFactory(name_en="Culture exchange", name_he="חילופי תרבות")
    coordinator = UserFactory(full_name="Coordinator Cohen", email="coord@example.org")
    ProgramCoordinatorFactory(program=program, person=coordinator)
    start = datetime.datetime(2026, 12, 1, 22, 30, tzinfo=datetime.UTC)  # 2 Dec in Jerusalem, 1 Dec in New York
    shift = ShiftFactory(opportunity__program=program, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    people = [UserFactory(full_name=name, email=f"p{i}@example.org", phone="-050" if i == 0 else "")
              for i, name in enumerate(EVIL[:3])]
    people.append(HebrewUserFactory(full_name="מיכל אברהם", email="michal@example.org"))
    for person in people:
        SignUpFactory(shift=shift, volunteer=person, status=SignUpStatus.ATTENDED)
    HoursLogFactory(volunteer=people[3], program=program, shift=shift, hours=Decimal("2.00"),
                    status=HoursStatus.APPROVED, date=datetime.date(2026, 12, 2), description="=cmd|' /C calc'!A0")
    HoursLogFactory(volunteer=people[0], program=program, hours=Decimal("1.25"), date=datetime.date(2025, 5, 1))
    HoursLogFactory(volunteer=UserFactory(full_name="Foreign Person"), hours=Decimal("9.00"),
                    date=datetime.date(2026, 1, 1))
    return {"program": program, "coordinator": coordinator, "shift": shift}


def test_roster_csv_is_safe_and_keeps_hebrew(client, setup):
    login(client, setup["coordinator"])
    response = client.get(url("coordinator_shift_export", setup["shift"].pk, "csv"))
    assert response.status_code == 200
    # The coordinator (America/New_York) reads the shift as 1 December.
    assert 'filename="roster-2026-12-01-shift-' in response["Content-Disposition"]
    table = read_csv(response)
    assert table[0][:3] == ["Name", "Email", "Phone"]
    names = {row[0] for row in table[1:]}
    assert names == {"'" + EVIL[0], "'" + EVIL[1], "'" + EVIL[2], "מיכל אברהם"}
    michal = next(row for row in table if row[0] == "מיכל אברהם")
    assert michal[4] == "Attended" and michal[6] == "2.00" and michal[7] == "Approved"
    phone = next(row for row in table if row[0] == "'" + EVIL[0])[2]
    assert phone == "'-050"


def test_roster_xlsx_in_hebrew_is_right_to_left_with_numeric_hours(client, setup):
    login(client, setup["coordinator"], lang="he")
    setup["coordinator"].time_zone = "Asia/Jerusalem"
    setup["coordinator"].save(update_fields=["time_zone"])
    response = client.get(url("coordinator_shift_export", setup["shift"].pk, "xlsx", lang="he"))
    assert response.status_code == 200
    assert 'filename="roster-2026-12-02-shift-' in response["Content-Disposition"]
    sheet, table = read_xlsx(response)
    assert sheet.sheet_view.rightToLeft is True
    assert table[0][:3] == ["שם", 'דוא"ל', "טלפון"]
    by_name = {row[0]: row for row in table[1:]}
    assert set(by_name) == {"'" + EVIL[0], "'" + EVIL[1], "'" + EVIL[2], "מיכל אברהם"}
    assert by_name["מיכל אברהם"][6] == 2.0
    assert by_name["מיכל אברהם"][4] == "נכח/ה"
    assert isinstance(by_name["מיכל אברהם"][5], datetime.datetime)  # signed up: a real date


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hours_export_covers_my_programs_only(client, setup, fmt):
    login(client, setup["coordinator"])
    response = client.get(url("coordinator_hours_export", fmt))
    assert response.status_code == 200
    assert f'filename="hours-all-years.{fmt}"' in response["Content-Disposition"]
    table = read_csv(response) if fmt == "csv" else read_xlsx(response)[1]
    assert table[0][:6] == ["Volunteer", "Email", "Program", "Partnership", "Date", "Hours"]
    assert [row[0] for row in table[1:]] == ["'" + EVIL[0], "מיכל אברהם"]  # by date; no foreign hours
    michal = table[2]
    assert michal[2] == "Culture exchange"
    assert michal[7] == "'=cmd|' /C calc'!A0"
    if fmt == "xlsx":
        assert michal[5] == 2.0 and michal[4].isoformat() == "2026-12-02T00:00:00"
    else:
        assert michal[5] == "2.00" and michal[4] == "2026-12-02"


def test_hours_export_filters_by_program_year_and_status(client, setup):
    login(client, setup["coordinator"])
    program = setup["program"].pk
    response = client.get(url("coordinator_hours_export", "csv", query=f"program={program}&year=2026&status=approved"))
    assert f'filename="hours-program-{program}-2026-approved.csv"' in response["Content-Disposition"]
    assert [row[0] for row in read_csv(response)[1:]] == ["מיכל אברהם"]
    response = client.get(url("coordinator_hours_export", "csv", query="year=2025"))
    assert [row[0] for row in read_csv(response)[1:]] == ["'" + EVIL[0]]


def test_a_bad_export_filter_shows_the_form_with_its_error(client, setup):
    login(client, setup["coordinator"])
    foreign = ProgramFactory()
    for query in ("year=abc", "year=1800", f"program={foreign.pk}", "status=lost"):
        response = client.get(url("coordinator_hours_export", "xlsx", query=query))
        assert response.status_code == 200, query
        assert response["Content-Type"].startswith("text/html")
        assert 'class="errorlist"' in response.content.decode(), query
    html = client.get(url("coordinator_hours_export", "csv", query="year=1800")).content.decode()
    assert 'value="1800"' in html
