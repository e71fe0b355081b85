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


def calculate(situation):
    alternatives = []
    for alt in situation["alternatives"]:
        if alt["kind"] not in NET:
            raise ValueError(f"unknown kind {alt['kind']}")
        net = NET[alt["kind"]]
        gross = net * 1.25
        if alt["kind"] == "pay_subsidised_work":
            gross = 3000.0  # more gross than today, yet the fake says less net below
        alternatives.append(
            {
                "id": alt["id"],
                "components": [_component(gross)],
                "gross": gross,
                "tax": round(gross - net, 2),
                "net": net,
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
