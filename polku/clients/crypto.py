"""The henkilötunnus at rest: encrypted (Fernet) with a keyed search hash (HMAC-SHA256).

Both keys are derived (HKDF) from settings.POLKU_DATA_KEY, which is kept apart from SECRET_KEY.
The hash lets us find a client by their code without storing it in clear text.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _derive(purpose: bytes) -> bytes:
    secret = settings.POLKU_DATA_KEY
    if not secret:
        raise ImproperlyConfigured("POLKU_DATA_KEY must be set to store personal identity codes.")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"polku", info=purpose).derive(
        secret.encode()
    )


@cache
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"hetu-encryption")))


@cache
def _hash_key(secret: str) -> bytes:
    return _derive(b"hetu-search-hash")


def encrypt(plain: str) -> str:
    return _fernet(settings.POLKU_DATA_KEY).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.POLKU_DATA_KEY).decrypt(token.encode()).decode()


def search_hash(normalised: str) -> str:
    return hmac.new(
        _hash_key(settings.POLKU_DATA_KEY), normalised.encode(), hashlib.sha256
    ).hexdigest()
