"""The one place that answers every "may this user …?" question.

Client visibility stays the one query in `polku.access.policy`; the role and capability
questions (dashboards, exports, team referrals, data-protection requests, …) are answered
here, and navigation, views and DRF permissions call these functions instead of looking at
`user.profession` or `is_professional` themselves.
"""

from __future__ import annotations

from typing import Any


def is_professional(user: Any) -> bool:
    """A signed-in, active professional of an organisation (not a client, not anonymous)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_professional", False)
    )


def can_serve_data_requests(user: Any) -> bool:
    """A data-protection officer, who produces a client's right-of-access export
    (polku.privacy) for any client found by their identity code — a deliberate, audited
    exception to the network-and-consent rule; nobody else, administrators included."""
    return is_professional(user) and getattr(user, "profession", "") == "data_protection_officer"
