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
        part2(browser, base, fac, attendee, console_url, out)
        browser.close()
    print(f"Screenshots written to {out}/")


def projector_shot(browser, base, fac, console_url, path: Path, size=(1280, 720)) -> None:
    ctx = browser.new_context(
        base_url=base,
        viewport={"width": size[0], "height": size[1]},
        storage_state=fac.context.storage_state(),
    )
    page = ctx.new_page()
    page.goto(console_url + "projector/")
    page.locator("#live-status[data-synced]").wait_for()
    page.wait_for_timeout(600)
    page.screenshot(path=path)
    ctx.close()


def part2(browser, base, fac, attendee, console_url, out: Path) -> None:
    """Baselines (2a), the briefing (2b) and visions (2c): editors and projector stages."""
    fac.goto(console_url)
    fac.locator("#live-status[data-synced]").wait_for()
    fac.click("#key-next")  # Part 1 → Part 2a
    fac.wait_for_timeout(400)
    for size in ((1920, 1080), (1280, 720)):
        projector_shot(
            browser, base, fac, console_url, out / f"projector-2a-{size[0]}x{size[1]}.png", size
        )

    attendee.goto(attendee.url)
    attendee.locator("a.company-row__name").first.click()
    attendee.locator("#live-status[data-synced]").wait_for()
    for width, height in ((1366, 768), (1920, 1080)):
        attendee.set_viewport_size({"width": width, "height": height})
        attendee.wait_for_timeout(300)
        attendee.screenshot(path=out / f"baseline-{width}x{height}.png")
    attendee.set_viewport_size({"width": 1366, "height": 768})
    attendee.screenshot(path=out / "baseline-full-1366.png", full_page=True)
    attendee.locator("a.tabs__tab").nth(1).click()
    attendee.locator("#live-status[data-synced]").wait_for()
    attendee.screenshot(path=out / "vision-full-1366.png", full_page=True)
    attendee.locator("a.tabs__tab").nth(2).click()
    attendee.locator("#live-status[data-synced]").wait_for()
    attendee.screenshot(path=out / "strategy-1366x768.png")
    attendee.screenshot(path=out / "strategy-full-1366.png", full_page=True)

    fac.goto(console_url + "benchmarks/")
    fac.screenshot(path=out / "benchmarks-full-1280.png", full_page=True)
    fac.goto(console_url + "framework/")
    fac.screenshot(path=out / "framework-full-1280.png", full_page=True)
    fac.goto(console_url + "packs/")
    fac.screenshot(path=out / "packs-1280x800.png")

    fac.goto(console_url)
    fac.locator("#live-status[data-synced]").wait_for()
    fac.click("#key-next")  # Part 2a → 2b, the briefing
    fac.goto(console_url + "briefing/")
    fac.locator("#key-next").wait_for()
    fac.click("#key-next")
    fac.click("#key-next")
    fac.wait_for_timeout(400)
    fac.screenshot(path=out / "briefing-full-1280.png", full_page=True)
    projector_shot(browser, base, fac, console_url, out / "projector-2b-1280x720.png")

    fac.goto(console_url)
    fac.locator("#live-status[data-synced]").wait_for()
    fac.click("#key-next")  # 2b → 2c, visions
    fac.wait_for_timeout(400)
    projector_shot(browser, base, fac, console_url, out / "projector-2c-1280x720.png")
    fac.goto(console_url + "visions/")
    fac.locator("#key-next").wait_for()
    fac.click("#key-next")
    fac.wait_for_timeout(400)
    fac.screenshot(path=out / "gallery-1280x800.png")
    projector_shot(browser, base, fac, console_url, out / "projector-2c-spotlight-1280x720.png")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
