"""Account emails: the invitation to a committee that opens an account. Essential: nobody turns them off."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.emails import recipient_locale, site_url
from notifications.models import Kind
from partnerships.models import Membership

from .base import KindSpec, register


@register
class CommitteeInvitation(KindSpec):
    """A person without an account was added to a committee: a link to choose a password.

    The link is made when the email is rendered (a key made earlier could have run out while the
    email waited). The inviter is the person who added the term, as its history records it.
    """

    code = Kind.COMMITTEE_INVITATION
    template = "committee_invitation"
    essential = True
    audience = "committee"
    schedule = ""
    description = _("When you are added to a committee and an account is opened for you.")

    def load(self, object_ids):
        added = Membership.history.model.objects.filter(id=OuterRef("pk"), history_type="+").order_by("history_date")
        terms = (
            Membership.objects.filter(pk__in=object_ids)
            .select_related("person", "committee__partnership")
            .annotate(
                inviter_name=Subquery(added.values("history_user__full_name")[:1]),
                inviter_email=Subquery(added.values("history_user__email")[:1]),
            )
        )
        return {m.pk: m for m in terms}

    def skip_reason(self, delivery, membership):
        from partnerships.selectors.committee import invitation_pending

        if not invitation_pending(membership):
            return str(_("The person has already chosen a password and signed in."))
        return ""

    def context(self, delivery, membership):
        from allauth.account.forms import default_token_generator
        from allauth.account.utils import user_pk_to_url_str

        from partnerships.services.membership import invitation_valid_days

        person = delivery.recipient
        uid, key = user_pk_to_url_str(person), default_token_generator.make_token(person)
        with recipient_locale(person):
            url = site_url(reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": key}))
        return {
            "membership": membership,
            "committee": membership.committee,
            "partnership": membership.committee.partnership,
            "inviter_name": membership.inviter_name or membership.inviter_email or "",
            "uid": uid,
            "key": key,
            "valid_days": invitation_valid_days(),
            "url": url,
        }

    def reply_to(self, delivery, membership):
        return [membership.inviter_email] if membership.inviter_email else None
