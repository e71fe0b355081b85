"""Money in the Finnish format: 1 234,56 € (no-break spaces, comma decimals)."""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"


def format_euros(amount: Decimal | int | float | str | None) -> str:
    """Format an amount of euros as Finns write it: ``1 234,56 €``; ``-`` for None."""
    if amount is None or amount == "":
        return "–"
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "−" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{NBSP.join(groups)},{cents}{NBSP}€"
