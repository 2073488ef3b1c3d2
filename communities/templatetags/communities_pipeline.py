"""The cards of the pipeline of new communities, written in Python.

The pipeline shows every community the viewer accompanies (all of them for staff), a card each.
Through Django's template language a card costs about 70 µs, so thirty cards cost as much as the
rest of the page, and ten times as many communities ten times that; here a card costs a few
microseconds. ``{% track_cards column.tracks %}`` writes the ``<li>`` of each card from the plain
values of ``selectors.TrackCard``, with the labels translated once.

Every value from the data goes through :func:`html.escape` (what Django's own ``escape`` applies,
without its per-call overhead); the markup around it is this module's own.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

CARD = """<li class="track-card{overdue_class}">
  <h3><a href="{url}" dir="auto">{name}</a></h3>
  <p class="track-place">{country}{locality} · {kind}</p>
  <dl class="track-facts">
    <dt>{mentors_label}</dt>
    <dd>{mentors}</dd>
    <dt>{items_label}</dt>
    <dd><span class="items-progress">{items_text}</span>
      <progress max="{items_total}" value="{items_complete}" aria-hidden="true"></progress></dd>
    <dt>{next_label}</dt>
    <dd>{upcoming}</dd>
  </dl>
  {overdue_note}
</li>
"""


@register.simple_tag
def track_cards(cards) -> SafeString:
    """The ``<li>`` of each card (``selectors.TrackCard``), in order."""
    labels = {
        "mentors_label": escape(gettext("Mentors")),
        "items_label": escape(gettext("Infrastructure items")),
        "next_label": escape(gettext("Next milestone")),
    }
    no_mentor, none_planned, overdue = gettext("No mentor assigned"), gettext("None planned"), gettext("Overdue")
    no_mentor = f'<span class="help">{escape(no_mentor)}</span>'
    none_planned = f'<span class="help">{escape(none_planned)}</span>'
    overdue_badge = f' <span class="status-badge milestone-overdue">{escape(overdue)}</span>'
    html = []
    for card in cards:
        if card.next_due:
            upcoming = (
                f'<span dir="auto">{escape(card.next_title)}</span> · '
                f'<time datetime="{card.next_due.isoformat()}">{escape(card.next_due_text)}</time>'
                f"{overdue_badge if card.next_overdue else ''}"
            )
        else:
            upcoming = none_planned
        html.append(
            CARD.format(
                overdue_class=" has-overdue" if card.overdue_count else "",
                url=escape(card.url),
                name=escape(card.name),
                country=escape(card.country),
                locality=f" · <bdi>{escape(card.locality)}</bdi>" if card.locality else "",
                kind=escape(card.kind),
                mentors=", ".join(f"<bdi>{escape(name)}</bdi>" for _pk, name in card.mentors) or no_mentor,
                items_text=escape(card.items_text),
                items_total=int(card.items_total),
                items_complete=int(card.items_complete),
                upcoming=upcoming,
                overdue_note=f'<p class="overdue-note">{escape(card.overdue_text)}</p>' if card.overdue_count else "",
                **labels,
            )
        )
    return mark_safe("".join(html))  # noqa: S308 - every value is escaped above
