"""Routes of this area (being written)."""

urlpatterns = []
