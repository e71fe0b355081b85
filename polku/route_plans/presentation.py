"""What the route plan shows (used by the page and the API): the planner's results with the
engine's English msgids and code names in the reader's language (polku.core.rules_labels),
the months labelled, uncertain figures marked, each component's member of the household
named in plain words ("puoliso", "lapsi (s. 2014)", "koko kotitalous") and the tax marked an
estimate when the engine estimated it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from polku.core import rules_labels

from . import facts as client_facts
from . import planner

HOUSEHOLD = "household"  # the member of a component that belongs to the whole household


def month_label(key: str, *, short: bool = False) -> str:
    year, month = key.split("-")
    return f"{int(month)}/{year[2:] if short else year}"


def translate(message: str) -> str:
    return _(message) if message else message


def member_label(member: dict | None, member_id: str) -> str:
    """A member of the household in plain words: the client, the partner, "child (b. 2014)"
    (the birth year only: the least data), "the whole household"."""
    if member_id == HOUSEHOLD:
        return _("the whole household")
    if member is None:
        return _("a member of the household")
    role = member.get("role")
    if role == "applicant":
        return _("the client")
    if role == "partner":
        return _("partner")
    year = str(member.get("birth_date", ""))[:4]
    if role == "adult_child":
        return _("adult child at home (b. %(year)s)") % {"year": year}
    if role == "child":
        return _("child (b. %(year)s)") % {"year": year}
    return _("a member of the household")


def member_labels(household: dict | None) -> dict[str, str]:
    """Member id → its name in plain words; empty for a one-person household (whose
    components all are the client's: nothing to name)."""
    if not household or len(household.get("members") or []) < 2:
        return {}
    labels = {mid: member_label(m, mid) for mid, m in client_facts.member_ids(household).items()}
    labels[HOUSEHOLD] = member_label(None, HOUSEHOLD)
    return labels


def component(item: dict, members: dict[str, str] | None = None) -> dict:
    """One income component: its name, amount, whose it is (in a household of several) and
    the explanation in the reader's language (formula in words, each parameter named,
    valued with its unit, dated d.m.yyyy and sourced) — polku.core.rules_labels renders the
    engine's structured explanation."""
    explained = rules_labels.explanation(item.get("explanation") or {})
    member = item.get("member") or ""
    members = members or {}
    return {
        "id": item["id"],
        "label": rules_labels.component_label(item["id"]),
        "member": member,
        "member_label": (members.get(member) or _("a member of the household"))
        if members and member
        else "",
        "amount": item["amount"],
        "taxable": item.get("taxable", False),
        "formula": explained["formula"],
        "parameters": explained["parameters"],
        "uncertain": explained["uncertain"],
    }


class TaxSections:
    """The tax's explanations of a page, each shown once (its formula and parameters are the
    same in every route of a month): a cell links to its section by `key`."""

    def __init__(self) -> None:
        self.sections: list[dict] = []
        self._index: dict[str, int] = {}

    def add(self, explanation: dict, month: str) -> str:
        parameters = explanation.get("parameters") or []
        signature = repr(
            (
                explanation.get("formula_id"),
                bool(explanation.get("estimate", True)),
                [(p.get("name"), p.get("value"), str(p.get("valid_from"))) for p in parameters],
            )
        )
        if signature not in self._index:
            explained = rules_labels.explanation(explanation)
            self._index[signature] = len(self.sections)
            self.sections.append(
                {
                    "key": f"tax-explained-{len(self.sections) + 1}",
                    "estimate": bool(explanation.get("estimate", True)),
                    "formula": explained["formula"],
                    "parameters": explained["parameters"],
                    "uncertain": explained["uncertain"],
                    "months": [],
                }
            )
        section = self.sections[self._index[signature]]
        label = month_label(month)
        if label not in section["months"]:
            section["months"].append(label)
        return section["key"]


def _income(
    gross,
    tax,
    net,
    components,
    *,
    members: dict[str, str] | None = None,
    member_rows: list[dict] | None = None,
    tax_estimate: bool = True,
    tax_explanation: dict | None = None,
    taxes: TaxSections | None = None,
    month: str = "",
) -> dict:
    items = [component(c, members) for c in components]
    tax_key = taxes.add(tax_explanation, month) if taxes is not None and tax_explanation else ""
    rows = []
    if members and len(member_rows or []) > 1:  # each earner's own gross, tax and net
        for row in member_rows or []:
            rows.append(
                {
                    "label": members.get(row.get("id", "")) or _("a member of the household"),
                    "gross": row.get("gross", 0.0),
                    "tax": row.get("tax", 0.0),
                    "net": row.get("net", 0.0),
                    "tax_estimate": bool(row.get("tax_estimate", True)),
                }
            )
    return {
        "gross": gross,
        "tax": tax,
        "net": net,
        "components": items,
        "members": rows,
        "tax_estimate": tax_estimate,
        "tax_explained": tax_key,
        "uncertain": any(c["uncertain"] for c in items),
    }


def route_context(
    plan: planner.RoutePlan,
    svg=None,
    *,
    household: dict | None = None,
    taxes: TaxSections | None = None,
) -> dict:
    """The route ready to show; `household` (the calc input's) names the members; `taxes`
    gathers the page's tax explanations (each shown once, linked from the cells)."""
    members = member_labels(household)
    months = []
    for m in plan.months:
        step = plan.steps[m.step_index]
        months.append(
            {
                "month": m.month,
                "label": month_label(m.month),
                "step": step.name,
                "route": _income(
                    m.gross,
                    m.tax,
                    m.net,
                    m.components,
                    members=members,
                    member_rows=m.members,
                    tax_estimate=m.tax_estimate,
                    tax_explanation=m.tax_explanation,
                    taxes=taxes,
                    month=m.month,
                ),
                "today": _income(
                    m.status_quo_gross,
                    m.status_quo_tax,
                    m.status_quo_net,
                    m.status_quo_components,
                    members=members,
                    member_rows=m.status_quo_members,
                    tax_estimate=m.status_quo_tax_estimate,
                    tax_explanation=m.status_quo_tax_explanation,
                    taxes=taxes,
                    month=m.month,
                ),
                "difference": m.difference,
                "income_trap": m.income_trap,
                "law_of": month_label(m.law_of) if m.law_of else "",
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
        "law_repeated_from": month_label(plan.law_repeated_from) if plan.law_repeated_from else "",
        "tax_estimate": any(m.tax_estimate or m.status_quo_tax_estimate for m in plan.months),
        "chart": svg,
    }
