"""A stand-in with the shape of rules.api, for testing the planner's own logic (which month
takes which alternative, which routes close) independently of the real rules. Its figures are
NOT benefit amounts; tests of real income use the real engine."""

import numpy as np

STATUS = {"eligible": 1, "not_eligible": 0, "needs_information": -1}
NET = {
    "status_quo": 800.0,
    "part_time_work": 900.0,
    "pay_subsidised_work": 1500.0,
    "work_trial": 950.0,
    "rehabilitative_work_activity": 900.0,
    "sickness_allowance": 1000.0,
    "vocational_rehabilitation": 1100.0,
    "studies_with_rehabilitation": 1050.0,
}


def _component(amount):
    return {
        "id": "unemployment_benefit",
        "amount": amount,
        "taxable": True,
        "explanation": {
            "formula": "fake",
            "parameters": [
                {
                    "name": "p",
                    "value": 1,
                    "valid_from": "2026-01-01",
                    "source": "test",
                    "unverified": True,
                }
            ],
        },
    }


CHILD_BENEFIT = 100.0  # per child: NOT Kela's figure, a marker for the tests
HOUSEHOLD_SUPPORT = 50.0  # per member beyond the first, as the household's


def _member_ids(members):
    counts, ids = {}, []
    for member in members:
        role = member["role"]
        if role in ("child", "adult_child"):
            counts[role] = counts.get(role, 0) + 1
            ids.append(f"{role}{counts[role]}")
        else:
            ids.append(role)
    return ids


def calculate(situation):
    """The calc output's shape for a household (design17.md): every component with its
    member, the members' own figures and `tax_estimate` (no withholding percentage)."""
    if "household" not in situation or "person" in situation:
        raise ValueError("the route plan sends a household")
    members = situation["household"]["members"]
    assert sum(m["role"] == "applicant" for m in members) == 1
    ids = _member_ids(members)
    alternatives = []
    for alt in situation["alternatives"]:
        if alt["kind"] not in NET:
            raise ValueError(f"unknown kind {alt['kind']}")
        net = NET[alt["kind"]]
        gross = net * 1.25
        if alt["kind"] == "pay_subsidised_work":
            gross = 3000.0  # more gross than today, yet the fake says less net below
        applicant = next(m for m in members if m["role"] == "applicant")
        rows = [
            {
                "id": "applicant",
                "role": "applicant",
                "gross": gross,
                "tax": round(gross - net, 2),
                "net": net,
                "tax_estimate": applicant.get("withholding_percent") is None,
            }
        ]
        components = [{**_component(gross), "member": "applicant"}]
        for member, member_id in zip(members, ids, strict=True):
            if member["role"] == "partner" and member.get("gross_wage"):
                wage = float(member["gross_wage"])
                components.append(
                    {**_component(wage), "id": "wage", "member": member_id, "taxable": True}
                )
                rows.append(
                    {
                        "id": member_id,
                        "role": "partner",
                        "gross": wage,
                        "tax": round(wage * 0.2, 2),
                        "net": round(wage * 0.8, 2),
                        "tax_estimate": True,
                    }
                )
            if member["role"] == "child":
                components.append(
                    {
                        **_component(CHILD_BENEFIT),
                        "id": "child_benefit",
                        "member": member_id,
                        "taxable": False,
                    }
                )
        if len(members) > 1:
            components.append(
                {
                    **_component(HOUSEHOLD_SUPPORT * (len(members) - 1)),
                    "id": "housing_allowance",
                    "member": "household",
                    "taxable": False,
                }
            )
        extra = sum(c["amount"] for c in components[1:] if not c["taxable"])
        total_gross = sum(r["gross"] for r in rows) + extra
        total_tax = round(sum(r["tax"] for r in rows), 2)
        alternatives.append(
            {
                "id": alt["id"],
                "components": components,
                "gross": total_gross,
                "tax": total_tax,
                "net": round(total_gross - total_tax, 2),
                "members": rows,
                "tax_explanation": {
                    "formula_id": "income_tax",
                    "estimate": any(r["tax_estimate"] for r in rows),
                    "parameters": [],
                },
            }
        )
    return {"alternatives": alternatives}


def calculate_months(situation, months):
    return {m: calculate({**situation, "month": m}) for m in months}


def evaluate_eligibility(rule_id, facts, month):
    if rule_id == "sickness_allowance":
        if facts.get("on_sick_leave") is None:
            return {
                "status": "needs_information",
                "reasons": ["Is the client on sick leave?"],
                "opens_with": [],
                "missing_facts": ["on_sick_leave"],
            }
        if not facts["on_sick_leave"]:
            return {
                "status": "not_eligible",
                "reasons": ["Not on sick leave."],
                "opens_with": ["A doctor's certificate of incapacity for work"],
                "missing_facts": [],
            }
    if rule_id == "rehabilitation_psychotherapy" and not facts.get("psychiatrist_statement"):
        return {
            "status": "not_eligible",
            "reasons": ["No psychiatrist's statement."],
            "opens_with": ["a psychiatrist's statement"],
            "missing_facts": [],
        }
    return {"status": "eligible", "reasons": [], "opens_with": [], "missing_facts": []}


def screen(facts, month):
    n = len(facts["age"])
    out = {}
    sick = facts["on_sick_leave"]
    out["sickness_allowance"] = np.where(sick == 1, 1, np.where(sick == 0, 0, -1)).astype(np.int8)
    out["work_trial"] = np.ones(n, dtype=np.int8)
    return out
