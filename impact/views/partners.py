"""The call for partners: the public form and its thank-you page, the organisation's own area (with the
backbone's overview for staff), and the backbone's review of applications.

Access is ``impact.permissions``'s: the form is public; the area shows each person only what is theirs;
the review list and the decisions are the backbone's (403 for others), and an application's page is
the backbone's, its applicant's and its organisation's contacts' (404 for anybody else).

Rate limits of the public form (``P2G_PARTNER_CALL_RATE_LIMITS``, in allauth's rate format, counted by
``p2g.ratelimit`` in the shared cache per client IP behind the proxy as ``ALLAUTH_TRUSTED_PROXY_COUNT``
says): per IP and per email address. A submission counts against both; a form a robot filled in
(honeypot, too fast) counts against the IP. When the cache is unavailable the limits let everybody
through (the honeypot and the fill time still apply).
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from p2g import ratelimit
from partnerships.models import ApplicationStatus, Sector

from ..forms.partners import (
    ApplicationAcceptForm,
    ApplicationDeclineForm,
    ApplicationFilterForm,
    PartnerCallForm,
    form_add_service_error,
)
from ..permissions import application_for, is_backbone, may_report_figures, require_backbone
from ..selectors import partners as selectors
from ..selectors.measurement import in_language
from ..services import partners as services

APPLICATIONS_PAGE_SIZE = 25
SESSION_SENT_TO = "impact_partner_call_sent_to"
DEFAULT_RATE_LIMITS = {"ip": "5/h/ip,20/d/ip", "email": "3/d/key"}


# ---- rate limits of the public form


def _rate_limits() -> dict[str, str]:
    configured = getattr(settings, "P2G_PARTNER_CALL_RATE_LIMITS", None) or {}
    return {**DEFAULT_RATE_LIMITS, **configured}


def _rate_refusal(request, email: str) -> str:
    """Why this submission is refused by a rate limit ('' when it may go on). Counts nothing."""
    limits = _rate_limits()
    if not ratelimit.within(request, action="partner_call_ip", rates=limits["ip"]):
        return _(
            "Many applications were sent from your network in a short time. Please try again in an hour: "
            "what you typed is kept below."
        )
    if not ratelimit.within(request, action="partner_call_email", rates=limits["email"], key=email.lower()):
        return _(
            "Several applications were already sent with this email address today. Please try again tomorrow, "
            "or use another address: what you typed is kept below."
        )
    return ""


def _rate_count(request, email: str | None) -> None:
    limits = _rate_limits()
    ratelimit.hit(request, action="partner_call_ip", rates=limits["ip"])
    if email:
        ratelimit.hit(request, action="partner_call_email", rates=limits["email"], key=email.lower())


# ---- the public call


def _may_report(request):
    """For the navigation's "Report figures": asked (one query) only when the navigation is shown."""
    return functools.partial(may_report_figures, request.user)


def _reverse_or_empty(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@login_not_required
@require_http_methods(["GET", "POST"])
def partner_call(request):
    """The call for partners: what collective impact is, the forums and their themes, and the form."""
    themes = selectors.partner_call_themes()
    initial = {}
    if request.user.is_authenticated:
        initial = {"contact_name": request.user.get_full_name(), "contact_email": request.user.email}
    form = PartnerCallForm(request.POST or None, themes=themes, initial=initial)
    status = 200
    if request.method == "POST":
        valid = form.is_valid()
        if form.spam_signal in ("honeypot", "too_fast"):
            _rate_count(request, None)
        if valid:
            data = form.cleaned_data
            refusal = _rate_refusal(request, data["contact_email"])
            if refusal:
                form.add_error(None, refusal)
                status = 429
            else:
                try:
                    application = services.partner_application_submit(
                        organisation_name=data["organisation_name"],
                        sector=data["sector"],
                        contact_name=data["contact_name"],
                        contact_email=data["contact_email"],
                        contact_phone=data["contact_phone"],
                        themes=data["themes_text"],
                        motivation=data["motivation"],
                        language=translation.get_language(),
                    )
                except ValidationError as exc:
                    form_add_service_error(form, exc)
                else:
                    _rate_count(request, data["contact_email"])
                    request.session[SESSION_SENT_TO] = application.contact_email
                    return redirect("impact:partner_call_thanks")
    forums = selectors.partner_call_forums()
    return render(
        request,
        "impact/partners/call.html",
        {
            "form": form, "forums": forums, "themes": themes, "motivation_max": services.MOTIVATION_MAX,
            "impact_tab": "call", "may_report": _may_report(request),
        },
        status=status,
    )


@login_not_required
@require_GET
def partner_call_thanks(request):
    """After sending: what happens next (the address the confirmation went to, in this browser only)."""
    return render(request, "impact/partners/thanks.html", {
        "sent_to": request.session.get(SESSION_SENT_TO, ""), "may_report": _may_report(request),
    })


# ---- the organisation's own area, and the backbone's overview


@require_GET
def partner_home(request):
    """A contact's organisations, applications and forums; for the backbone, the overview of everything."""
    user = request.user
    area = selectors.partner_area(user)
    may_report = bool(area.organisations) or is_backbone(user)  # a contact reports for their organisation
    context = {
        "area": area,
        "forum_links": bool(_reverse_or_empty("impact:forum_detail", forum_pk=1)),
        "report_url": _reverse_or_empty("impact:report_list") if may_report else "",
        "may_report": may_report,
        "is_backbone": is_backbone(user),
        "impact_tab": "overview",
    }
    if context["is_backbone"]:
        context.update(
            status_counts=selectors.application_status_counts(),
            sector_counts=selectors.organisations_by_sector(),
            forum_rows=selectors.forums_overview(),
            newsletter_url=_reverse_or_empty("impact:newsletter_list"),
        )
    return render(request, "impact/partners/home.html", context)


# ---- the backbone's review


@require_GET
def application_list(request):
    require_backbone(request.user)
    themes = selectors.forum_themes(active_only=False)
    form = ApplicationFilterForm(request.GET or None, themes=themes)
    filters = form.filters()
    paginator = Paginator(selectors.applications_for_review(request.user, **filters), APPLICATIONS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    _review_labels(page.object_list)
    return render(
        request,
        "impact/partners/application_list.html",
        {"form": form, "page": page, "filtered": any(filters.values()), "impact_tab": "applications"},
    )


def _review_labels(applications) -> None:
    """What the review list shows of each application, worked out once per page rather than once per row:
    the words of its status, sector and language (``get_FOO_display`` translates every choice of the field
    on each call), the name of the organisation it is linked to, in the reader's language, and its URL."""
    statuses, sectors, languages = dict(ApplicationStatus.choices), dict(Sector.choices), dict(settings.LANGUAGES)
    language = translation.get_language()
    placeholder = "999999999"
    url_head, url_tail = reverse("impact:application_detail", args=[placeholder]).split(placeholder)
    labels = {}
    for application in applications:
        for field, choices in (("status", statuses), ("sector", sectors), ("language", languages)):
            value = getattr(application, field)
            key = (field, value)
            if key not in labels:
                labels[key] = str(choices.get(value, value))
            setattr(application, f"{field}_label", labels[key])
        application.linked_name = in_language(application.linked_name_en, application.linked_name_he, language)
        application.url = f"{url_head}{application.pk}{url_tail}"


def _detail(request, application, *, accept_form=None, decline_form=None, status=200):
    backbone = is_backbone(request.user)
    can_decide = backbone and application.status == ApplicationStatus.SUBMITTED
    context = {
        "application": application,
        "is_backbone": backbone,
        "can_decide": can_decide,
        "themes": [t.strip() for t in application.themes.split(";") if t.strip()],
        "impact_tab": "applications",
        "may_report": _may_report(request),
    }
    if can_decide:
        context["accept_form"] = accept_form or ApplicationAcceptForm(application=application)
        context["decline_form"] = decline_form or ApplicationDeclineForm()
        context["matches"] = selectors.organisations_matching(application)
    return render(request, "impact/partners/application_detail.html", context, status=status)


def _decided_meanwhile(request, application, exc: ValidationError) -> bool:
    """An application already decided (by someone else, or in another tab): said on its page, not on a form."""
    if getattr(exc, "code", None) != "application_decided":
        return False
    messages.error(request, " ".join(exc.messages))
    return True


@require_GET
def application_detail(request, pk):
    application = application_for(request.user, pk, queryset=selectors.application_detail_queryset())
    return _detail(request, application)


@require_POST
def application_accept(request, pk):
    application = application_for(request.user, pk, queryset=selectors.application_detail_queryset())
    require_backbone(request.user)
    form = ApplicationAcceptForm(request.POST, application=application)
    if form.is_valid():
        data = form.cleaned_data
        try:
            accepted = services.partner_application_accept(
                application=application,
                by=request.user,
                organisation=data["organisation"],
                name_en=data["name_en"],
                name_he=data["name_he"],
                sector=data["sector"],
                note=data["note"],
            )
        except ValidationError as exc:
            if _decided_meanwhile(request, application, exc):
                return redirect("impact:application_detail", pk=application.pk)
            form_add_service_error(form, exc)
        else:
            if not accepted.application.applicant_id:
                messages.success(request, _("The application is accepted. It has no applicant's account to tell."))
            elif accepted.primary:
                messages.success(
                    request,
                    _("The application is accepted: %(person)s is the primary contact of %(organisation)s, and is told by email.")
                    % {"person": accepted.application.applicant.get_full_name(), "organisation": accepted.organisation},
                )
            else:
                messages.success(
                    request,
                    _("The application is accepted: %(person)s is a contact of %(organisation)s (which already had a "
                      "primary contact), and is told by email.")
                    % {"person": accepted.application.applicant.get_full_name(), "organisation": accepted.organisation},
                )
            return redirect("impact:application_detail", pk=application.pk)
    return _detail(request, application, accept_form=form)


@require_POST
def application_decline(request, pk):
    application = application_for(request.user, pk, queryset=selectors.application_detail_queryset())
    require_backbone(request.user)
    form = ApplicationDeclineForm(request.POST)
    if form.is_valid():
        try:
            services.partner_application_decline(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if _decided_meanwhile(request, application, exc):
                return redirect("impact:application_detail", pk=application.pk)
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The application is declined; the applicant is told by email, with the reason."))
            return redirect("impact:application_detail", pk=application.pk)
    return _detail(request, application, decline_form=form)
