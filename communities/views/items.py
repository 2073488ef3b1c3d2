"""One infrastructure item of a track and its evidence.

- ``item_detail``: the item's status, notes and dates with its documents; everyone who reads the
  track updates it (staff, its mentors, the community's leaders; only staff and mentors mark an
  item not applicable).
- ``evidence_upload``: a document for the item, checked by size, type and content (a bad file
  re-shows the form with the reason); ``evidence_download``: only through this view, never a
  public address; ``evidence_delete`` (POST).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from p2g.downloads import private_file_response

from .. import selectors, services
from ..forms import EvidenceForm, TrackItemForm, form_add_service_error
from ..models import ChecklistItem, Foundation
from ..permissions import Need, evidence_in, track_for
from .common import error_text, item_url, track_url


def _code(item: str) -> str:
    if item not in ChecklistItem.values:
        raise Http404
    return item


def _foundation_label(code: str) -> str:
    foundation = selectors.FOUNDATION_OF.get(code)
    return Foundation(foundation).label if foundation else ""


@require_http_methods(["GET", "POST"])
def item_detail(request, pk, item):
    code = _code(item)
    access = track_for(request.user, pk, need=Need.UPDATE if request.method == "POST" else Need.READ)
    track = access.track
    row = selectors.track_item(track, code)
    form = TrackItemForm(request.POST or None, item=row, manager=access.can_manage)
    if request.method == "POST" and form.is_valid():
        try:
            services.track_item_update(track=track, code=code, by=request.user, manager=access.can_manage, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("“%(item)s” is saved.") % {"item": ChecklistItem(code).label})
            return redirect(track_url(track, f"item-{code}"))
    return render(
        request,
        "communities/item_detail.html",
        {
            "access": access,
            "track": track,
            "item": row,
            "foundation_label": _foundation_label(code),
            "is_infrastructure": code in selectors.INFRASTRUCTURE_ITEMS,
            "form": form if access.can_update else None,
            "evidence_form": EvidenceForm() if access.can_update else None,
        },
    )


@require_http_methods(["GET", "POST"])
def evidence_upload(request, pk, item):
    code = _code(item)
    access = track_for(request.user, pk, need=Need.UPDATE)
    track = access.track
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_upload(
                track=track, code=code, by=request.user, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The document is added to “%(item)s”.") % {"item": ChecklistItem(code).label})
            return redirect(item_url(track, code, "evidence"))
    return render(
        request,
        "communities/evidence_form.html",
        {"access": access, "track": track, "code": code, "item_label": ChecklistItem(code).label, "form": form},
    )


@require_GET
def evidence_download(request, pk, evidence_pk):
    access = track_for(request.user, pk)
    evidence = evidence_in(access, evidence_pk)
    return private_file_response(
        evidence.file, filename=services.evidence_file_name(evidence), content_type=services.evidence_content_type(evidence)
    )


@require_POST
def evidence_delete(request, pk, evidence_pk):
    access = track_for(request.user, pk, need=Need.UPDATE)
    evidence = evidence_in(access, evidence_pk)
    code = evidence.item.item
    try:
        services.evidence_delete(evidence=evidence, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The document is deleted."))
    return redirect(item_url(access.track, code, "evidence"))
