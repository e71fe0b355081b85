"""Hard-coded name and place lists for synthetic demo data.

Names are common Finnish and Finland-Swedish first names and surnames, combined at random:
the people they make up are synthetic, never real persons. Places are real municipalities
and postal codes of Etelä-Pohjanmaa, Pohjanmaa and a few other regions, so that addresses
look plausible; street numbers are random.
"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FINNISH_FEMALE = _words(
    """
    Aino Anna Anne Anni Eeva Elina Emilia Emma Essi Hanna Heidi Helena Iida Jenni Johanna
    Julia Kaisa Katja Kirsi Laura Leena Liisa Maria Marja Milla Minna Niina Noora Outi Päivi
    Pirjo Riikka Saara Sanna Sari Satu Sofia Suvi Tiina Tuula Veera Ella Jenna Krista Merja
    Raija Seija Taru
    """
)
FINNISH_MALE = _words(
    """
    Aleksi Antti Ari Eero Eetu Elias Harri Heikki Janne Jari Jarmo Joonas Juha Juho Jukka
    Jussi Kalle Kari Lauri Markku Marko Matti Mika Mikko Niko Olli Onni Pasi Pekka Petri
    Sami Tapio Timo Toni Tuomas Ville Väinö Esa Hannu Jani Kimmo Teemu Tero Risto
    """
)
FINNISH_MIDDLE_FEMALE = _words(
    """
    Maria Johanna Kristiina Helena Susanna Elina Katariina Sofia Annikki Marjatta Inkeri
    Orvokki
    """
)
FINNISH_MIDDLE_MALE = _words(
    """
    Johannes Juhani Olavi Tapani Kalevi Antero Ilmari Mikael Henrik Aleksanteri Oskari
    Kristian
    """
)
FINNISH_SURNAMES = _words(
    """
    Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen
    Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen
    Salo Laitinen Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen
    Hietala Kangas Luoma Peltola Laurila Ojala Mäki Hakala Rintala Koivisto Kivimäki Hautala
    Yli-Mäki Rinta-Luoma Ala-Kokko Keskinen Pukkila Kuusela Harju Kallio Hirvonen Leppänen
    """
)
SWEDISH_FEMALE = _words(
    """
    Anna Emma Ellen Ebba Elin Sara Linnéa Ida Johanna Maria Karin Kristina Ingrid Annika
    Camilla Frida Malin Sofie
    """
)
SWEDISH_MALE = _words(
    """
    Anders Erik Johan Lars Mikael Henrik Fredrik Jonas Oskar Gustav Karl Patrik Stefan Mats
    Björn Niklas Tobias Rasmus
    """
)
SWEDISH_MIDDLE_FEMALE = _words(
    """
    Elisabet Kristina Margareta Charlotta Sofia Linnea
    """
)
SWEDISH_MIDDLE_MALE = _words(
    """
    Erik Johan Gustav Axel Wilhelm Fredrik
    """
)
SWEDISH_SURNAMES = _words(
    """
    Johansson Nyman Lindholm Lindqvist Lindström Holmberg Eriksson Karlsson Andersson
    Nyström Björklund Granholm Sjöberg Backman Forsman Mattsson Ahlskog Grönlund Strandberg
    Westerlund Sundqvist
    """
)
# A few clients who prefer English and need an interpreter.
INTERNATIONAL_FEMALE = _words(
    """
    Fatima Amina Leila Olena Iryna Hodan Maryam Nadia
    """
)
INTERNATIONAL_MALE = _words(
    """
    Ahmed Ali Mohamed Omar Hassan Dmytro Oleksandr Yusuf
    """
)
INTERNATIONAL_SURNAMES = _words(
    """
    Hassan Ali Mohamed Abdi Ahmadi Karimi Kovalenko Shevchenko Bondarenko Nguyen Farah
    Rahimi
    """
)
INTERPRETER_LANGUAGES = ("arabia", "somali", "ukraina", "venäjä", "dari", "kurdi (sorani)")

# (municipality, postal codes, weight) per area.
PLACES = {
    "ep": (
        ("Seinäjoki", ("60100", "60120", "60150", "60200", "60320", "60510", "60550"), 45),
        ("Lapua", ("62100",), 10),
        ("Kauhava", ("62200",), 7),
        ("Ilmajoki", ("60800",), 7),
        ("Kurikka", ("61300",), 7),
        ("Alavus", ("63300",), 6),
        ("Alajärvi", ("62900",), 4),
        ("Ähtäri", ("63700",), 4),
        ("Kuortane", ("63100",), 3),
        ("Lappajärvi", ("62600",), 2),
    ),
    "vaasa": (
        ("Vaasa", ("65100", "65200", "65320"), 60),
        ("Mustasaari", ("65610",), 15),
        ("Närpiö", ("64200",), 10),
        ("Pietarsaari", ("68600",), 10),
        ("Isokyrö", ("61500",), 5),
    ),
    "other": (
        ("Tampere", ("33100", "33200"), 40),
        ("Jyväskylä", ("40100",), 30),
        ("Hämeenlinna", ("13100",), 15),
        ("Mikkeli", ("50100",), 15),
    ),
}
STREETS = _words(
    """
    Koulukatu Kauppakatu Puistokatu Kirkkokatu Asemakatu Rautatienkatu Keskuskatu
    Kalevankatu Väinämöisenkatu Ruukintie Koivutie Mäntytie Kuusitie Pihlajatie Rantatie
    Myllytie Peltotie Niittytie Vapaudentie Kalliotie Lakeudentie Torikatu Sairaalantie
    Urheilutie
    """
)
PHONE_PREFIXES = ("040", "041", "044", "045", "050")

_ASCII = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e", "ü": "u"})


def ascii_slug(text: str) -> str:
    """Lowercase ASCII letters only, for usernames and e-mail local parts."""
    lowered = text.lower().translate(_ASCII)
    return "".join(ch for ch in lowered if "a" <= ch <= "z")
