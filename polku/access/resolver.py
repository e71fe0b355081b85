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
