"""The theme overrides (overrides/, mkdocs.yml's custom_dir) stay Material's own but for their fix."""

import re
from pathlib import Path

import material

from dlp_build import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
NAMED = DIALOG + " aria-label=\"{{ lang.t('search') }}\""


def _body(template: Path) -> str:
    """A template without its opening comment."""
    return template.read_text().split("-#}\n", 1)[1]


def test_search_partial_is_materials_with_a_named_dialog():
    ours = _body(ROOT / "overrides" / "partials" / "search.html")
    assert NAMED in ours
    assert ours.replace(NAMED, DIALOG, 1) == _body(MATERIAL / "partials" / "search.html"), (
        "Material's search partial changed: copy it again into overrides/partials/ and re-add the aria-label"
    )


def _stylesheet(prefix: str) -> str:
    """One of Material's two stylesheets: 'main.' or 'palette.'."""
    return next((MATERIAL / "assets" / "stylesheets").glob(f"{prefix}*.min.css")).read_text()


def test_names_in_code_are_drawn_in_the_plain_code_colour():
    """dlp_build/code_blocks.py drops Pygments' name spans: they must draw nothing, in both
    palettes, in Material's CSS and ours."""
    main, palette = _stylesheet("main."), _stylesheet("palette.")
    # the one rule that styles names (after `.highlight .kc,` in the same rule)
    assert re.findall(r"\.highlight \.n[,{][^}]*}", main) == [".highlight .n{color:var(--md-code-hl-name-color)}"]
    assert re.findall(r"--md-code-hl-name-color:([^;}]+)", main) == ["var(--md-code-fg-color)"]  # light
    assert re.findall(r"--md-code-hl-name-color:([^;}]+)", palette) == ["var(--md-code-fg-color)"]  # dark
    for ours in (ROOT / "docs" / "stylesheets").glob("*.css"):
        assert not re.search(r"--md-code-hl-name-color|\.n\b", ours.read_text()), ours


def test_punctuation_and_operators_are_drawn_in_the_plain_code_colour():
    """dlp_build/code_blocks.py drops their spans too: docs/stylesheets/a11y.css draws them in the
    plain code colour, in both palettes, and nothing else styles them."""
    main = _stylesheet("main.")
    assert re.findall(r"\.highlight \.o[,{][^}]*}", main) == [".highlight .o,.highlight .ow{color:var(--md-code-hl-operator-color)}"]
    assert re.findall(r"\.highlight \.p[,{][^}]*}", main) == [".highlight .p{color:var(--md-code-hl-punctuation-color)}"]
    ours = (ROOT / "docs" / "stylesheets" / "a11y.css").read_text()
    both = re.search(r"\[data-md-color-scheme\] \{([^}]*)\}", ours).group(1)
    for variable in ("--md-code-hl-operator-color", "--md-code-hl-punctuation-color"):
        assert f"{variable}: var(--md-code-fg-color);" in both
        assert ours.count(variable) == 1, variable  # set once, for both palettes
