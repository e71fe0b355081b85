"""Areas the sync can be pointed at: municipality codes (Statistics Finland's three-digit
codes, as PTV uses them), or a wellbeing services county by its key, which stands for its
municipalities."""

from __future__ import annotations

# Etelä-Pohjanmaa, the demo region (Etelä-Pohjanmaan hyvinvointialue).
MUNICIPALITIES = {
    "005": "Alajärvi",
    "010": "Alavus",
    "052": "Evijärvi",
    "145": "Ilmajoki",
    "151": "Isojoki",
    "218": "Karijoki",
    "232": "Kauhajoki",
    "233": "Kauhava",
    "300": "Kuortane",
    "301": "Kurikka",
    "403": "Lappajärvi",
    "408": "Lapua",
    "743": "Seinäjoki",
    "759": "Soini",
    "846": "Teuva",
    "934": "Vimpeli",
    "989": "Ähtäri",
}
COUNTIES = {"etela-pohjanmaa": tuple(sorted(MUNICIPALITIES))}
COUNTY_NAMES = {"etela-pohjanmaa": "Etelä-Pohjanmaa"}
# The demo's area: the county the demo region's organisations are in.
DEMO_AREA = COUNTIES["etela-pohjanmaa"]
# Åland's municipalities (Statistics Finland's municipality codes): a service PTV marks
# `NationwideExceptAlandIslands` is not for them.
ALAND = frozenset(
    {"035", "043", "060", "062", "065", "076", "170", "295", "318", "417", "438", "478", "736"}
    | {"766", "771", "941"}
)


class AreaError(ValueError):
    pass


def expand(values: list[str] | tuple[str, ...]) -> list[str]:
    """Municipality codes (and county keys) → sorted municipality codes."""
    codes: set[str] = set()
    for value in values:
        for part in str(value).split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part in COUNTIES:
                codes.update(COUNTIES[part])
            elif part.isdigit() and len(part) == 3:
                codes.add(part)
            else:
                raise AreaError(
                    f"{part!r} is neither a three-digit municipality code nor a county "
                    f"({', '.join(sorted(COUNTIES))})"
                )
    if not codes:
        raise AreaError("no municipality given")
    return sorted(codes)


def name_of(code: str) -> str:
    return MUNICIPALITIES.get(code, code)


def area_text(codes: tuple[str, ...] | list[str]) -> str:
    """A short text for where a service is: a county's name when it covers one, else the
    municipalities' names (the first three and "…")."""
    wanted = set(codes)
    for key, members in COUNTIES.items():
        if wanted and wanted >= set(members):
            return COUNTY_NAMES[key]
    names = [name_of(code) for code in sorted(wanted, key=name_of)]
    return ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
