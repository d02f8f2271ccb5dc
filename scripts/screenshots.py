"""Take review screenshots of the main screens from a running server.

Usage: python scripts/screenshots.py BASE_URL OUT_DIR  (the server holds the seeded demo).
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        join = browser.new_context(
            base_url=base, viewport={"width": 1280, "height": 800}
        ).new_page()
        join.goto("/join/")
        join.screenshot(path=out / "join-1280x800.png")
        join.fill("#id_code", "WRONG-CODE")
        join.click("main button[type=submit]")
        join.screenshot(path=out / "join-wrong-code-1280x800.png")

        fac = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800}).new_page()
        fac.goto("/accounts/login/")
        fac.screenshot(path=out / "login-1280x800.png")
        fac.fill("#id_username", "facilitator")
        fac.fill("#id_password", "workshop-demo")
        fac.click("main button[type=submit]")
        fac.wait_for_url(re.compile(r"/workshops/$"))
        console_url = fac.locator(".card__title a").first.get_attribute("href")
        fac.goto(console_url)
        fac.click("#key-next")
        fac.click("#key-timer")
        fac.screenshot(path=out / "console-1280x800.png")
        fac.screenshot(path=out / "console-full-1280.png", full_page=True)
        code = fac.locator(".join-code").inner_text().strip()

        for width, height in ((1920, 1080), (1280, 720)):
            ctx = browser.new_context(
                base_url=base,
                viewport={"width": width, "height": height},
                storage_state=fac.context.storage_state(),
            )
            projector = ctx.new_page()
            projector.goto(console_url + "projector/")
            projector.locator("#projector-stage").wait_for()
            projector.wait_for_timeout(1200)  # let the timer tick once
            projector.screenshot(path=out / f"projector-{width}x{height}.png")

        attendee = browser.new_context(
            base_url=base, viewport={"width": 1280, "height": 800}
        ).new_page()
        attendee.goto(f"/join/{code.replace('-', '')}/")
        attendee.screenshot(path=out / "join-name-1280x800.png")
        attendee.fill("#id_display_name", "Review Reviewer")
        attendee.locator("input[name=team]").first.check()
        attendee.click("main button[type=submit]")
        attendee.locator("#team-header").wait_for()
        attendee.wait_for_timeout(800)
        attendee.screenshot(path=out / "workspace-1280x800.png")
        attendee.screenshot(path=out / "workspace-full-1280.png", full_page=True)
        fac.goto(console_url + "map/")
        fac.locator("#live-status[data-synced]").wait_for()
        fac.wait_for_timeout(800)
        fac.screenshot(path=out / "map-page-full-1280.png", full_page=True)
        phone = browser.new_context(
            base_url=base,
            viewport={"width": 390, "height": 844},
            storage_state=attendee.context.storage_state(),
        ).new_page()
        phone.goto(attendee.url)
        phone.screenshot(path=out / "workspace-phone-390.png", full_page=True)
        browser.close()
    print(f"Screenshots written to {out}/")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
