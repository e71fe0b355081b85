"""The personal-data duties: the client's right of access (GDPR art. 15) and retention."""
