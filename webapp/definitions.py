"""Definitions the site gives in several places: what each evidence level and cost band
means (/about and the contribution form)."""
from __future__ import annotations

from webapp.i18n import gettext as _


def evidence_meanings() -> dict[str, str]:
    """Evidence level -> what it means, in the interface language, in the order of the scale."""
    return {
        "well-supported": _("Several rigorous evaluations (randomised or well-matched comparison studies) found lasting benefits."),
        "supported": _("At least one rigorous evaluation found benefits."),
        "promising": _("Evaluations with weaker designs, or first results, point to benefits."),
        "emerging": _("A new practice whose monitoring or first evaluation is under way."),
        "not-evaluated": _("Not evaluated yet: described from the experience of those who run it."),
    }


def cost_meanings() -> dict[str, str]:
    """Cost band -> what it means, in the interface language, from low to high."""
    return {
        "low": _("Runs on existing staff, volunteers and premises, with little or no new budget."),
        "medium": _("Needs its own budget for dedicated staff, premises or materials, at the scale of a small team."),
        "high": _("Needs a large new budget: a sizeable team, housing or round-the-clock services."),
    }
