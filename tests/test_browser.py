"""The built site in a real browser (headless Chromium, driven by Playwright).

Runs when DLP_SITE_DIR points at a built site (`make browser-test` does this after `make build`);
skipped otherwise. Screenshots of each chapter page, in light and in dark mode, go to
DLP_SCREENSHOTS (default .cache/screenshots), which CI keeps as artefacts.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import CHAPTERS
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dlp_build import ROOT
from dlp_build.render import FALLBACK_ALT

SITE = os.environ.get("DLP_SITE_DIR")
pytestmark = pytest.mark.skipif(not SITE, reason="set DLP_SITE_DIR to a built site (make browser-test)")
SHOTS = Path(os.environ.get("DLP_SCREENSHOTS", ROOT / ".cache" / "screenshots"))
PAGES = [f"chapters/{chapter.slug}/" for chapter in CHAPTERS]


@pytest.fixture(scope="module")
def base_url():
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    names = ("chromium", "chromium-browser", "google-chrome")
    executable = next(filter(None, map(shutil.which, names)), None)
    assert executable, "install Chromium (Debian: apt-get install chromium)"
    with sync_playwright() as playwright:
        # With scrollbars that take room, as on most desktops (Playwright hides them by default).
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"], ignore_default_args=["--hide-scrollbars"]
        )
        yield browser
        browser.close()


EXTERNAL_ALLOWED = ("https://api.github.com/",)  # the header's repository widget


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    external: list[str] = []

    def offline(route):
        """No network here: answer the repository widget with a stub, record anything else."""
        url = route.request.url
        if url.startswith(base_url):
            route.continue_()
        else:
            external.append(url)
            route.fulfill(status=200, content_type="application/json", body="{}")

    context.route("**/*", offline)
    page = context.new_page()
    page.errors = []  # console errors and uncaught exceptions seen on this page
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
    unexpected = [url for url in external if not url.startswith(EXTERNAL_ALLOWED)]
    assert unexpected == [], f"the page requested outside resources: {unexpected}"


IMAGES_LOADED = "[...document.images].every(img => img.complete && img.naturalWidth > 0)"
# Each figure, as the page has it: what a screen reader says, its box, its pixels.
FIGURES = """[...document.querySelectorAll('img.dlp-figure')].map(img => ({
    alt: img.alt, loading: img.dataset.builtLoading ?? img.getAttribute('loading'), width: +img.getAttribute('width'),
    height: +img.getAttribute('height'), naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight}))"""


def load_every_image(page) -> None:
    """Figures load lazily, when scrolled to: load them all now, and wait for them."""
    page.evaluate("""document.querySelectorAll('img[loading=lazy]').forEach(img => {
        img.dataset.builtLoading = img.loading;  // as the site was built, for FIGURES
        img.loading = 'eager';
    })""")
    page.wait_for_function(IMAGES_LOADED, timeout=30000)


@pytest.mark.parametrize("path", PAGES)
def test_chapter_page(page, base_url, path):
    page.goto(base_url + path, wait_until="networkidle")
    assert page.errors == []
    load_every_image(page)
    for figure in page.evaluate(FIGURES):
        # described by what was drawn, lazy, in a box of known size, with twice its pixels
        assert figure["alt"] and figure["alt"] != FALLBACK_ALT, figure
        assert figure["loading"] == "lazy" and figure["width"] > 0 and figure["height"] > 0, figure
        assert figure["naturalWidth"] // 2 == figure["width"], figure
        assert figure["naturalHeight"] // 2 == figure["height"], figure
    # an output block right under a code block, and a copy button on the code once it is in view
    assert page.locator("div.highlight + div.dlp-output, div.highlight + p > img.dlp-figure").count() > 0
    code = page.locator("div.highlight:not(.dlp-output)").last
    code.scroll_into_view_if_needed()
    code.locator("button.md-code__button[data-md-type=copy]").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path.split('/')[1]}.png"), full_page=True)


def test_search_finds_gradienttape_in_chapter_3(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    # A query typed while the search worker still builds its index is dropped: wait for it.
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(state="attached")
    search = page.locator("input.md-search__input")
    search.fill("GradientTape")
    search.press("End")  # Material reads the query on keyup
    # The list re-renders as results arrive: read it in one step. Each link carries the query
    # (`?h=gradienttape`), so a match cannot come from an earlier, partial query.
    hrefs = "[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)"
    wanted = "03-keras-and-tensorflow/?h=gradienttape"
    try:
        page.wait_for_function(f"{hrefs}.some(href => href.includes('{wanted}'))", timeout=15000)
    except PlaywrightTimeout:
        pytest.fail(f"search for GradientTape did not list chapter 3: {page.evaluate(hrefs)}")


@pytest.mark.parametrize("path", PAGES)
def test_dark_mode_switches_palette_and_figures_stay_readable(page, base_url, path):
    page.goto(base_url + path, wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    load_every_image(page)
    # Figures carry their own white background, so black axes and labels stay visible.
    corners = page.evaluate(
        """[...document.querySelectorAll('img.dlp-figure')].map(img => {
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            const context = canvas.getContext('2d');
            context.drawImage(img, 0, 0);
            return Array.from(context.getImageData(1, 1, 1, 1).data);
        })"""
    )
    assert corners and all(corner == [255, 255, 255, 255] for corner in corners), corners
    page.locator("img.dlp-figure").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the header's title transition finish
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path.split('/')[1]}-dark.png"))


# Listing 3.23, the one code block with annotations, as the page has it at a moment.
ANNOTATED = """(() => {
    const block = [...document.querySelectorAll('div.highlight')].find(b => b.textContent.includes('batch_size=128,'));
    const list = block.nextElementSibling;
    return {listHidden: list.tagName === 'OL' && list.hidden, listText: list.textContent, copyButtons: block.querySelectorAll('button[data-md-type=copy]').length,
            names: [...block.querySelectorAll('a.md-annotation__index')].map(a => a.getAttribute('aria-label')),
            nextTop: list.nextElementSibling.getBoundingClientRect().top + scrollY, blockTop: block.getBoundingClientRect().top + scrollY};
})()"""


ANNOTATED_CODE = "[...document.querySelectorAll('pre > code')].find(c => c.textContent.includes('batch_size=128,'))"


def assert_annotation_list_shows_in_print(page) -> None:
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(f"!{ANNOTATED}.listHidden && {ANNOTATED}.listText.includes('shape (2000, 2)')")
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(ANNOTATED)["listHidden"]


def test_code_blocks_set_up_lazily_without_a_jump_and_reachable_by_keyboard(page, base_url):
    """Material sets a block up (copy button, annotations) as it scrolls into view (content.lazy):
    code-blocks.js hides the annotation list from the start (and shows it in print), names the
    annotation links, and keeps the block laid out."""
    page.goto(base_url + "chapters/03-keras-and-tensorflow/", wait_until="networkidle")
    before = page.evaluate(ANNOTATED)
    assert before["listHidden"] and before["copyButtons"] == 0 and before["names"] == [], before
    assert_annotation_list_shows_in_print(page)
    # always laid out, as the other blocks are not when off screen: its tooltips would be clipped
    assert page.evaluate(f"getComputedStyle({ANNOTATED_CODE}).contentVisibility") == "visible"
    page.evaluate(f"window.scrollTo(0, {before['blockTop']} - 200)")
    page.wait_for_function(f"{ANNOTATED}.names.length === 4", timeout=5000)
    after = page.evaluate(ANNOTATED)
    assert after["names"] == [f"Annotation {n}" for n in range(1, 5)] and after["copyButtons"] == 1, after
    # (blocks above it, laid out as they came near, may round their heights a fraction of a pixel)
    assert after["listHidden"] and abs(after["nextTop"] - before["nextTop"]) < 1, (before, after)
    assert_annotation_list_shows_in_print(page)  # set up by Material now: its print handling and ours agree
    assert page.errors == []


# Each code block as the page has it at load (most not laid out yet: content-visibility), then
# laid out, all of them.
BLOCKS_AT_LOAD = """[...document.querySelectorAll('.md-typeset pre > code')].map(c => ({
    focusable: c.tabIndex === 0, height: c.offsetHeight,
    skipped: [...c.children].some(child => !child.checkVisibility({contentVisibilityAuto: true}))}))"""
BLOCKS_LAID_OUT = """(() => {
    const all = document.createElement('style');
    all.textContent = '.md-typeset pre > code { content-visibility: visible !important }';
    document.head.append(all);
    return [...document.querySelectorAll('.md-typeset pre > code')].map(c => ({
        wide: c.scrollWidth > c.clientWidth, height: c.offsetHeight, text: c.textContent.slice(0, 60)}));
})()"""
TWO_FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize("path", PAGES)
def test_blocks_off_screen_keep_their_height_and_wide_ones_are_focusable(page, base_url, path):
    """A block off screen is not laid out until it comes near (docs/stylesheets/outputs.css): it
    holds exactly the height it will have, scrollbar included, and code-blocks.js, measuring its
    longest line, makes it focusable if and only if it is too wide for the page. On a wide screen
    and a phone's."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base_url + path, wait_until="networkidle")
        page.evaluate(TWO_FRAMES)  # the ResizeObserver's first callback has run
        at_load, laid_out = page.evaluate(BLOCKS_AT_LOAD), page.evaluate(BLOCKS_LAID_OUT)
        assert len(at_load) == len(laid_out) > 0
        if len(at_load) > 10:
            assert any(block["skipped"] for block in at_load), "every block was laid out at load"
        if width == 390:
            assert any(block["wide"] for block in laid_out), "no wide block: the check below checks nothing"
        moved = [(b["text"], a["height"], b["height"]) for a, b in zip(at_load, laid_out) if abs(a["height"] - b["height"]) > 1]
        assert moved == [], f"{width} px: blocks whose height changed when laid out: {moved[:5]}"
        wrong = [(b["text"], b["wide"]) for a, b in zip(at_load, laid_out) if a["focusable"] != b["wide"]]
        assert wrong == [], f"{width} px: blocks focusable though not wide, or wide and not focusable: {wrong[:5]}"
    assert page.errors == []


def test_colab_and_edit_links_lead_to_files_of_this_checkout(page, base_url):
    """The links point at the repository the site was built from, at files that exist here."""
    from dlp_build import repository

    page.goto(base_url + PAGES[-1], wait_until="networkidle")
    colab = page.locator("a", has_text="open in Colab")
    edit = page.locator("a[rel=edit]")
    repo = repository.detect()  # the build ran with the same environment
    if repo is None:
        assert colab.count() == 0 and edit.count() == 0
        return
    colab_href, edit_href = colab.first.get_attribute("href"), edit.first.get_attribute("href")
    colab_prefix = repo.colab("")
    edit_prefix = f"{repo.url}/edit/{repo.branch}/"
    assert colab_href.startswith(colab_prefix) and edit_href.startswith(edit_prefix)
    for path in (colab_href.removeprefix(colab_prefix), edit_href.removeprefix(edit_prefix)):
        assert (ROOT / path).is_file(), f"the link leads to {path}, which this checkout does not have"


def test_opening_a_listing_anchor_scrolls_to_its_block(page, base_url):
    page.goto(base_url + "chapters/04-classification-and-regression/#listing-4-21", wait_until="networkidle")
    top = page.evaluate("document.getElementById('listing-4-21').getBoundingClientRect().top")
    assert 0 <= top < 900 / 2, f"listing 4.21 is {top} px from the top of the window"
    assert page.locator("#listing-4-21").inner_text().startswith("Listing 4.21:")


def test_every_link_of_the_listings_page_resolves(page, base_url):
    page.goto(base_url + "listings/", wait_until="networkidle")
    links = page.evaluate("[...document.querySelectorAll('article a[href*=\"#\"]')].map(a => a.href)")
    targets: dict[str, set[str]] = {}
    for link in links:
        url, anchor = link.split("#", 1)
        targets.setdefault(url, set()).add(anchor)
    listed = sum(anchor.startswith("listing-") for anchors in targets.values() for anchor in anchors)
    assert listed >= 100, f"only {listed} listings are listed"
    for url, anchors in targets.items():
        page.goto(url, wait_until="domcontentloaded")
        missing = [a for a in sorted(anchors) if not page.evaluate(f"!!document.getElementById({a!r})")]
        assert missing == [], f"{url} lacks {missing}"


@pytest.mark.parametrize("path", PAGES)
def test_a_chapter_page_weighs_under_3_mb(path):
    """HTML and figures together (the theme's shared files are cached by the browser)."""
    import re

    html = Path(SITE) / path / "index.html"
    sources = set(re.findall(r'<img [^>]*src="([^"]+)"', html.read_text()))
    weight = html.stat().st_size + sum((html.parent / src).stat().st_size for src in sources if "://" not in src)
    assert weight < 3 * 2**20, f"{path} weighs {weight / 2**20:.1f} MB"


def test_the_search_index_comes_after_the_page_has_loaded(page, base_url):
    """overrides/main.html holds the index back until the load event (or the search box)."""
    page.goto(base_url + "chapters/02-math-building-blocks/", wait_until="networkidle")
    page.wait_for_function("performance.getEntriesByType('resource').some(r => r.name.endsWith('search_index.json'))")
    started, loaded = page.evaluate("""[
        performance.getEntriesByType('resource').find(r => r.name.endsWith('search_index.json')).startTime,
        performance.getEntriesByType('navigation')[0].loadEventEnd]""")
    assert started >= loaded, f"the index was requested at {started:.0f} ms, the page loaded at {loaded:.0f} ms"
