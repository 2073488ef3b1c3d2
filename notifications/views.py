"""What people see of the notifications: their preferences page and the one-click unsubscribe link."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from p2g.roles import request_roles

from . import kinds as kind_registry
from . import selectors, services
from .forms import PreferencesForm
from .models import Kind, OptOut
from .render import unsubscribe_read

ONE_CLICK = "One-Click"


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    """Every kind of email the person may receive, on or off; their language and zone; what was sent lately."""
    person = request.user
    groups = selectors.notification_choices_for(person, request_roles(request))
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, person=person, groups=groups)
    if request.method == "POST" and form.is_valid():
        if form.save():
            messages.success(request, _("Your email preferences are saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "groups": form.grouped_fields(),
            "has_other_roles": any(not group.applies for group in groups),
            "person": person,
            "recent": selectors.deliveries_recent_for(person),
        },
    )


def mask_email(email: str) -> str:
    """``noa.cohen@example.org`` → ``n•••@example.org``: enough to recognise one's own address."""
    local, _at, domain = (email or "").partition("@")
    if not domain:
        return "•••"
    return f"{local[:1]}•••@{domain}"


def _invalid(request, status: int):
    return render(request, "notifications/unsubscribe_invalid.html", status=status)


# Exempt from CSRF, and only this view: RFC 8058 one-click unsubscribe has the mail program POST
# ``List-Unsubscribe=One-Click`` to the link in the header, without any cookie or form token. The
# signed token in the URL authenticates the request instead (it names the person and the kind and
# cannot be forged without SECRET_KEY); a forged cross-site POST would need that token, and all it
# can do is turn off (or back on) that one kind of email for that one person.
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Confirm (GET) and turn off (POST) one kind of email for the person the signed link names."""
    read = unsubscribe_read(token)
    if read is None:
        return _invalid(request, 400)
    person_id, kind = read
    spec = kind_registry.REGISTRY.get(kind)
    person = get_user_model().objects.filter(pk=person_id).only("pk", "email").first()
    if spec is None or person is None or kind not in Kind.values:
        return _invalid(request, 404)
    context = {"token": token, "kind_label": Kind(kind).label, "masked_email": mask_email(person.email)}
    if spec.essential:
        # Essential emails carry no unsubscribe link; a link made up for one is refused politely.
        return render(
            request, "notifications/unsubscribe_essential.html", context, status=400 if request.method == "POST" else 200
        )
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == ONE_CLICK
        enabled = not one_click and request.POST.get("action") == "restore"
        services.opt_out_set(person=person, kind=kind, enabled=enabled)
        state = "restored" if enabled else "done"
    else:
        state = "off" if OptOut.objects.filter(person=person, kind=kind).exists() else "confirm"
    return render(request, "notifications/unsubscribe.html", {**context, "state": state})
