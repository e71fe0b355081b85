# The same Finnish conventions in every interface language (see polku.core.formats.fi).
from polku.core.formats.fi.formats import *  # noqa: F403
