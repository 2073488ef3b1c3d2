"""Every kind of email, each registered by its module (one module per area)."""

from . import accounts, actions, budget, committees, communities, forums, hours, impact, meetings, shifts  # noqa: F401
from .base import REGISTRY, KindSpec, Planned, get, register  # noqa: F401
