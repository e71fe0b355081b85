"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server. Every page visited is checked with axe-core, and a Content-Security-Policy
violation in the console fails the test.

Run with ``pytest tests/browser`` (``-m browser`` selects them, ``-m "not browser"`` skips them).
Without /usr/bin/chromium the tests are skipped, except under CI=true where they fail.
"""

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

# Playwright's sync API runs an asyncio event loop in this thread, and Django then refuses
# database calls ("SynchronousOnlyOperation"). The tests call the ORM directly between
# browser steps, which is safe here: nothing else runs in this thread. Tests only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING_IMPACTS = {"serious", "critical"}
SCREENSHOTS = Path("/tmp/polku-shots")  # noqa: S108 - outside the repository on purpose
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session; each test gets its own context."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception as error:  # Playwright's Error, or the OS refusing to start it
        playwright.stop()
        _unavailable(f"Playwright could not launch {CHROMIUM}: {str(error).splitlines()[0]}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail(f"{AXE_SOURCE} is missing: run `npm ci` first", pytrace=False)
    return AXE_SOURCE.read_text(encoding="utf-8")


@dataclass
class PageWatch:
    """What the browser reported while a test ran."""

    csp_errors: list[str] = field(default_factory=list)
    failed_assets: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)
    checked: int = 0  # how many of `navigations` have been checked with axe

    def problems(self) -> list[str]:
        return (
            [f"CSP violation: {text}" for text in self.csp_errors]
            + [f"asset failed to load: {text}" for text in self.failed_assets]
            + [f"JavaScript error: {text}" for text in self.page_errors]
        )


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(request, chromium, live_server, watch):
    """A fresh context (own cookies) with a Finnish browser, pointed at the live server."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="fi-FI",
        timezone_id="Europe/Helsinki",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            watch.csp_errors.append(f"{page.url}: {message.text}")

    def on_response(response):
        kind = response.request.resource_type
        if response.status >= 400 and kind in {"stylesheet", "script", "image", "font"}:
            watch.failed_assets.append(f"{response.status} {response.url}")

    def on_navigated(frame):
        if frame == page.main_frame:
            watch.navigations.append(frame.url)

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: watch.page_errors.append(f"{page.url}: {error}"))
    page.on("framenavigated", on_navigated)
    try:
        yield page
    finally:
        context.close()
    problems = watch.problems()
    unchecked = watch.navigations[watch.checked :]
    if unchecked and not getattr(request.node, "browser_call_failed", True):
        problems.append(f"pages not checked with axe (call check_page): {unchecked}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']!r}")
    return "\n".join(lines)


@pytest.fixture
def check_page(page, watch, axe_source):
    """Check the page now shown: no CSP violation so far, and no serious or critical
    WCAG 2.1 A/AA violation found by axe-core. Call it on every page the test visits."""

    def check() -> None:
        page.wait_for_load_state("load")
        assert not watch.problems(), "\n".join(watch.problems())
        # page.evaluate is not subject to the page's CSP (add_script_tag would be).
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(
            """async (options) => {
                const results = await axe.run(document, options);
                return results.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map((n) => ({
                        target: n.target, failureSummary: n.failureSummary,
                    })),
                }));
            }""",
            AXE_OPTIONS,
        )
        watch.checked = len(watch.navigations)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(
                f"axe-core found accessibility violations on {page.url}:\n"
                + _format_violations(blocking),
                pytrace=False,
            )

    return check


@pytest.fixture
def screenshot(page):
    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


PASSWORD = "salasana-testi-123"  # tests.factories.ProfessionalFactory's password


def verify_url(lands_on: str) -> re.Pattern:
    """The second-factor page, remembering where the user goes next (raw or URL-encoded)."""
    raw, encoded = re.escape(lands_on), re.escape(quote(lands_on, safe=""))
    return re.compile(rf"/accounts/login/verify/\?next=({raw}|{encoded})$")


@pytest.fixture
def sign_in(page, check_page):
    """Sign `user` in through the real pages (password, then the TOTP code), checking each
    page on the way."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    def sign(user, lands_on: str = "/") -> None:
        """Through the real forms; the user lands on `lands_on`, their role's main page
        (the front page, the team view, research, referrals…)."""
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
            TOTPDevice.objects.create(user=user, name="puhelin", confirmed=True)
        )
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # same step twice
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)$"))
        check_page()
        form = page.locator("main form[method=post]")
        form.locator("input[name=username]").fill(user.username)
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("button[type=submit]").first.click()
        expect(page).to_have_url(verify_url(lands_on))
        check_page()
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        form = page.locator("main form[method=post]")
        form.locator("input[name=token]").fill(f"{code:06d}")
        form.locator("button[type=submit]").first.click()
        expect(page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(lands_on)}$"))
        check_page()

    return sign
