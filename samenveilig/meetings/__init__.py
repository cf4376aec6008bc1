"""The network meeting: the board, the analysis (danger, goals, scale, decision)."""

from . import analysis_views, views, voice_views  # noqa: F401  (register their routes)
from .blueprint import bp

__all__ = ["bp"]
