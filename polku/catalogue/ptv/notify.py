"""Telling the catalogue curators (the "Catalogue curators" group, polku.catalogue.curators)
that the PTV sync failed or refused items: one e-mail to every active curator with an
address. The message is in Finnish, the curators' working language."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from ..curators import CURATORS

logger = logging.getLogger(__name__)


def curator_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=CURATORS, is_active=True)
    return sorted({u.email for u in users if u.email})


def _send(subject: str, body: str) -> int:
    addresses = curator_addresses()
    if not addresses:
        return 0
    try:
        return send_mail(subject, body, None, addresses)
    except OSError:  # the mail server down: the failed run is recorded and logged anyway
        logger.exception("Could not tell the catalogue curators")
        return 0


def sync_failed(error: BaseException) -> int:
    return _send(
        "Polku: PTV-synkronointi epäonnistui",
        "Palvelukartan synkronointi Suomi.fi-palvelutietovarannosta epäonnistui, eikä "
        "karttaan tehty muutoksia. Seuraava ajo yrittää uudelleen.\n\n"
        f"Virhe: {type(error).__name__}: {error}\n",
    )


def items_refused(problems: list[str]) -> int:
    lines = "\n".join(f"- {p}" for p in problems[:200])
    return _send(
        "Polku: PTV-synkronointi hylkäsi kohteita",
        "Synkronointi onnistui, mutta seuraavia Suomi.fi-palvelutietovarannon kohteita ei "
        f"tuotu karttaan ({len(problems)}):\n\n{lines}\n",
    )
