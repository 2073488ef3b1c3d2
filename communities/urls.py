"""Routes of communities in establishment (being written)."""

app_name = "communities"

urlpatterns = []
