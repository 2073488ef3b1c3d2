"""The people around a track, and the workshops.

- Mentors (staff): assign one (from staff and known mentors, or by email), end a mentorship.
- Network representatives (staff, mentors; chosen with the community): add, remove.
- Workshop attendance of the track's community (staff, mentors): record who attended, remove.
- Workshops (staff): the list of all workshops, and a new one.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from p2g.date_text import when_html

from .. import selectors, services
from ..forms import (
    AttendanceForm,
    MentorAssignForm,
    MentorshipEndForm,
    RepresentativeForm,
    WorkshopForm,
    form_add_service_error,
    person_label,
)
from ..permissions import Need, attendance_in, mentorship_in, representative_in, require_staff, track_for
from .common import error_text, track_url

WORKSHOPS_PER_PAGE = 50


def _form_page(request, access, form, *, heading, submit, anchor, intro=""):
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
            "back": track_url(access.track, anchor),
        },
    )


# ---- mentors


@require_http_methods(["GET", "POST"])
def mentor_assign(request, pk):
    access = track_for(request.user, pk, need=Need.STAFF)
    form = MentorAssignForm(request.POST or None, people=selectors.mentor_candidates())
    if request.method == "POST" and form.is_valid():
        mentor = form.cleaned_data["chosen"]
        try:
            services.mentorship_start(
                track=access.track, by=request.user, mentor=mentor, started_on=form.cleaned_data.get("started_on")
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request, _("%(name)s now mentors this community and is told by email.") % {"name": person_label(mentor)}
            )
            return redirect(track_url(access.track, "mentors"))
    return _form_page(
        request,
        access,
        form,
        heading=_("Assign a mentor"),
        intro=_(
            "The mentor is told by email, sees and updates this community's track, and is emailed when its milestones "
            "are overdue."
        ),
        submit=_("Assign"),
        anchor="mentors",
    )


@require_http_methods(["GET", "POST"])
def mentorship_end(request, pk, mentorship_pk):
    access = track_for(request.user, pk, need=Need.STAFF)
    mentorship = mentorship_in(access, mentorship_pk)
    form = MentorshipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_end(mentorship=mentorship, by=request.user, ended_on=form.cleaned_data.get("ended_on"))
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request, _("The mentorship of %(name)s is ended.") % {"name": person_label(mentorship.mentor)}
            )
            return redirect(track_url(access.track, "mentors"))
    return _form_page(
        request,
        access,
        form,
        heading=_("End the mentorship of %(name)s") % {"name": person_label(mentorship.mentor)},
        submit=_("End the mentorship"),
        anchor="mentors",
    )


# ---- network representatives


@require_http_methods(["GET", "POST"])
def representative_add(request, pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    form = RepresentativeForm(request.POST or None, people=selectors.community_people(access.track))
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["chosen"]
        try:
            services.representative_add(
                track=access.track,
                by=request.user,
                person=person,
                role=form.cleaned_data.get("role", ""),
                chosen_on=form.cleaned_data.get("chosen_on"),
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request, _("%(name)s is a network representative of the community.") % {"name": person_label(person)}
            )
            return redirect(track_url(access.track, "representatives"))
    return _form_page(
        request,
        access,
        form,
        heading=_("Add a network representative"),
        intro=_("The representatives the community chose for its ongoing link with the network of communities."),
        submit=_("Add the representative"),
        anchor="representatives",
    )


@require_POST
def representative_remove(request, pk, representative_pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    representative = representative_in(access, representative_pk)
    try:
        services.representative_remove(representative=representative, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("%(name)s is no longer a network representative.") % {"name": person_label(representative.person)},
        )
    return redirect(track_url(access.track, "representatives"))


# ---- workshop attendance


@require_http_methods(["GET", "POST"])
def attendance_add(request, pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    workshops = selectors.workshops_offered()
    form = AttendanceForm(request.POST or None, people=selectors.community_people(access.track), workshops=workshops)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["chosen"]
        try:
            services.workshop_attendance_add(
                track=access.track, by=request.user, workshop=form.cleaned_data["workshop"], person=person
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The attendance of %(name)s is recorded.") % {"name": person_label(person)})
            return redirect(track_url(access.track, "workshops"))
    return _form_page(
        request,
        access,
        form,
        heading=_("Record workshop attendance"),
        intro=_("Who from this community attended a training workshop.")
        if workshops.exists()
        else _(
            "No training workshop has taken place yet. Once the staff have added one and it has been held, "
            "who attended it is recorded here."
        ),
        submit=_("Record"),
        anchor="workshops",
    )


@require_POST
def attendance_remove(request, pk, attendance_pk):
    access = track_for(request.user, pk, need=Need.MANAGE)
    attendance = attendance_in(access, attendance_pk)
    try:
        services.workshop_attendance_remove(attendance=attendance, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The attendance is removed."))
    return redirect(track_url(access.track, "workshops"))


# ---- workshops (staff)


@require_GET
def workshop_list(request):
    require_staff(request.user)
    page = Paginator(selectors.workshop_list(), WORKSHOPS_PER_PAGE).get_page(request.GET.get("page"))
    for workshop in page.object_list:
        workshop["held"] = when_html(workshop["held_on"])
    return render(request, "communities/workshop_list.html", {"page": page, "tab": "workshops"})


@require_http_methods(["GET", "POST"])
def workshop_create(request):
    require_staff(request.user)
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_create(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The workshop is added."))
            return redirect("communities:workshop_list")
    return render(request, "communities/workshop_form.html", {"form": form, "tab": "workshops"})
