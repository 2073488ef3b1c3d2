"""Workspace views: the membership area (the "Committee" tab).

The joint steering committee's roster (current members by default, past members on their own
tab), terms ending soon, the balance between the two sides and the quorum rule; the subcommittees,
each with the same page; adding a member (inviting a person without an account), ending a term,
changing a role, a term's history; creating and editing subcommittees; the roster's export.

Every member of the partnership reads all of it; the managers of a committee
(``access.can_manage_committee``) change it, and only the steering committee's managers create
subcommittees (403 for others); outsiders get 404 from ``partnership_view``, which wraps every
view outermost so that they get 404 whatever the method.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from p2g.exports import FORMATS, tabular_response

from ..forms.committee import (
    CommitteeForm,
    MemberAddForm,
    MembershipEndForm,
    RoleChangeForm,
    form_add_service_error,
)
from ..models import Committee, CommitteeKind, Membership
from ..permissions import Access, committee_in, membership_in, partnership_view, steering_committee
from ..selectors import committee as selectors
from ..services import membership as services

PAST_PAGE_SIZE = 50
SHOW_CURRENT, SHOW_PAST, SHOW_ALL = "current", "past", "all"

ROSTER_HEADERS = (
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Side"),
    gettext_lazy("Role"),
    gettext_lazy("Term start"),
    gettext_lazy("Term end"),
    gettext_lazy("Status"),
    gettext_lazy("Reason for ending"),
)


def roster_url(committee: Committee) -> str:
    """The page of a committee's roster: the Committee tab for the steering committee."""
    if committee.kind == CommitteeKind.STEERING:
        return reverse("partnerships:committee", kwargs={"partnership_pk": committee.partnership_id})
    return reverse(
        "partnerships:committee_detail",
        kwargs={"partnership_pk": committee.partnership_id, "committee_pk": committee.pk},
    )


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _managed_membership(access: Access, membership_pk: int) -> Membership:
    """A term of the partnership (404 otherwise) on a committee the viewer manages (403 otherwise)."""
    membership = membership_in(access, membership_pk)
    access.require_manage(membership.committee)
    return membership


# ---- the roster pages


def _roster_page(request, access: Access, committee: Committee):
    show = SHOW_PAST if request.GET.get("show") == SHOW_PAST else SHOW_CURRENT
    today = selectors.today()
    can_manage = access.can_manage_committee(committee)
    is_steering = committee.kind == CommitteeKind.STEERING
    balance, past_count = selectors.roster_counts(committee, on=today)
    context = {
        "access": access,
        "tab": "committee",
        "committee": committee,
        "is_steering": is_steering,
        "show": show,
        "today": today,
        "can_manage": can_manage,
        "can_create_subcommittee": is_steering and access.can_manage,
        "balance": balance,
        "past_count": past_count,
        "ending_soon_days": settings.P2G_TERM_ENDING_SOON_DAYS,
        "formats": FORMATS,
        "subcommittees": selectors.subcommittees(committee) if is_steering else None,
    }
    if show == SHOW_PAST:
        paginator = Paginator(selectors.roster_past(committee, on=today), PAST_PAGE_SIZE)
        paginator.count = past_count  # counted with the balance already
        context["past"] = paginator.get_page(request.GET.get("page"))
    else:
        roster = selectors.roster_split(selectors.roster_current_and_upcoming(committee, on=today), on=today)
        if can_manage:
            for row in roster.current + roster.upcoming:
                row.invitation_pending = selectors.invitation_pending(row)
        context["roster"] = roster
    return render(request, "partnerships/committee/roster.html", context)


@partnership_view
@require_GET
def committee(request, access):
    """The joint steering committee: roster, balance, quorum rule and subcommittees."""
    return _roster_page(request, access, steering_committee(access))


@partnership_view
@require_GET
def committee_detail(request, access, committee_pk):
    """One committee's page (a subcommittee; the steering committee has the Committee tab)."""
    committee = committee_in(access, committee_pk, queryset=Committee.objects.select_related("parent"))
    if committee.kind == CommitteeKind.STEERING:
        return redirect(roster_url(committee))
    return _roster_page(request, access, committee)


@partnership_view
@require_GET
def committee_export(request, access, committee_pk, fmt):
    """The roster as CSV or XLSX: current (and starting later) terms, past ones (?show=past) or all."""
    committee = committee_in(access, committee_pk)
    today = selectors.today()
    show = request.GET.get("show")
    if show == SHOW_PAST:
        rows = selectors.roster_past(committee, on=today)
    elif show == SHOW_ALL:
        rows = selectors.roster_all(committee)
    else:
        show = SHOW_CURRENT
        rows = selectors.roster_current_and_upcoming(committee, on=today)
    data = (
        (
            m.person.get_full_name(),
            m.person.email,
            m.get_side_display(),
            m.get_role_display(),
            m.term_start,
            m.term_end,
            selectors.term_status_label(selectors.term_status(m, today)),
            m.ended_reason,
        )
        for m in rows
    )
    filename = f"committee-{committee.pk}-roster-{show}-{today.isoformat()}"
    return tabular_response(fmt, filename, ROSTER_HEADERS, data, sheet_title=committee.name)


# ---- adding, ending, changing terms


@partnership_view
@require_http_methods(["GET", "POST"])
def committee_member_add(request, access, committee_pk):
    committee = committee_in(access, committee_pk)
    access.require_manage(committee)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.membership_add_person(
                committee=committee,
                email=data["email"],
                full_name=data["full_name"],
                preferred_language=data["preferred_language"],
                role=data["role"],
                side=data["side"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                by=request.user,
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            person = added.membership.person
            if added.invited:
                messages.success(
                    request,
                    _("%(person)s was added to the committee. An invitation to set a password is emailed to %(email)s.")
                    % {"person": person, "email": person.email},
                )
            else:
                messages.success(request, _("%(person)s was added to the committee.") % {"person": person})
            return redirect(roster_url(committee))
    return render(
        request,
        "partnerships/committee/member_add.html",
        {"access": access, "tab": "committee", "committee": committee, "form": form},
    )


@partnership_view
@require_http_methods(["GET", "POST"])
def membership_end(request, access, membership_pk):
    membership = _managed_membership(access, membership_pk)
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                membership=membership,
                term_end=form.cleaned_data["term_end"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The term of %(person)s is ended.") % {"person": membership.person})
            return redirect(roster_url(membership.committee))
    return render(
        request,
        "partnerships/committee/membership_end.html",
        {"access": access, "tab": "committee", "membership": membership, "form": form},
    )


@partnership_view
@require_http_methods(["GET", "POST"])
def membership_change_role(request, access, membership_pk):
    membership = _managed_membership(access, membership_pk)
    form = RoleChangeForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            new_term = services.membership_change_role(
                membership=membership,
                role=form.cleaned_data["role"],
                starts_on=form.cleaned_data["starts_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s of the committee.")
                % {"person": membership.person, "role": new_term.get_role_display()},
            )
            return redirect(roster_url(membership.committee))
    return render(
        request,
        "partnerships/committee/role_change.html",
        {"access": access, "tab": "committee", "membership": membership, "form": form},
    )


@partnership_view
@require_POST
def membership_invitation_resend(request, access, membership_pk):
    membership = _managed_membership(access, membership_pk)
    try:
        sent = services.membership_invitation_resend(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if sent:
            messages.success(
                request, _("The invitation was sent again to %(email)s.") % {"email": membership.person.email}
            )
        else:
            messages.error(request, _("The invitation could not be sent. Please try again later."))
    return redirect(roster_url(membership.committee))


@partnership_view
@require_GET
def membership_history(request, access, membership_pk):
    """Who changed a term, what and when; and the person's other terms on the committee."""
    membership = membership_in(access, membership_pk)
    return render(
        request,
        "partnerships/committee/history.html",
        {
            "access": access,
            "tab": "committee",
            "membership": membership,
            "status": selectors.term_status(membership),
            "entries": selectors.membership_history(membership),
            "terms": selectors.person_terms(membership),
            "can_manage": access.can_manage_committee(membership.committee),
        },
    )


# ---- committees


@partnership_view
@require_http_methods(["GET", "POST"])
def subcommittee_create(request, access):
    access.require(access.can_manage)
    steering = steering_committee(access)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.subcommittee_create(steering=steering, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The subcommittee “%(name)s” is created. Add its members and chairs now.") % {"name": created.name},
            )
            return redirect(roster_url(created))
    return render(
        request,
        "partnerships/committee/committee_form.html",
        {"access": access, "tab": "committee", "form": form, "committee": None, "steering": steering},
    )


@partnership_view
@require_http_methods(["GET", "POST"])
def committee_edit(request, access, committee_pk):
    committee = committee_in(access, committee_pk)
    access.require_manage(committee)
    form = CommitteeForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_update(committee=committee, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The committee is saved."))
            return redirect(roster_url(committee))
    return render(
        request,
        "partnerships/committee/committee_form.html",
        {"access": access, "tab": "committee", "form": form, "committee": committee},
    )
