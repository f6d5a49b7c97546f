"""The HTML paper in a real browser: headless Debian Chromium, driven by Selenium
through Debian's chromedriver (no browser or driver is ever downloaded), with the
network blocked.

Checks what a reader would notice and a text search cannot: images that do not
load, leftover cross-reference or citation syntax, links that lead nowhere, a
table of contents that does not scroll, Chinese text in a non-CJK font, figures
without alt text, figures and tables without the rule and script that made them,
and a page wider than the window at desktop and phone widths. The page must be
self-contained, so a request for anything other than a file: or data: URL fails.
A deliberately broken page shows that each check can fail. Every check runs on
both documents the workflow renders: the paper (index.html) and its supplement
(supplement.html); how many figures, tables and made-by lines each must show comes
from the workflow's map of them (results/tables/paper_map.json).

Screenshots of the first screen, the "How to reproduce" box, every figure and two
tables are taken and checked (each shows its element, not a blank box); they go to a
temporary folder, or to $WISHLIST_SCREENS when set, for a reviewer to look at.
"""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path
from unittest import mock
from urllib.parse import unquote, urlsplit

import pytest
from reader_view import made_by_lines
from selenium import webdriver

pytestmark = pytest.mark.workflow

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"           # Debian package chromium (scripts/setup_system.sh)
CHROMEDRIVER = "/usr/bin/chromedriver"   # Debian package chromium-driver
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
LEFTOVERS = ("??", "@fig-", "@tbl-", "@sec-", "[@", "{{<", ">}}")
CJK_FONT = re.compile(r"CJK|Source Han|WenQuanYi|Droid Sans Fallback")
# Nothing that could fetch or phone home; the proxy leads nowhere (port 9 is
# "discard") and <-loopback> sends even localhost through it.
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-default-apps", "--metrics-recording-only",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US",
)

def start_browser():
    """Chromium with the network blocked three ways: the dead proxy above, DevTools'
    offline emulation, and a block on every http(s)/ws(s)/ftp URL. Requests are
    still logged (the performance log) before they are blocked."""
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    for tool, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(tool, os.X_OK):
            pytest.fail(f"{tool} is missing: run `bash scripts/setup_system.sh` (Debian package {package})")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # selenium-manager would download a browser or driver: make calling it an error
    with mock.patch.object(SeleniumManager, "binary_paths",
                           side_effect=AssertionError("selenium-manager must not run")):
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*",
                                                               "ftp://*"]})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.set_window_size(*WIDTHS["desktop"])
    return driver


class Page:
    """A loaded page and every URL it has requested so far."""

    def __init__(self, driver, html: Path):
        self.driver, self.html, self._urls = driver, html, []
        driver.get(html.as_uri())
        driver.execute_script("return document.fonts.ready")
        for img in driver.find_elements("css selector", "img"):  # let lazy images start
            driver.execute_script("arguments[0].scrollIntoView()", img)
        driver.execute_script("window.scrollTo(0, 0)")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def requested_urls(self) -> list[str]:
        """From DevTools' network events; the log is drained on reading, so keep them."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self._urls.append(message["params"]["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                self._urls.append(message["params"]["url"])
        return list(self._urls)


# ------------------------------------------------------------- the checks --
def foreign_requests(page: Page) -> list[str]:
    """Requests for anything but file: and data: URLs (the network log and the
    resource timing API, which sees whatever the page loaded)."""
    urls = page.requested_urls() + page.js("return performance.getEntriesByType('resource').map(e => e.name)")
    return sorted({u for u in urls if not u.startswith(("file://", "data:"))})


def broken_images(page: Page) -> list[str]:
    return page.js("""return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))
                      .map(i => i.getAttribute('src').slice(0, 60));""")


def images_without_alt(page: Page) -> list[str]:
    return page.js("""return [...document.querySelectorAll('img, figure')].filter(e => e.tagName === 'IMG'
                          ? !(e.getAttribute('alt') || '').trim()
                          : !e.querySelector('img[alt]:not([alt=""]), svg[aria-label], svg title'))
                      .map(e => e.tagName + '#' + e.id + ' ' + (e.getAttribute('src') || '').slice(0, 40));""")


def leftovers(page: Page) -> list[str]:
    text = page.js("return document.body.innerText")
    return [f"{bit!r}: …{text[max(0, text.find(bit) - 50):text.find(bit) + 50]}…"
            for bit in LEFTOVERS if bit in text]


def dead_links(page: Page) -> list[str]:
    """href="#x" without an element x; relative links to files that do not exist."""
    links = page.js("""return [...document.querySelectorAll('a[href]')].map(a => {
                           const h = a.getAttribute('href');
                           return [h, h.startsWith('#') ? !!document.getElementById(decodeURIComponent(h.slice(1)))
                                                        : null];});""")
    dead = [href for href, found in links if href.startswith("#") and not found]
    relative = [href for href, _ in links if not re.match(r"^(#|[a-z][a-z0-9+.-]*:|//)", href, re.IGNORECASE)]
    return dead + [href for href in relative if not (page.html.parent / unquote(urlsplit(href).path)).exists()]


def chinese_font_families(page: Page) -> list[str]:
    """The platform fonts Chromium used for the first element whose own text is Chinese."""
    found = page.js("""
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (/[\\u3400-\\u9fff]/.test(n.textContent)) {
                document.querySelectorAll('[data-cjk-probe]').forEach(e => e.removeAttribute('data-cjk-probe'));
                n.parentElement.setAttribute('data-cjk-probe', '');
                return n.textContent;
            }
        }
        return null;""")
    assert found, "no Chinese text on the page"
    cdp = page.driver.execute_cdp_cmd
    cdp("DOM.enable", {})
    cdp("CSS.enable", {})
    root = cdp("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp("DOM.querySelector", {"nodeId": root, "selector": "[data-cjk-probe]"})["nodeId"]
    return [font["familyName"] for font in cdp("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


def sideways_overflow(page: Page, width: str) -> dict | None:
    """None if the page fits the window at this width, else the sizes and the culprits."""
    page.driver.set_window_size(*WIDTHS[width])
    try:
        inner = page.js("return window.innerWidth")
        assert abs(inner - WIDTHS[width][0]) <= 20, f"the window did not resize: {inner}"
        sizes = page.js("""
            const d = document.documentElement;
            return {scroll: d.scrollWidth, client: d.clientWidth,
                    wide: [...document.body.querySelectorAll('*')]
                        .filter(e => e.getBoundingClientRect().right > d.clientWidth + 1
                                     && !e.parentElement.closest('.table-scroll, pre'))
                        .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)};""")
        return None if sizes["scroll"] <= sizes["client"] + 1 else sizes
    finally:
        page.driver.set_window_size(*WIDTHS["desktop"])


# ------------------------------------------------------------ the paper --
DOCUMENTS = ("index", "supplement")  # as workflow/rules/common.smk PAPER_DOCUMENTS


@pytest.fixture(scope="module", params=DOCUMENTS)
def page(default_study, request):
    html = default_study / "results" / "manuscript" / f"{request.param}.html"
    assert html.is_file()
    driver = start_browser()
    try:
        yield Page(driver, html)
    finally:
        driver.quit()


def exhibits(page: Page) -> dict[str, int]:
    """How many figures and tables the workflow's map says this document shows."""
    shown = json.loads((page.html.parents[1] / "tables" / "paper_map.json").read_text(encoding="utf-8"))["exhibits"]
    mine = [e["label"] for e in shown if e["document"] == page.html.stem]
    return {"fig": sum(label.startswith("fig-") for label in mine), "tbl": sum(label.startswith("tbl-") for label in mine)}


def shows_made_by(page: Page) -> bool:
    """Whether this document's captions carry made-by lines (its front matter)."""
    return made_by_lines(page.html.parents[2] / "manuscript" / f"{page.html.stem}.qmd")


def test_the_map_lists_exhibits_for_each_document(page):
    counts = exhibits(page)
    assert counts["fig"] + counts["tbl"] >= 1


def test_page_makes_no_network_request(page):
    assert any(u.startswith("file://") for u in page.requested_urls()), "the network log recorded nothing"
    assert foreign_requests(page) == []


def test_every_image_loads_and_has_alt_text(page):
    assert page.js("return document.images.length") >= exhibits(page)["fig"]
    assert broken_images(page) == []
    assert images_without_alt(page) == []


def test_no_unresolved_references_remain(page):
    assert leftovers(page) == []


def test_internal_and_relative_links_resolve(page):
    counts = exhibits(page)
    assert page.js("return document.querySelectorAll('a[href^=\"#\"]').length") >= 5  # at least the contents
    # made-by links: one per figure and table, where the document has made-by lines
    made_by = counts["fig"] + counts["tbl"] if shows_made_by(page) else 0
    assert page.js("return document.querySelectorAll('a[href^=\"../\"]').length") >= made_by
    assert dead_links(page) == []


def test_chinese_text_renders_in_a_cjk_font(page):
    families = chinese_font_families(page)
    assert any(CJK_FONT.search(family) for family in families), families


@pytest.mark.parametrize("width", list(WIDTHS))
def test_page_does_not_scroll_sideways(page, width):
    assert sideways_overflow(page, width) is None


def test_table_of_contents_links_scroll_to_their_targets(page):
    from selenium.webdriver.common.by import By

    hrefs = page.js("return [...document.querySelectorAll('#TOC a[href]')].map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 3 and all(h.startswith("#") for h in hrefs)
    assert [h for h in hrefs if not page.js("return !!document.getElementById(arguments[0])", h[1:])] == []
    # click a spread of entries, first to last (each click is a real mouse click)
    for href in hrefs[::max(1, len(hrefs) // 6)] + hrefs[-1:]:
        page.js("window.scrollTo(0, 0)")
        link = page.driver.find_element(By.CSS_SELECTOR, f'#TOC a[href="{href}"]')
        page.js("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        assert page.js("return location.hash") == href
        top = page.js("return document.getElementById(arguments[0]).getBoundingClientRect().top", href[1:])
        at_end = page.js("return innerHeight + scrollY >= document.documentElement.scrollHeight - 2")
        assert -2 <= top <= 100 or (at_end and top >= 0), f"{href}: target {top:.0f}px below the top"
    page.js("history.replaceState(null, '', location.pathname); window.scrollTo(0, 0)")


def test_figures_and_tables_name_the_rule_and_script_that_made_them(page):
    items = page.js("""
        return [...document.querySelectorAll('figure[id^="fig-"], table[id^="tbl-"]')].map(e => {
            const made = e.querySelector(':scope > figcaption .made-by, :scope > caption .made-by');
            return {id: e.id, text: made && made.textContent.replace(/\\s+/g, ' ').trim(),
                    href: made && made.querySelector('a[href]') && made.querySelector('a[href]').getAttribute('href')};
        });""")
    counts = exhibits(page)
    assert len([i for i in items if i["id"].startswith("fig-")]) >= counts["fig"]
    assert len([i for i in items if i["id"].startswith("tbl-")]) >= counts["tbl"]
    if not shows_made_by(page):  # the note: none, and the text sends the reader to the supplement's map
        assert [item for item in items if item["text"]] == []
        assert "exhibit map" in page.js("return document.body.innerText")
        return
    for item in items:
        assert item["text"], f"{item['id']} has no made-by line"
        match = re.fullmatch(r"Made by rule (\w+) · (workflow/scripts/(\w+)\.py)", item["text"])
        assert match, item
        assert match[1] == match[3], f"rule {match[1]} is made by another rule's script: {item}"
        assert (page.html.parent / item["href"]).resolve() == (page.html.parents[2] / match[2]).resolve(), item
    wide = page.js("return [...document.querySelectorAll('table')].filter(t => !t.closest('.table-scroll'))"
                   ".map(t => t.id)")
    assert wide == [], "tables outside a scrolling wrapper"


REPRODUCE_BOX = 'callout-note title="How to reproduce"'


def has_reproduce_box(page: Page) -> bool:
    """Whether the document's source holds the "How to reproduce" box."""
    qmd = page.html.parents[2] / "manuscript" / f"{page.html.stem}.qmd"
    return REPRODUCE_BOX in qmd.read_text(encoding="utf-8")


def test_one_document_has_the_reproduce_box():
    assert any(REPRODUCE_BOX in (ROOT / f"manuscript/{d}.qmd").read_text(encoding="utf-8") for d in DOCUMENTS)


def test_how_to_reproduce_box(page):
    if not has_reproduce_box(page):
        pytest.skip(f"{page.html.stem}.qmd has no How to reproduce box (another document has it)")
    box = page.js("""
        const box = document.querySelector('.callout.callout-note');
        return box && {text: box.innerText, border: parseFloat(getComputedStyle(box).borderLeftWidth),
                       background: getComputedStyle(box).backgroundColor,
                       before: [...document.querySelectorAll('h1')].filter(h => h.compareDocumentPosition(box)
                               & Node.DOCUMENT_POSITION_FOLLOWING).length};""")
    assert box, "no callout box"
    # "Note" first, for screen readers only (as Quarto marks a titled callout)
    assert box["text"].removeprefix("Note").lstrip().startswith("How to reproduce")
    assert "make study" in box["text"] and "make test" in box["text"]
    assert box["border"] > 0 and box["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert box["before"] <= 3, "the box is not near the top"


def _screenshot(page: Page, path: Path, selector: str) -> None:
    """A PNG of the element (its caption ends with the made-by line), with its
    table's wrapper, taller than the window if need be."""
    box = page.js("""
        const el = document.querySelector(arguments[0]);
        const first = el.closest('.table-scroll') || el;
        first.scrollIntoView({block: 'start'});
        const a = first.getBoundingClientRect(), b = a;
        return {x: Math.max(0, Math.min(a.left, b.left) - 8), y: a.top + scrollY - 8,
                width: Math.min(document.documentElement.clientWidth,
                                Math.max(a.right, b.right) - Math.min(a.left, b.left) + 16),
                height: b.bottom - a.top + 16};""", selector)
    # capturing beyond the window is slow: only for what does not fit in it
    beyond = box["height"] > page.js("return innerHeight") - 8
    box["height"] = min(box["height"], 2400)
    shot = page.driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": beyond, "clip": {**box, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def blank(png: bytes) -> bool:
    """True if the PNG is a single colour (an element that did not render shows as blank)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    low, high = image.getextrema()
    return high - low < 16


def test_screenshots_show_every_figure_and_the_reproduce_box(page, tmp_path_factory):
    """The first screen at both widths, the reproduce box, every figure and two tables (one at
    phone width, scrolling sideways in its own box): each shot is taken and shows something."""
    screens = Path(os.environ.get("WISHLIST_SCREENS") or tmp_path_factory.mktemp("screens")) / page.html.stem
    screens.mkdir(parents=True, exist_ok=True)
    # the pointer may still hover a link clicked above: park it on the empty corner
    page.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 1, "y": 1})
    try:
        for width in ("phone", "desktop"):
            page.driver.set_window_size(*WIDTHS[width])
            page.js("window.scrollTo(0, 0)")
            page.driver.save_screenshot(str(screens / f"first_screen_{width}.png"))
        if has_reproduce_box(page):
            _screenshot(page, screens / "how_to_reproduce.png", ".callout")
        figures = page.js("return [...document.querySelectorAll('figure[id]')].map(f => f.id)")
        for figure in figures:
            _screenshot(page, screens / f"{figure}.png", f"#{figure}")
        tables = page.js("return [...document.querySelectorAll('.table-scroll table[id]')].map(t => t.id)")
        # the map, where this document shows it, and the reliability table, else its first table
        shown = [t for t in ("tbl-paper-map", "tbl-reliability") if t in tables] or tables[:1]
        for table in shown[:1]:
            _screenshot(page, screens / f"{table}.png", f"#{table}")
        page.driver.set_window_size(*WIDTHS["phone"])
        for table in shown[-1:]:
            _screenshot(page, screens / f"{table}_phone.png", f"#{table}")
    finally:
        page.driver.set_window_size(*WIDTHS["desktop"])
    shots = sorted(screens.glob("*.png"))
    assert len(figures) >= exhibits(page)["fig"]
    assert {p.stem for p in screens.glob("fig-*.png")} >= set(figures)
    assert [p.name for p in shots if blank(p.read_bytes())] == []


def test_the_blank_check_sees_a_blank_image():
    import io

    from PIL import Image

    for colour, expected in (("white", True), ("black", True)):
        buffer = io.BytesIO()
        Image.new("RGB", (40, 20), colour).save(buffer, format="PNG")
        assert blank(buffer.getvalue()) is expected
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 20), "white")
    image.paste((0, 0, 0), (0, 0, 20, 20))
    image.save(buffer, format="PNG")
    assert blank(buffer.getvalue()) is False


# ------------------------------------------------- the checks can fail --
BROKEN_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>broken</title></head>
<body><h1 id="top">A broken page</h1>
<figure id="fig-a"><img src="missing.png" alt=""><figcaption>See @fig-b and ??.</figcaption></figure>
<img src="http://192.0.2.1/tracker.png" alt="remote">
<p><a href="#nowhere">dead anchor</a> <a href="#top">fine anchor</a> <a href="../no/such/script.py">dead
file</a> <a href="page.html">this file</a> [@nobody2020] {{< var x >}}</p>
<div style="width: 2000px">too wide</div>
<p>国际技术合作机会</p>
<script>fetch('https://192.0.2.1/beacon').catch(() => {});</script>
</body></html>"""


def test_the_checks_catch_a_broken_page(tmp_path):
    html = tmp_path / "page.html"
    html.write_text(BROKEN_PAGE, encoding="utf-8")
    driver = start_browser()
    try:
        page = Page(driver, html)
        assert foreign_requests(page) == ["http://192.0.2.1/tracker.png", "https://192.0.2.1/beacon"]
        assert sorted(broken_images(page)) == ["http://192.0.2.1/tracker.png", "missing.png"]
        assert sorted(images_without_alt(page)) == ["FIGURE#fig-a ", "IMG# missing.png"]
        assert [bad.split(":")[0] for bad in leftovers(page)] == ["'??'", "'@fig-'", "'[@'", "'{{<'", "'>}}'"]
        assert dead_links(page) == ["#nowhere", "../no/such/script.py"]
        assert sideways_overflow(page, "phone")["scroll"] >= 2000
        assert chinese_font_families(page)  # Chromium reports the fonts it used
    finally:
        driver.quit()
