"""Finland's municipalities, the general housing allowance's municipality groups, and the lookup of
a municipality's official code from its name. Django-free (rules/ stays without Django).

MUNICIPALITIES: {official code: (Finnish name, Swedish name)} for the 308 municipalities of
2025. Codes and names: Statistics Finland's municipality classification (kunta_1_20210101, 309
municipalities 2021–2024: https://stat.fi/fi/luokitukset/luokitustiedotteet/, "Suomen kuntien
lukumäärä on 309, samoin kuin vuosina 2021–2023"), as published in Yle's open map data
(github.com/Yleisradio/geodata, finland/finland-hva-2021.topo.json, Swedish names following the
Institute for the Languages of Finland's recommendations), less Pertunmaa (588), which was
joined to Mäntyharju (507) on 1.1.2025 (Valtioneuvosto 6.6.2024; pertunmaa.fi). For 2026:
vero.fi's list of municipal tax rates for 2026 (decision of 18.11.2025, as transcribed in
nettopalkka.fi's public data) has Mäntyharju without Pertunmaa. Unverified: Statistics Finland's
2026 classification itself was not read; and Statistics Finland's own Swedish labels, which for
some municipalities with a Finnish-speaking majority repeat the Finnish name where this table
has the Swedish exonym (e.g. Akaa / Ackas) — code_for accepts both the Finnish and the Swedish
name given here.

HOUSING_GROUP: {code: group} for groups 1–3 of the general housing allowance's maximum housing
costs; every other municipality is group 4 (rules/parameters/housing_allowance/max_cost). From
1.1.2025 the Act on General Housing Allowance (938/2014), section 10, has three groups: I Helsinki,
Espoo, Kauniainen and Vantaa; II 24 named towns; III all others (kela.fi, "How do income and
assets affect general housing allowance?": the grouping changed on 1.1.2025, lowering the caps
in some cities). The engine keeps the four groups of the design: 1 = Helsinki and 2 = Espoo,
Kauniainen, Vantaa (both the Act's group I, same amounts), 3 = the Act's group II, 4 = group
III. The membership of group II was first read from two independent third-party
implementations of section 10(3) (an open C# calculator; nettopalkka.fi's data transcribing
kela.fi, read 5.10.2026) and is confirmed in the statute text: section 10, subsection 3 as
amended by Act 910/2024 from 1.1.2025 (Finlex open data, file last changed 5.1.2025, no later
amendment through 21.2.2025) names exactly these 24 towns; they are the 30 towns of group II
in Act 1241/2023 (1.4.–31.12.2024) less Kajaani, Kouvola, Lappeenranta, Mikkeli, Pori and
Vaasa. Not encoded:
Åland's own table of maximum housing costs (its municipalities fall into group 4). See
rules/parameters/SOURCES.md.
"""

from __future__ import annotations

import unicodedata

MUNICIPALITIES: dict[int, tuple[str, str]] = {
    5: ("Alajärvi", "Alajärvi"),
    9: ("Alavieska", "Alavieska"),
    10: ("Alavus", "Alavo"),
    16: ("Asikkala", "Asikkala"),
    18: ("Askola", "Askola"),
    19: ("Aura", "Aura"),
    20: ("Akaa", "Ackas"),
    35: ("Brändö", "Brändö"),
    43: ("Eckerö", "Eckerö"),
    46: ("Enonkoski", "Enonkoski"),
    47: ("Enontekiö", "Enontekis"),
    49: ("Espoo", "Esbo"),
    50: ("Eura", "Eura"),
    51: ("Eurajoki", "Euraåminne"),
    52: ("Evijärvi", "Evijärvi"),
    60: ("Finström", "Finström"),
    61: ("Forssa", "Forssa"),
    62: ("Föglö", "Föglö"),
    65: ("Geta", "Geta"),
    69: ("Haapajärvi", "Haapajärvi"),
    71: ("Haapavesi", "Haapavesi"),
    72: ("Hailuoto", "Karlö"),
    74: ("Halsua", "Halso"),
    75: ("Hamina", "Fredrikshamn"),
    76: ("Hammarland", "Hammarland"),
    77: ("Hankasalmi", "Hankasalmi"),
    78: ("Hanko", "Hangö"),
    79: ("Harjavalta", "Harjavalta"),
    81: ("Hartola", "Gustav Adolfs"),
    82: ("Hattula", "Hattula"),
    86: ("Hausjärvi", "Hausjärvi"),
    90: ("Heinävesi", "Heinävesi"),
    91: ("Helsinki", "Helsingfors"),
    92: ("Vantaa", "Vanda"),
    97: ("Hirvensalmi", "Hirvensalmi"),
    98: ("Hollola", "Hollola"),
    102: ("Huittinen", "Vittis"),
    103: ("Humppila", "Humppila"),
    105: ("Hyrynsalmi", "Hyrynsalmi"),
    106: ("Hyvinkää", "Hyvinge"),
    108: ("Hämeenkyrö", "Tavastkyro"),
    109: ("Hämeenlinna", "Tavastehus"),
    111: ("Heinola", "Heinola"),
    139: ("Ii", "Ijo"),
    140: ("Iisalmi", "Idensalmi"),
    142: ("Iitti", "Itis"),
    143: ("Ikaalinen", "Ikalis"),
    145: ("Ilmajoki", "Ilmola"),
    146: ("Ilomantsi", "Ilomants"),
    148: ("Inari", "Enare"),
    149: ("Inkoo", "Ingå"),
    151: ("Isojoki", "Storå"),
    152: ("Isokyrö", "Storkyro"),
    153: ("Imatra", "Imatra"),
    165: ("Janakkala", "Janakkala"),
    167: ("Joensuu", "Joensuu"),
    169: ("Jokioinen", "Jockis"),
    170: ("Jomala", "Jomala"),
    171: ("Joroinen", "Jorois"),
    172: ("Joutsa", "Joutsa"),
    176: ("Juuka", "Juga"),
    177: ("Juupajoki", "Juupajoki"),
    178: ("Juva", "Juva"),
    179: ("Jyväskylä", "Jyväskylä"),
    181: ("Jämijärvi", "Jämijärvi"),
    182: ("Jämsä", "Jämsä"),
    186: ("Järvenpää", "Träskända"),
    202: ("Kaarina", "S:t Karins"),
    204: ("Kaavi", "Kaavi"),
    205: ("Kajaani", "Kajana"),
    208: ("Kalajoki", "Kalajoki"),
    211: ("Kangasala", "Kangasala"),
    213: ("Kangasniemi", "Kangasniemi"),
    214: ("Kankaanpää", "Kankaanpää"),
    216: ("Kannonkoski", "Kannonkoski"),
    217: ("Kannus", "Kannus"),
    218: ("Karijoki", "Bötom"),
    224: ("Karkkila", "Högfors"),
    226: ("Karstula", "Karstula"),
    230: ("Karvia", "Karvia"),
    231: ("Kaskinen", "Kaskö"),
    232: ("Kauhajoki", "Kauhajoki"),
    233: ("Kauhava", "Kauhava"),
    235: ("Kauniainen", "Grankulla"),
    236: ("Kaustinen", "Kaustby"),
    239: ("Keitele", "Keitele"),
    240: ("Kemi", "Kemi"),
    241: ("Keminmaa", "Keminmaa"),
    244: ("Kempele", "Kempele"),
    245: ("Kerava", "Kervo"),
    249: ("Keuruu", "Keuru"),
    250: ("Kihniö", "Kihniö"),
    256: ("Kinnula", "Kinnula"),
    257: ("Kirkkonummi", "Kyrkslätt"),
    260: ("Kitee", "Kides"),
    261: ("Kittilä", "Kittilä"),
    263: ("Kiuruvesi", "Kiuruvesi"),
    265: ("Kivijärvi", "Kivijärvi"),
    271: ("Kokemäki", "Kumo"),
    272: ("Kokkola", "Karleby"),
    273: ("Kolari", "Kolari"),
    275: ("Konnevesi", "Konnevesi"),
    276: ("Kontiolahti", "Kontiolax"),
    280: ("Korsnäs", "Korsnäs"),
    284: ("Koski Tl", "Koskis"),
    285: ("Kotka", "Kotka"),
    286: ("Kouvola", "Kouvola"),
    287: ("Kristiinankaupunki", "Kristinestad"),
    288: ("Kruunupyy", "Kronoby"),
    290: ("Kuhmo", "Kuhmo"),
    291: ("Kuhmoinen", "Kuhmois"),
    295: ("Kumlinge", "Kumlinge"),
    297: ("Kuopio", "Kuopio"),
    300: ("Kuortane", "Kuortane"),
    301: ("Kurikka", "Kurikka"),
    304: ("Kustavi", "Gustavs"),
    305: ("Kuusamo", "Kuusamo"),
    309: ("Outokumpu", "Outokumpu"),
    312: ("Kyyjärvi", "Kyyjärvi"),
    316: ("Kärkölä", "Kärkölä"),
    317: ("Kärsämäki", "Kärsämäki"),
    318: ("Kökar", "Kökar"),
    320: ("Kemijärvi", "Kemijärvi"),
    322: ("Kemiönsaari", "Kimitoön"),
    398: ("Lahti", "Lahtis"),
    399: ("Laihia", "Laihela"),
    400: ("Laitila", "Letala"),
    402: ("Lapinlahti", "Lapinlahti"),
    403: ("Lappajärvi", "Lappajärvi"),
    405: ("Lappeenranta", "Villmanstrand"),
    407: ("Lapinjärvi", "Lappträsk"),
    408: ("Lapua", "Lappo"),
    410: ("Laukaa", "Laukas"),
    416: ("Lemi", "Lemi"),
    417: ("Lemland", "Lemland"),
    418: ("Lempäälä", "Lempäälä"),
    420: ("Leppävirta", "Leppävirta"),
    421: ("Lestijärvi", "Lestijärvi"),
    422: ("Lieksa", "Lieksa"),
    423: ("Lieto", "Lundo"),
    425: ("Liminka", "Limingo"),
    426: ("Liperi", "Libelits"),
    430: ("Loimaa", "Loimaa"),
    433: ("Loppi", "Loppi"),
    434: ("Loviisa", "Lovisa"),
    435: ("Luhanka", "Luhanka"),
    436: ("Lumijoki", "Lumijoki"),
    438: ("Lumparland", "Lumparland"),
    440: ("Luoto", "Larsmo"),
    441: ("Luumäki", "Luumäki"),
    444: ("Lohja", "Lojo"),
    445: ("Parainen", "Pargas"),
    475: ("Maalahti", "Malax"),
    478: ("Maarianhamina", "Mariehamn"),
    480: ("Marttila", "S:t Mårtens"),
    481: ("Masku", "Masku"),
    483: ("Merijärvi", "Merijärvi"),
    484: ("Merikarvia", "Sastmola"),
    489: ("Miehikkälä", "Miehikkälä"),
    491: ("Mikkeli", "S:t Michel"),
    494: ("Muhos", "Muhos"),
    495: ("Multia", "Multia"),
    498: ("Muonio", "Muonio"),
    499: ("Mustasaari", "Korsholm"),
    500: ("Muurame", "Muurame"),
    503: ("Mynämäki", "Virmo"),
    504: ("Myrskylä", "Mörskom"),
    505: ("Mäntsälä", "Mäntsälä"),
    507: ("Mäntyharju", "Mäntyharju"),
    508: ("Mänttä-Vilppula", "Mänttä-Vilppula"),
    529: ("Naantali", "Nådendal"),
    531: ("Nakkila", "Nakkila"),
    535: ("Nivala", "Nivala"),
    536: ("Nokia", "Nokia"),
    538: ("Nousiainen", "Nousis"),
    541: ("Nurmes", "Nurmes"),
    543: ("Nurmijärvi", "Nurmijärvi"),
    545: ("Närpiö", "Närpes"),
    560: ("Orimattila", "Orimattila"),
    561: ("Oripää", "Oripää"),
    562: ("Orivesi", "Orivesi"),
    563: ("Oulainen", "Oulainen"),
    564: ("Oulu", "Uleåborg"),
    576: ("Padasjoki", "Padasjoki"),
    577: ("Paimio", "Pemar"),
    578: ("Paltamo", "Paltamo"),
    580: ("Parikkala", "Parikkala"),
    581: ("Parkano", "Parkano"),
    583: ("Pelkosenniemi", "Pelkosenniemi"),
    584: ("Perho", "Perho"),
    592: ("Petäjävesi", "Petäjävesi"),
    593: ("Pieksämäki", "Pieksämäki"),
    595: ("Pielavesi", "Pielavesi"),
    598: ("Pietarsaari", "Jakobstad"),
    599: ("Pedersören kunta", "Pedersöre"),
    601: ("Pihtipudas", "Pihtipudas"),
    604: ("Pirkkala", "Birkala"),
    607: ("Polvijärvi", "Polvijärvi"),
    608: ("Pomarkku", "Påmark"),
    609: ("Pori", "Björneborg"),
    611: ("Pornainen", "Borgnäs"),
    614: ("Posio", "Posio"),
    615: ("Pudasjärvi", "Pudasjärvi"),
    616: ("Pukkila", "Pukkila"),
    619: ("Punkalaidun", "Punkalaidun"),
    620: ("Puolanka", "Puolanka"),
    623: ("Puumala", "Puumala"),
    624: ("Pyhtää", "Pyttis"),
    625: ("Pyhäjoki", "Pyhäjoki"),
    626: ("Pyhäjärvi", "Pyhäjärvi"),
    630: ("Pyhäntä", "Pyhäntä"),
    631: ("Pyhäranta", "Pyhäranta"),
    635: ("Pälkäne", "Pälkäne"),
    636: ("Pöytyä", "Pöytyä"),
    638: ("Porvoo", "Borgå"),
    678: ("Raahe", "Brahestad"),
    680: ("Raisio", "Reso"),
    681: ("Rantasalmi", "Rantasalmi"),
    683: ("Ranua", "Ranua"),
    684: ("Rauma", "Raumo"),
    686: ("Rautalampi", "Rautalampi"),
    687: ("Rautavaara", "Rautavaara"),
    689: ("Rautjärvi", "Rautjärvi"),
    691: ("Reisjärvi", "Reisjärvi"),
    694: ("Riihimäki", "Riihimäki"),
    697: ("Ristijärvi", "Ristijärvi"),
    698: ("Rovaniemi", "Rovaniemi"),
    700: ("Ruokolahti", "Ruokolax"),
    702: ("Ruovesi", "Ruovesi"),
    704: ("Rusko", "Rusko"),
    707: ("Rääkkylä", "Rääkkylä"),
    710: ("Raasepori", "Raseborg"),
    729: ("Saarijärvi", "Saarijärvi"),
    732: ("Salla", "Salla"),
    734: ("Salo", "Salo"),
    736: ("Saltvik", "Saltvik"),
    738: ("Sauvo", "Sagu"),
    739: ("Savitaipale", "Savitaipale"),
    740: ("Savonlinna", "Nyslott"),
    742: ("Savukoski", "Savukoski"),
    743: ("Seinäjoki", "Seinäjoki"),
    746: ("Sievi", "Sievi"),
    747: ("Siikainen", "Siikais"),
    748: ("Siikajoki", "Siikajoki"),
    749: ("Siilinjärvi", "Siilinjärvi"),
    751: ("Simo", "Simo"),
    753: ("Sipoo", "Sibbo"),
    755: ("Siuntio", "Sjundeå"),
    758: ("Sodankylä", "Sodankylä"),
    759: ("Soini", "Soini"),
    761: ("Somero", "Somero"),
    762: ("Sonkajärvi", "Sonkajärvi"),
    765: ("Sotkamo", "Sotkamo"),
    766: ("Sottunga", "Sottunga"),
    768: ("Sulkava", "Sulkava"),
    771: ("Sund", "Sund"),
    777: ("Suomussalmi", "Suomussalmi"),
    778: ("Suonenjoki", "Suonenjoki"),
    781: ("Sysmä", "Sysmä"),
    783: ("Säkylä", "Säkylä"),
    785: ("Vaala", "Vaala"),
    790: ("Sastamala", "Sastamala"),
    791: ("Siikalatva", "Siikalatva"),
    831: ("Taipalsaari", "Taipalsaari"),
    832: ("Taivalkoski", "Taivalkoski"),
    833: ("Taivassalo", "Tövsala"),
    834: ("Tammela", "Tammela"),
    837: ("Tampere", "Tammerfors"),
    844: ("Tervo", "Tervo"),
    845: ("Tervola", "Tervola"),
    846: ("Teuva", "Östermark"),
    848: ("Tohmajärvi", "Tohmajärvi"),
    849: ("Toholampi", "Toholampi"),
    850: ("Toivakka", "Toivakka"),
    851: ("Tornio", "Torneå"),
    853: ("Turku", "Åbo"),
    854: ("Pello", "Pello"),
    857: ("Tuusniemi", "Tuusniemi"),
    858: ("Tuusula", "Tusby"),
    859: ("Tyrnävä", "Tyrnävä"),
    886: ("Ulvila", "Ulvsby"),
    887: ("Urjala", "Urjala"),
    889: ("Utajärvi", "Utajärvi"),
    890: ("Utsjoki", "Utsjoki"),
    892: ("Uurainen", "Uurainen"),
    893: ("Uusikaarlepyy", "Nykarleby"),
    895: ("Uusikaupunki", "Nystad"),
    905: ("Vaasa", "Vasa"),
    908: ("Valkeakoski", "Valkeakoski"),
    915: ("Varkaus", "Varkaus"),
    918: ("Vehmaa", "Vemo"),
    921: ("Vesanto", "Vesanto"),
    922: ("Vesilahti", "Vesilahti"),
    924: ("Veteli", "Vetil"),
    925: ("Vieremä", "Vieremä"),
    927: ("Vihti", "Vichtis"),
    931: ("Viitasaari", "Viitasaari"),
    934: ("Vimpeli", "Vindala"),
    935: ("Virolahti", "Vederlax"),
    936: ("Virrat", "Virdois"),
    941: ("Vårdö", "Vårdö"),
    946: ("Vöyri", "Vörå"),
    976: ("Ylitornio", "Övertorneå"),
    977: ("Ylivieska", "Ylivieska"),
    980: ("Ylöjärvi", "Ylöjärvi"),
    981: ("Ypäjä", "Ypäjä"),
    989: ("Ähtäri", "Etseri"),
    992: ("Äänekoski", "Äänekoski"),
}

# The general housing allowance's municipality groups 1–3 (all others: group 4), from 1.1.2025.
HOUSING_GROUP: dict[int, int] = {
    91: 1,  # Helsinki
    49: 2,  # Espoo
    235: 2,  # Kauniainen
    92: 2,  # Vantaa
    **{
        code: 3
        for code in (
            106,  # Hyvinkää
            109,  # Hämeenlinna
            167,  # Joensuu
            179,  # Jyväskylä
            186,  # Järvenpää
            245,  # Kerava
            257,  # Kirkkonummi
            297,  # Kuopio
            398,  # Lahti
            444,  # Lohja
            536,  # Nokia
            543,  # Nurmijärvi
            564,  # Oulu
            638,  # Porvoo
            680,  # Raisio
            694,  # Riihimäki
            698,  # Rovaniemi
            743,  # Seinäjoki
            753,  # Sipoo
            755,  # Siuntio
            837,  # Tampere
            853,  # Turku
            858,  # Tuusula
            927,  # Vihti
        )
    },
}
HOUSING_GROUP_VALID_FROM = "2025-01-01"

# Other names in use for a municipality: Statistics Finland's bilingual form of Mariehamn's name,
# the short form of Koski Tl, and a municipality joined to another (Pertunmaa → Mäntyharju,
# 1.1.2025).
ALIASES: dict[str, int] = {
    "Maarianhamina - Mariehamn": 478,
    "Koski": 284,
    "Pertunmaa": 507,
}


def _key(name: str) -> str:
    """The name compared: case-folded, dashes as a hyphen, spaces collapsed (also around a
    hyphen), surrounding spaces removed."""
    text = name.replace("\u2013", "-").replace("\u2014", "-").casefold()
    text = " ".join(text.split())
    return text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")


def _folded(key: str) -> str:
    """The key without accents (ä → a, ö → o, å → a): "Hameenlinna" finds Hämeenlinna."""
    return "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))


def _index() -> tuple[dict[str, int], dict[str, int]]:
    exact: dict[str, int] = {}
    folded: dict[str, set[int]] = {}
    names = [(name, code) for code, pair in MUNICIPALITIES.items() for name in pair]
    for name, code in [*names, *ALIASES.items()]:
        key = _key(name)
        if exact.setdefault(key, code) != code:
            raise ValueError(f"{name!r} names two municipalities")
        folded.setdefault(_folded(key), set()).add(code)
    # An accent-free spelling is used only where it is not ambiguous.
    return exact, {key: codes.pop() for key, codes in folded.items() if len(codes) == 1}


_EXACT, _FOLDED = _index()


def code_for(name: str) -> int | None:
    """The official code of the municipality named `name` in Finnish or Swedish (any case,
    surrounding spaces ignored, accents optional), or None when no municipality has that name."""
    if not isinstance(name, str):
        return None
    key = _key(name)
    if not key:
        return None
    code = _EXACT.get(key)
    return code if code is not None else _FOLDED.get(_folded(key))


def name_of(code: int, language: str = "fi") -> str | None:
    """The municipality's name in Finnish ("fi") or Swedish ("sv"); None for an unknown code."""
    names = MUNICIPALITIES.get(code)
    if names is None:
        return None
    return names[1] if language == "sv" else names[0]


def housing_group(code: int) -> int:
    """The general housing allowance's municipality group (1–4) of a municipality code; every
    municipality outside groups 1–3 is group 4. An unknown code (0) also gives 4: the caller
    decides whether an unknown municipality may be computed at all."""
    return HOUSING_GROUP.get(code, 4)
