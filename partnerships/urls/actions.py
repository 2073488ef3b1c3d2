"""Routes of action items, meeting attachments and summary publishing (views in partnerships/views/actions.py)."""

urlpatterns = []
