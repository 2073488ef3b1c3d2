"""Pages of communities in establishment, split by what they are about: the pipeline and a track
(``tracks``), an item and its evidence (``items``), milestones (``milestones``), and the people around
a track: mentors, network representatives, workshop attendance, and the workshops (``people``).

Every view fetches its track with ``permissions.track_for`` (404 for outsiders, 403 for what the
viewer's role does not allow), binds a form, calls one service or selector, and renders or redirects.
"""
