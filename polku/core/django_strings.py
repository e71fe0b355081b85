"""Django's own interface strings that its Finnish and Swedish catalogues do not translate yet.

Django 6.1 labels the empty choice of a select "- Select an option -", a string its fi and sv
catalogues do not have. Naming the strings here puts them in Polku's catalogues (`make
messages`), which Django reads before its own (LOCALE_PATHS), so the interface stays in the
user's language."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    gettext_noop("- Select an option -"),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
)
