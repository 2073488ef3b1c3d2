"""The newsletter (the backbone's tool, 403 for anybody else): list, write, edit a draft, read it in each
language as partners will, and send it once to every partner.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerships.models import Newsletter, NewsletterStatus

from ..forms.newsletter import NewsletterForm
from ..forms.partners import form_add_service_error
from ..permissions import require_backbone
from ..selectors import newsletter as selectors
from ..services import newsletter as services

NEWSLETTERS_PAGE_SIZE = 25


def _newsletter(request, pk: int) -> Newsletter:
    require_backbone(request.user)
    return get_object_or_404(Newsletter.objects.select_related("created_by", "sent_by"), pk=pk)


@require_GET
def newsletter_list(request):
    require_backbone(request.user)
    page = Paginator(selectors.newsletters_for_list(), NEWSLETTERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "impact/newsletter/list.html", {"page": page, "impact_tab": "newsletter"})


@require_http_methods(["GET", "POST"])
def newsletter_create(request):
    require_backbone(request.user)
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = services.newsletter_create(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The newsletter is saved as a draft. Read it in both languages, then send it."))
            return redirect("impact:newsletter_detail", pk=newsletter.pk)
    return render(request, "impact/newsletter/form.html", {"form": form, "newsletter": None, "impact_tab": "newsletter"})


@require_http_methods(["GET", "POST"])
def newsletter_edit(request, pk):
    newsletter = _newsletter(request, pk)
    if newsletter.status == NewsletterStatus.SENT:
        messages.error(request, _("This newsletter has been sent: it can no longer be changed."))
        return redirect("impact:newsletter_detail", pk=newsletter.pk)
    form = NewsletterForm(request.POST or None, initial=NewsletterForm.initial_of(newsletter))
    if request.method == "POST" and form.is_valid():
        try:
            services.newsletter_update(newsletter=newsletter, **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "newsletter_sent":
                messages.error(request, " ".join(exc.messages))
                return redirect("impact:newsletter_detail", pk=newsletter.pk)
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("impact:newsletter_detail", pk=newsletter.pk)
    return render(request, "impact/newsletter/form.html", {"form": form, "newsletter": newsletter, "impact_tab": "newsletter"})


def _preview(newsletter: Newsletter) -> list[dict]:
    """The newsletter in each language, as partners reading that language receive it."""
    return [
        {"code": "he", "label": _("Hebrew"), "dir": "rtl", "subject": newsletter.subject_he, "body": newsletter.body_he},
        {"code": "en", "label": _("English"), "dir": "ltr", "subject": newsletter.subject_en, "body": newsletter.body_en},
    ]


@require_GET
def newsletter_detail(request, pk):
    newsletter = _newsletter(request, pk)
    sent = newsletter.status == NewsletterStatus.SENT
    context = {
        "newsletter": newsletter,
        "sent": sent,
        "preview": _preview(newsletter),
        "deliveries": selectors.newsletter_delivery_counts(newsletter) if sent else None,
        "audience": None if sent else selectors.newsletter_audience(),
        "impact_tab": "newsletter",
    }
    return render(request, "impact/newsletter/detail.html", context)


@require_POST
def newsletter_send(request, pk):
    newsletter = _newsletter(request, pk)
    if request.POST.get("confirm") != "yes" and newsletter.status != NewsletterStatus.SENT:
        messages.error(request, _("Tick the box to confirm that you have read the newsletter in both languages."))
        return redirect("impact:newsletter_detail", pk=newsletter.pk)
    try:
        newsletter = services.newsletter_send(newsletter=newsletter, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The newsletter is on its way to %(count)d partner.",
                "The newsletter is on its way to %(count)d partners, each in their own language.",
                newsletter.recipients_count,
            )
            % {"count": newsletter.recipients_count},
        )
    return redirect("impact:newsletter_detail", pk=newsletter.pk)
