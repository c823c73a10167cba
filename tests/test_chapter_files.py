"""Reading chapters: which fences run, their markers, and the generated snippets."""

from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS

from dlp_build import runner, snippets
from dlp_build.chapters import read_chapter

PAGE = """# Title

Prose.

```python
x = 1
```

<!--pytest.mark.xfail(raises=ZeroDivisionError, strict=True)-->
```python
1 / 0
```

```python title="not run"
not python at all
```

```text
neither is this
```

<!--pytest.mark.skip-->
```python
skipped()
```

!!! note
    ```python
    y = x + 1
    ```
"""


def write_page(tmp_path: Path) -> Path:
    path = tmp_path / "01-sample.md"
    path.write_text(PAGE)
    return path


def test_only_exact_python_fences_are_read_with_their_markers(tmp_path):
    chapter = read_chapter(write_page(tmp_path))
    assert [(f.line, f.raises, f.skip) for f in chapter.fences] == [
        (5, None, False),
        (10, "ZeroDivisionError", False),
        (23, None, True),
        (28, None, False),
    ]
    assert chapter.fences[3].code == "y = x + 1\n"


def test_script_wraps_blocks_that_raise_on_purpose(tmp_path):
    script = snippets.chapter_script(read_chapter(write_page(tmp_path)))
    namespace: dict = {}
    exec(compile(script, "01-sample.py", "exec"), namespace)  # runs through the raising block
    assert namespace["y"] == 2
    assert "skipped()" not in script


def test_notebook_keeps_prose_and_code_in_order(tmp_path):
    nb = snippets.chapter_notebook(read_chapter(write_page(tmp_path)))
    kinds = [cell.cell_type for cell in nb.cells]
    assert kinds == ["markdown", "markdown", "code", "code", "markdown", "markdown", "markdown", "code"]
    assert not any("pytest.mark" in cell.source for cell in nb.cells)
    nbformat.validate(nb)


def test_snippets_are_up_to_date():
    stale = snippets.stale([chapter.path for chapter in CHAPTERS])
    assert not stale, f"run `make snippets`: stale {[str(p) for p in stale]}"


def test_every_chapter_with_code_has_snippets():
    for chapter in CHAPTERS:
        assert (snippets.SNIPPETS_DIR / f"{chapter.slug}.ipynb").exists()


def test_a_check_placed_after_code_that_no_block_has_is_an_error(tmp_path, monkeypatch):
    path = tmp_path / "01-sample.md"
    path.write_text(PAGE)
    toml = tmp_path / "expectations.toml"
    toml.write_text('["01-sample".after."x = 1"]\n"x" = 1\n\n["01-sample".after."y = 2"]\n"y" = 2\n')
    monkeypatch.setattr(runner, "EXPECTATIONS", toml)
    with pytest.raises(ValueError, match="no block of .*01-sample.md contains 'y = 2'"):
        runner.probes_for(read_chapter(path))
    toml.write_text('["01-sample".after."x = 1"]\n"x" = 1\n')
    assert runner.probes_for(read_chapter(path)) == {"x [after `x = 1`]": ("x", 0)}
