"""What the route plan shows (used by the page and the API): the planner's results with the
engine's English msgids and code names in the reader's language (polku.core.rules_labels),
the months labelled, uncertain figures marked."""

from __future__ import annotations

from django.utils.translation import gettext as _

from polku.core import rules_labels

from . import planner


def month_label(key: str, *, short: bool = False) -> str:
    year, month = key.split("-")
    return f"{int(month)}/{year[2:] if short else year}"


def translate(message: str) -> str:
    return _(message) if message else message


def component(item: dict) -> dict:
    """One income component: its name, amount and the explanation in the reader's language
    (formula in words, each parameter named, valued with its unit, dated d.m.yyyy and
    sourced) — polku.core.rules_labels renders the engine's structured explanation."""
    explained = rules_labels.explanation(item.get("explanation") or {})
    return {
        "id": item["id"],
        "label": rules_labels.component_label(item["id"]),
        "amount": item["amount"],
        "taxable": item.get("taxable", False),
        "formula": explained["formula"],
        "parameters": explained["parameters"],
        "uncertain": explained["uncertain"],
    }


def _income(gross, tax, net, components) -> dict:
    items = [component(c) for c in components]
    return {
        "gross": gross,
        "tax": tax,
        "net": net,
        "components": items,
        "uncertain": any(c["uncertain"] for c in items),
    }


def route_context(plan: planner.RoutePlan, svg=None) -> dict:
    months = []
    for m in plan.months:
        step = plan.steps[m.step_index]
        months.append(
            {
                "month": m.month,
                "label": month_label(m.month),
                "step": step.name,
                "route": _income(m.gross, m.tax, m.net, m.components),
                "today": _income(
                    m.status_quo_gross, m.status_quo_tax, m.status_quo_net, m.status_quo_components
                ),
                "difference": m.difference,
                "income_trap": m.income_trap,
            }
        )
    return {
        "id": plan.route.id,
        "title": _(plan.route.title),
        "summary": _(plan.route.summary),
        "status": plan.status,
        "reasons": [translate(r) for r in plan.reasons],
        "opens_with": [translate(o) for o in plan.opens_with],
        "missing_facts": plan.missing_facts,
        "overlooked": plan.overlooked,
        "considered": plan.considered,
        "assumptions": [translate(a) for a in plan.assumptions],
        "steps": [
            {
                "index": s.index,
                "service": s.service,
                "name": _(s.name),
                "rule": s.rule,
                "rule_label": rules_labels.rule_label(s.rule) if s.rule else "",
                "months": s.months,
                "starts": month_label(s.starts),
                "ends": month_label(s.ends),
                "checkpoint": _(s.checkpoint),
                "checkpoint_on": s.checkpoint_on,
                "kind": s.alternative.get("kind"),
                "alongside": s.alongside,
                "eligibility": s.eligibility.get("status"),
                "reasons": [translate(r) for r in s.eligibility.get("reasons", [])],
                "opens_with": [translate(o) for o in s.eligibility.get("opens_with", [])],
            }
            for s in plan.steps
        ],
        "months": months,
        "total_net": plan.total_net,
        "total_difference": plan.total_difference,
        "income_trap": plan.has_income_trap,
        "uncertain": plan.has_uncertain,
        "chart": svg,
    }
