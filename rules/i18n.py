"""Marking plain-language messages for translation without importing Django.

`gettext_noop` returns its argument; Django's makemessages extracts the English msgids
from calls to it, and the product translates them with gettext when it shows them."""


def gettext_noop(message: str) -> str:
    return message
