"""Remake docs/responsibility-network.png, the README's picture of the embedded plan.

    python docs/screenshot.py            # needs Debian's chromium and Playwright (make setup-test browser)

Opens the page `plankg viz` writes in headless Chromium from disk, waits until
the layout has settled, and saves a 1400×900 screenshot.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

import viz

HERE = Path(__file__).resolve().parent


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="plankg-shot-") as work:
        page_file = viz.render("responsibility", out=Path(work) / "network.html")
        with sync_playwright() as driver:
            context = driver.chromium.launch_persistent_context(
                str(Path(work) / "profile"),
                executable_path="/usr/bin/chromium",
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                viewport={"width": 1400, "height": 900},
            )
            page = context.new_page()
            page.goto(page_file.resolve().as_uri())
            deadline = time.monotonic() + 60
            while not page.evaluate("!!(window.plankg && window.plankg.stabilized)"):
                if time.monotonic() > deadline:
                    raise SystemExit("the network did not settle within 60 s")
                page.wait_for_timeout(50)
            page.wait_for_timeout(300)
            page.screenshot(path=str(HERE / "responsibility-network.png"))
            context.close()
    print(HERE / "responsibility-network.png")


if __name__ == "__main__":
    main()
