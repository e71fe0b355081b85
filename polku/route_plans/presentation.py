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


def component(
    item: dict,
    members: dict[str, str] | None = None,
    *,
    explanations: Explanations | None = None,
    month: str = "",
) -> dict:
    """One income component: its name, amount, whose it is (in a household of several) and
    the explanation in the reader's language (formula in words, each parameter named,
    valued with its unit, dated d.m.yyyy and sourced) — polku.core.rules_labels renders the
    engine's structured explanation. With `explanations` (the page's route), the explanation
    is written once under the route's table and the component keeps the key of its entry
    (`explained`) instead of the text."""
    member = item.get("member") or ""
    members = members or {}
    shown = {
        "id": item["id"],
        "label": rules_labels.component_label(item["id"]),
        "member": member,
        "member_label": (members.get(member) or _("a member of the household"))
        if members and member
        else "",
        "amount": item["amount"],
        "taxable": item.get("taxable", False),
    }
    if explanations is not None:
        entry = explanations.add(item, shown, month)
        return {**shown, "explained": entry["key"], "uncertain": entry["uncertain"]}
    explained = rules_labels.explanation(item.get("explanation") or {})
    return {
        **shown,
        "formula": explained["formula"],
        "parameters": explained["parameters"],
        "uncertain": explained["uncertain"],
    }


def month_ranges(keys: list[str]) -> str:
    """Months ("2026-12", …, in order) as runs: "12/2026–3/2027, 5/2027"."""
    runs: list[list[int]] = []
    for key in keys:
        year, month = key.split("-")
        number = int(year) * 12 + int(month) - 1
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        elif not runs or number != runs[-1][1]:
            runs.append([number, number])

    def label(number: int) -> str:
        return f"{number % 12 + 1}/{number // 12}"

    return ", ".join(
        label(first) if first == last else f"{label(first)}–{label(last)}" for first, last in runs
    )


class Explanations:
    """A route's income components explained, each distinct explanation once ("How the
    figures are calculated" under the route's table): the component, its formula and every
    parameter with its value, validity and source. A month's cell links to the entry it was
    computed with by `key`; when a parameter's value or validity changes between months (a
    new year's amount, a child turning 17), each version is an entry of its own, headed with
    the months it applies to. `texts` (shared by a page's routes) keeps each distinct
    explanation rendered in the reader's language once."""

    def __init__(self, route_id: str, texts: dict[str, dict] | None = None) -> None:
        self.route_id = route_id
        self.texts = {} if texts is None else texts
        self._entries: dict[str, dict] = {}
        self._signatures: dict[int, tuple[object, str]] = {}  # id(explanation) → signature

    def _signature(self, component_id: str, explanation: dict) -> str:
        # The engine shares one explanation object between the months and alternatives it
        # applies to (rules.calc._explained): its text is made once per object.
        known = self._signatures.get(id(explanation))
        if known is not None and known[0] is explanation:
            return known[1]
        signature = repr((component_id, explanation))  # plain values: equal text, equal entry
        self._signatures[id(explanation)] = (explanation, signature)
        return signature

    def add(self, item: dict, shown: dict, month: str) -> dict:
        explanation = item.get("explanation") or {}
        signature = self._signature(item["id"], explanation)
        entry = self._entries.get(signature)
        if entry is None:
            explained = self.texts.get(signature)
            if explained is None:
                explained = self.texts[signature] = rules_labels.explanation(explanation)
            entry = self._entries[signature] = {
                "key": f"route-{self.route_id}-explained-{len(self._entries) + 1}",
                "component": item["id"],
                "label": shown["label"],
                "months": {},  # whose (a member's name, "" in a household of one) → months
                "formula": explained["formula"],
                "parameters": explained["parameters"],
                "uncertain": explained["uncertain"],
            }
        months = entry["months"].setdefault(shown["member_label"], [])
        if month and month not in months:
            months.append(month)
        return entry

    @property
    def entries(self) -> list[dict]:
        """The entries to show: each component's versions together (components in the order
        they first appear, versions by their first month), each headed with whose it is and
        the months it applies to: "Lapsilisä – lapsi (s. 2009): 3/2026–6/2026; lapsi
        (s. 2014): 7/2026–2/2027"."""
        order: dict[str, int] = {}
        for entry in self._entries.values():
            order.setdefault(entry["component"], len(order))

        def first_month(entry: dict) -> str:
            return min((m for months in entry["months"].values() for m in months), default="")

        entries = sorted(
            self._entries.values(), key=lambda e: (order[e["component"]], first_month(e))
        )
        shown = []
        for entry in entries:
            runs = {who: month_ranges(sorted(months)) for who, months in entry["months"].items()}
            if len(set(runs.values())) == 1:  # the same months for everyone: said once
                whose = ", ".join(who for who in runs if who)
                heading = entry["label"] + (f" – {whose}" if whose else "")
                months = next(iter(runs.values()))
                heading += f": {months}" if months else ""
            else:
                heading = entry["label"] + " – " + "; ".join(f"{w}: {m}" for w, m in runs.items())
            shown.append({**entry, "heading": heading})
        seen: dict[str, int] = {}
        for entry in shown:  # two versions for the same months and members: numbered
            seen[entry["heading"]] = seen.get(entry["heading"], 0) + 1
        counts: dict[str, int] = {}
        for entry in shown:
            if seen[entry["heading"]] > 1:
                heading = entry["heading"]
                counts[heading] = counts.get(heading, 0) + 1
                entry["heading"] = f"{heading} ({counts[heading]})"
        return shown


class TaxSections:
    """The tax's explanations of a page, each shown once (its formula and parameters are the
    same in every route of a month): a cell links to its section by `key`."""

    def __init__(self) -> None:
        self.sections: list[dict] = []
        self._index: dict[str, int] = {}
        self._signatures: dict[int, tuple[object, str]] = {}  # id(explanation) → signature

    def _signature(self, explanation: dict) -> str:
        # The engine shares one tax explanation between a month's alternatives (rules.calc.
        # _tax_explanation): its signature is made once per object.
        known = self._signatures.get(id(explanation))
        if known is not None and known[0] is explanation:
            return known[1]
        parameters = explanation.get("parameters") or []
        signature = repr(
            (
                explanation.get("formula_id"),
                bool(explanation.get("estimate", True)),
                [(p.get("name"), p.get("value"), str(p.get("valid_from"))) for p in parameters],
            )
        )
        self._signatures[id(explanation)] = (explanation, signature)
        return signature

    def add(self, explanation: dict, month: str) -> str:
        signature = self._signature(explanation)
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
                    "month_keys": [],
                    "months": "",  # the months it applies to, as runs: 12/2026–11/2027
                }
            )
        section = self.sections[self._index[signature]]
        if month not in section["month_keys"]:
            section["month_keys"].append(month)
            section["months"] = month_ranges(sorted(section["month_keys"]))
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
    explanations: Explanations | None = None,
    month: str = "",
) -> dict:
    items = [component(c, members, explanations=explanations, month=month) for c in components]
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
    explanations: Explanations | None = None,
) -> dict:
    """The route ready to show; `household` (the calc input's) names the members; `taxes`
    gathers the page's tax explanations and `explanations` the route's component
    explanations (each shown once, linked from the cells; without them every component
    carries its own formula and parameters, as the API gives them)."""
    members = member_labels(household)
    months = []
    for m in plan.months:
        step = plan.steps[m.step_index]
        # today's first: the table's columns, and the explanations' order, are today, route
        today = _income(
            m.status_quo_gross,
            m.status_quo_tax,
            m.status_quo_net,
            m.status_quo_components,
            members=members,
            member_rows=m.status_quo_members,
            tax_estimate=m.status_quo_tax_estimate,
            tax_explanation=m.status_quo_tax_explanation,
            taxes=taxes,
            explanations=explanations,
            month=m.month,
        )
        route = _income(
            m.gross,
            m.tax,
            m.net,
            m.components,
            members=members,
            member_rows=m.members,
            tax_estimate=m.tax_estimate,
            tax_explanation=m.tax_explanation,
            taxes=taxes,
            explanations=explanations,
            month=m.month,
        )
        months.append(
            {
                "month": m.month,
                "label": month_label(m.month),
                "step": _(step.name),  # the catalogue's name, or the route's msgid
                "route": route,
                "today": today,
                "difference": m.difference,
                "income_trap": m.income_trap,
                "law_of": month_label(m.law_of) if m.law_of else "",
            }
        )
    shown = {
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
                "state": s.state,  # "done", "running" (in the client's plan) or "" (to come)
                "done_on": s.done_on,
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
    if explanations is not None:
        shown["explained"] = explanations.entries
    return shown
