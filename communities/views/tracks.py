"""The pipeline of communities in establishment, one track's page, and moving a track's stage.

- ``track_list``: the viewer's tracks by stage (staff: all; a mentor: the tracks they accompany; a
  leader: their community's), with filters (country, kind, mentor, stage, overdue milestones).
- ``track_detail``: the three foundations and their items, milestones, mentors, workshops and who
  attended, the network representatives, and the rule of the next stage with what is missing.
- ``track_stage_move`` (staff, mentors): to the next stage, refused with the missing items listed;
  ``track_stage_back`` (staff): one stage back, to correct a mistaken move.
- ``track_edit`` (staff, mentors): the nucleus size and the notes on the accompaniment.
- ``track_create`` (staff): open the track of a community, an existing one or one described on the
  form, at a starting stage, with an optional first mentor (emailed through the notification ledger).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..filters import TrackFilter
from ..forms import StageMoveForm, TrackCreateForm, TrackDetailsForm, form_add_service_error, person_label
from ..models import Stage
from ..permissions import Need, require_staff, track_for
from . import track_page
from .common import error_text, track_url, track_url_maker


@require_GET
def track_list(request):
    today = timezone.localdate()
    tracks = selectors.tracks_for_pipeline(request.user)
    pipeline = selectors.pipeline_cards(tracks, today=today)
    track_filter = TrackFilter(request.GET or None, queryset=tracks, request=request, pipeline=pipeline)
    cards = track_filter.keep(pipeline.cards)
    url_of = track_url_maker()
    for card in cards:
        card.url = url_of(card.pk)
    return render(
        request,
        "communities/track_list.html",
        {
            "filter": track_filter,
            "columns": selectors.pipeline_columns(cards),
            "total": len(cards),
            "filtered": track_filter.is_bound,
            "today": today,
            "tab": "pipeline",
        },
    )


def _stages(track) -> list[dict]:
    """The four stages with where the track stands on each (for the stepper)."""
    index = selectors.STAGE_ORDER.index(track.stage)
    return [
        {"code": code, "label": Stage(code).label, "state": "done" if i < index else "current" if i == index else "ahead"}
        for i, code in enumerate(selectors.STAGE_ORDER)
    ]


@require_GET
def track_detail(request, pk):
    access = track_for(request.user, pk)
    track = access.track
    today = timezone.localdate()
    items = selectors.track_items_counted(track)
    representatives = selectors.track_representatives(track)
    check = services.track_stage_check(track=track, items=items, representatives=len(representatives))
    current_mentors, past_mentors = selectors.track_mentorships(track, today=today)
    return render(
        request,
        "communities/track_detail.html",
        {
            "access": access,
            "track": track,
            "community": track.community,
            **track_page.header(track),
            "foundations": track_page.item_rows(selectors.track_foundations(items), track_pk=track.pk, today=today),
            "items_complete": selectors.items_complete(items),
            "items_total": len(selectors.INFRASTRUCTURE_ITEMS),
            "stages": _stages(track),
            "check": check,
            "stage_rule": services.STAGE_RULE_TEXT.get(check.next, ""),
            "stage_form": track_page.stage_fields(check.next) if check.next and access.can_manage else None,
            "previous_stage": services.stage_before(track.stage) if access.can_staff else None,
            "milestones": track_page.milestone_rows(
                selectors.track_milestones(track), track_pk=track.pk, today=today, can_manage=access.can_manage
            ),
            "current_mentors": current_mentors,
            "past_mentors": past_mentors,
            "workshops": track_page.workshop_rows(
                selectors.track_attendance(track), track_pk=track.pk, can_manage=access.can_manage
            ),
            "representatives": representatives,
            "today": today,
        },
    )


@require_POST
def track_stage_move(request, pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    form = StageMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The move could not be read: reload the page and try again."))
        return redirect(track_url(access.track, "stage"))
    try:
        track = services.track_stage_advance(
            track=access.track, by=request.user, to=form.cleaned_data["to"], on=form.cleaned_data.get("on")
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if track.stage == Stage.JOINED:
            messages.success(request, _("The community has joined the network."))
        else:
            messages.success(
                request, _("The community moved to the stage “%(stage)s”.") % {"stage": track.get_stage_display()}
            )
    return redirect(track_url(access.track, "stage"))


@require_POST
def track_stage_back(request, pk):
    access = track_for(request.user, pk, need=Need.STAFF)
    to = request.POST.get("to", "")
    try:
        track = services.track_stage_back(track=access.track, by=request.user, to=to)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("The community is back at the stage “%(stage)s”.") % {"stage": track.get_stage_display()}
        )
    return redirect(track_url(access.track, "stage"))


@require_http_methods(["GET", "POST"])
def track_edit(request, pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    track = access.track
    form = TrackDetailsForm(
        request.POST or None, initial={"nucleus_size": track.nucleus_size, "notes": track.notes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.track_details_update(
                track=track, by=request.user, nucleus_size=form.cleaned_data["nucleus_size"], notes=form.cleaned_data["notes"]
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The details of the accompaniment are saved."))
            return redirect(track_url(track))
    return render(
        request,
        "communities/form_page.html",
        {
            "access": access,
            "track": track,
            "form": form,
            "heading": _("Details of the accompaniment"),
            "submit": _("Save"),
            "back": track_url(track),
        },
    )


@require_http_methods(["GET", "POST"])
def track_create(request):
    require_staff(request.user)
    form = TrackCreateForm(
        request.POST or None, communities=selectors.communities_without_track(), people=selectors.mentor_candidates()
    )
    if request.method == "POST" and form.is_valid():
        try:
            track = services.track_create(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The establishment track of %(name)s is open at the stage “%(stage)s”.")
                % {"name": track.community.name, "stage": track.get_stage_display()},
            )
            mentor = form.cleaned_data.get("chosen_mentor")
            if mentor is not None:
                messages.info(
                    request, _("%(name)s now mentors this community and is told by email.") % {"name": person_label(mentor)}
                )
            return redirect(track_url(track))
    return render(request, "communities/track_create.html", {"form": form, "tab": "pipeline"})
