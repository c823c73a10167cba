"""The theme overrides (overrides/, mkdocs.yml's custom_dir) stay Material's own but for their fix."""

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
