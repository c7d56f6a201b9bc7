"""Browse pages: cities, topics and the transfer graph."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("browse", __name__)
