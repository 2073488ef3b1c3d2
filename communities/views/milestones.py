"""A track's milestones (staff and the track's mentors): add, edit or move, complete, reopen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import MilestoneCompleteForm, MilestoneForm, form_add_service_error
from ..permissions import Need, milestone_in, track_for
from .common import error_text, track_url


def _form_page(request, access, form, *, heading, submit, intro=""):
    return render(
        request,
        "communities/form_page.html",
        {
            "access": access,
            "track": access.track,
            "form": form,
            "heading": heading,
            "intro": intro,
            "submit": submit,
            "back": track_url(access.track, "milestones"),
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_add(request, pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    form = MilestoneForm(request.POST or None, initial={"stage": access.track.stage})
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(track=access.track, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The milestone is added."))
            return redirect(track_url(access.track, "milestones"))
    return _form_page(request, access, form, heading=_("Add a milestone"), submit=_("Add the milestone"))


@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk, milestone_pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    milestone = milestone_in(access, milestone_pk)
    form = MilestoneForm(
        request.POST or None,
        initial={
            "title_en": milestone.title_en,
            "title_he": milestone.title_he,
            "stage": milestone.stage,
            "due_on": milestone.due_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_edit(milestone=milestone, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect(track_url(access.track, "milestones"))
    return _form_page(
        request,
        access,
        form,
        heading=_("Edit or move the milestone"),
        intro=_("Moving the due date to a later day takes the milestone off the overdue list until then."),
        submit=_("Save"),
    )


@require_POST
def milestone_complete(request, pk, milestone_pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    milestone = milestone_in(access, milestone_pk)
    form = MilestoneCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("completed_on", [])))
        return redirect(track_url(access.track, "milestones"))
    try:
        services.milestone_complete(milestone=milestone, by=request.user, on=form.cleaned_data.get("completed_on"))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The milestone “%(title)s” is completed.") % {"title": milestone.title})
    return redirect(track_url(access.track, "milestones"))


@require_POST
def milestone_reopen(request, pk, milestone_pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    milestone = milestone_in(access, milestone_pk)
    try:
        services.milestone_reopen(milestone=milestone, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The milestone “%(title)s” is open again.") % {"title": milestone.title})
    return redirect(track_url(access.track, "milestones"))
