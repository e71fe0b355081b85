"""The referrals endpoints (read by tests/api/test_openapi.py)."""

PATHS = {
    "/api/v1/referrals/": {"get", "post"},
    "/api/v1/referrals/queue/": {"get"},
    "/api/v1/referrals/{referral_id}/": {"get"},
    "/api/v1/referrals/{referral_id}/claim/": {"post"},
}
