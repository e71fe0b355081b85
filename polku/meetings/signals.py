"""Signals other apps listen to (meetings depends on none of them)."""

from django.dispatch import Signal

# Sent inside the transaction that marks an agreement done: sender=Agreement,
# agreement=<Agreement>, by=<User>, request=<HttpRequest | None>.
agreement_done = Signal()
