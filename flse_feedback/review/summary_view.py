"""The summary page under /review/summary: the numbers behind the current inbox filter.

``review/views.py`` calls ``register(bp)`` so the route joins the review blueprint.
"""
from __future__ import annotations

from flask import render_template, request

from ..access import reviewer_required
from ..services import summaries
from ..services.review_filters import ReviewFilter


@reviewer_required
def summary():
    """Section scores, rating distributions, themes by sentiment and responses over time for
    the responses the inbox filters in the URL select; it prints cleanly for partners."""
    filters = ReviewFilter.from_args(request.args)
    return render_template("review/summary.html", filters=filters,
                           summary=summaries.summarise(filters))


def register(bp) -> None:
    """Add ``/summary`` (endpoint ``summary``) to the review blueprint before it is registered."""
    bp.add_url_rule("/summary", "summary", summary)
