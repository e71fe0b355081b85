"""Production settings pass Django's deployment checks with no warnings at all."""

from tests.child_process import manage

CHECK_DEPLOY = ("check", "--deploy", "--fail-level", "WARNING")

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 20 + "production-like-secret-with-enough-entropy-Q9#kZ",
    "POLKU_DATA_KEY": "Zq8vN3pL0xR7tY2wK5mB9cH4jF6gD1sA-production-data-key",
    "POLKU_AUDIT_KEY": "Hw4Tq9Lm2Xv7Rk5Pz8Nc3Bj6Fd1Gs0Ya-production-audit-key",
    "ALLOWED_HOSTS": "polku.example.fi",
    "POLKU_BASE_URL": "https://polku.example.fi",
    "DATABASE_URL": "postgres://polku@db.example.fi:5432/polku",
    "POLKU_REDIS_URL": "redis://cache.example.fi:6379/0",
}


def test_check_deploy_passes_without_warnings():
    result = manage(*CHECK_DEPLOY, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets():
    result = manage(*CHECK_DEPLOY, **{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_csp_has_no_unsafe_inline():
    from django.conf import settings

    for directive in settings.SECURE_CSP.values():
        assert "'unsafe-inline'" not in directive
