"""Client experience: the portal's feedback.

Each indicator's definition (its `Indicator`) sits below its code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import (
    EXPERIENCE,
    PERCENT,
    Context,
    Indicator,
    Result,
    _percent,
    month_notes,
    month_row_label,
    register,
)


def client_experience(ctx: Context) -> Result:
    from polku.portal.selectors import feedback_by_month

    months = feedback_by_month(ctx.filters.start, ctx.filters.end, ctx.filters.organisation)
    answers = int(months["answers"].sum()) if months.height else 0
    sorted_at_once = (
        round(float((months["sorted_at_once"] * months["answers"]).sum()) / answers, 1)
        if answers
        else None
    )
    return Result(
        value=sorted_at_once,
        cases=answers,
        columns=[
            _("Month"),
            _("Answers"),
            _percent(_("Matters sorted at once")),
            _("Heard (1–5)"),
            _("Overall (1–5)"),
        ],
        rows=[
            [
                month_row_label(r["month"], ctx.today),
                r["answers"],
                r["sorted_at_once"],
                r["heard"],
                r["overall"],
            ]
            for r in months.iter_rows(named=True)
        ],
        counts=(1,),
        shares=(2, 3, 4),
        notes=month_notes(months["month"].to_list() if months.height else [], ctx.today),
    )


for item in (
    Indicator(
        "client_experience",
        EXPERIENCE,
        _("Client feedback over time"),
        _(
            "Feedback answered in the client portal in the period, by month: the share who got "
            'their matters sorted at once (the headline), and the means of "were you heard" '
            "and of the overall score (1–5). Months with fewer than five answers are not shown. "
            "Answers may be anonymous, so only the organisation filter applies."
        ),
        PERCENT,
        "line",
        client_experience,
    ),
):
    register(item)
