"""Browser fixtures: Debian's Chromium driven by Playwright, a fresh profile per session."""
from __future__ import annotations

import shutil

import pytest

from conftest import need

from .kit import ARTIFACTS, chromium_args, hostile_dir, hostile_url, site_kg, site_url  # noqa: F401

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    need(bool(shutil.which(CHROMIUM)), "Debian's chromium")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=chromium_args(), headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=[(1280, 900), (390, 844)], ids=["desktop", "phone"])
def page(request, browser_context):
    w, h = request.param
    ctx = browser_context.new_context(viewport={"width": w, "height": h}, device_scale_factor=1,
                                      is_mobile=w < 500, has_touch=w < 500)
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
              else route.abort())
    pg = ctx.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.errors.append("dialog: " + d.message), d.dismiss()))
    pg.shot_prefix = f"{request.node.name.split('[')[0]}-{'phone' if w < 500 else 'desktop'}"
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{page.shot_prefix}-{name}.png"), full_page=True)
