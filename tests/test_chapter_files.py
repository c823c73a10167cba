"""Reading chapters: which fences run, their markers, and the generated snippets."""

from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS

from dlp_build import runner, snippets
from dlp_build.chapters import ChapterError, read_chapter

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
    assert [(f.line, f.raises, f.strict, f.skip) for f in chapter.fences] == [
        (5, None, False, False),
        (10, ("ZeroDivisionError",), True, False),
        (23, None, False, True),
        (28, None, False, False),
    ]
    assert [f.end_line for f in chapter.fences] == [7, 12, 25, 30]
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


@pytest.mark.parametrize(
    ("comment", "why"),
    [
        ("<!--pytest-codeblocks:cont-->", "already share one namespace"),
        ("<!--pytest-codeblocks:expected-output-->", "outputs are generated and shown"),
        ("<!--pytest-codeblocks:importorskip(scipy)-->", "must not skip silently"),
        ("<!--pytest.mark.slow-->", "has no meaning for a chapter block"),
        ("<!--pytest.mark.xfail(raises=make_error())-->", "must name exception classes"),
    ],
)
def test_markers_pytest_would_read_differently_are_refused_with_file_and_line(tmp_path, comment, why):
    path = tmp_path / "01-sample.md"
    path.write_text(f"# Title\n\n```python\nx = 1\n```\n\n{comment}\n```python\ny = 2\n```\n")
    with pytest.raises(ChapterError, match=rf"01-sample.md:\d+: .*{why}"):
        read_chapter(path)


def test_a_chapter_without_a_title_is_refused_naming_its_file(tmp_path):
    path = tmp_path / "01-untitled.md"
    path.write_text("Just prose.\n\n```python\nx = 1\n```\n")
    with pytest.raises(ChapterError, match="01-untitled.md: a chapter needs a title"):
        read_chapter(path)


@pytest.mark.parametrize("title", ['The "deep" in \'deep learning\': a title', "Deep learning 🚀, in 日本語 too"])
def test_any_unicode_title_makes_a_valid_executed_notebook(tmp_path, title):
    from dlp_build import hook
    from dlp_build.results import OK, ChapterResult, FenceResult, PartResult

    path = tmp_path / "01-quotes.md"
    path.write_text(f"# {title}\n\n```python\nx = 1\n```\n")
    chapter = read_chapter(path)
    result = ChapterResult(chapter.name, [PartResult("k" * 16, [FenceResult(OK)], {}, {}, "", 1.0)])
    notebook = nbformat.read(hook._executed_notebook(chapter, result, tmp_path / "notebooks"), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[1].source.split("\n")[0] == f"# {title}"


def test_part_markers_split_a_chapter(tmp_path):
    path = tmp_path / "01-parts.md"
    path.write_text(
        "# T\n\n```python\na = 1\n```\n\n<!--dlp:part-->\n## Second part\n\n```python\nb = 2\n```\n\n"
        "```python\nc = 3\n```\n"
    )
    chapter = read_chapter(path)
    assert [(p.number, p.indices, p.title) for p in chapter.parts] == [(1, (0,), "T"), (2, (1, 2), "Second part")]
    script = snippets.chapter_script(chapter)
    assert "# ---- Part 2: Second part" in script
    assert "dlp:part" not in nbformat.writes(snippets.chapter_notebook(chapter))


def test_a_chapter_without_markers_is_one_part():
    for chapter in CHAPTERS:
        if "<!--dlp:part-->" not in chapter.path.read_text():
            assert len(chapter.parts) == 1 and chapter.parts[0].indices == tuple(range(len(chapter.fences)))


def test_prose_values_read_as_the_readers_own_run_in_snippets_and_as_this_run_on_the_page(tmp_path):
    from dlp_build.results import OK, ChapterResult, FenceResult, PartResult

    path = tmp_path / "01-values.md"
    path.write_text("# T\n\n```python\nx = 0.123456\n```\n\nThe value is {{ x:.2f }}, and {{ d[1:3] }} too.\n\n"
                    "```text\n{{ not_a_value }}\n```\n")
    chapter = read_chapter(path)
    assert [(v.expression, v.spec, v.line, v.after) for v in chapter.values] == [("x", ".2f", 7, 0), ("d[1:3]", "", 7, 0)]
    prose = nbformat.writes(snippets.chapter_notebook(chapter))
    assert "The value is `x`, and `d[1:3]` too." in prose
    probes = {chapter.values[0].name: {"value": 0.123456}, chapter.values[1].name: {"value": [2, 3]}}
    result = ChapterResult(chapter.name, [PartResult("k" * 16, [FenceResult(OK)], probes, {}, "", 1.0)])
    cells = [cell.source for cell in snippets.chapter_notebook(chapter, result).cells]
    assert "The value is 0.12, and \\[2, 3\\] too." in "\n".join(cells)  # Markdown for "[2, 3]": text, never a link


def test_a_prose_value_before_any_block_is_refused(tmp_path):
    path = tmp_path / "01-early.md"
    path.write_text("# T\n\nToo early: {{ x }}.\n\n```python\nx = 1\n```\n")
    with pytest.raises(ChapterError, match=r"01-early.md:3: \{\{ x \}\} comes before any block has run"):
        read_chapter(path)


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (["pytest.mark.skipif(False, True, reason='any')"], (None, False, True)),  # any condition
        (["pytest.mark.skipif('sys.version_info < (3,)')"], (None, False, False)),  # a string needs no reason
        (["pytest.mark.xfail(False, True, reason='any', raises=KeyError)"], (("KeyError",), False, False)),
        (["pytest.mark.xfail(raises=KeyError)", "pytest.mark.xfail(raises=ValueError, strict=True)"],
         (("KeyError",), False, False)),  # the first active xfail counts
        (["pytest.mark.xfail(False, reason='off', raises=KeyError)", "pytest.mark.xfail(raises=ValueError)"],
         (("ValueError",), False, False)),
        (["pytest.mark.xfail(run=False)"], ((), False, True)),
    ],
)
def test_markers_combine_as_in_pytest(marks, expected):
    from dlp_build.chapters import _fence

    fence = _fence("x = 1\n", 3, marks, "01-sample.md:3")
    assert (fence.raises, fence.strict, fence.skip) == expected


def test_a_boolean_condition_without_reason_is_refused_as_pytest_does():
    from dlp_build.chapters import _fence

    with pytest.raises(ChapterError, match="01-sample.md:3: give reason="):
        _fence("x = 1\n", 3, ["pytest.mark.skipif(True)"], "01-sample.md:3")


def test_a_misspelt_part_marker_still_splits(tmp_path):
    path = tmp_path / "01-parts.md"
    path.write_text("# T\n\n```python\na = 1\n```\n\n<!-- dlp:part -->\n## B\n\n```python\nb = 2\n```\n")
    assert len(read_chapter(path).parts) == 2


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.slug for c in CHAPTERS])
def test_listing_numbers_neither_skip_nor_repeat(chapter):
    from dlp_build import listings

    assert listings.numbering_problems(chapter.path) == []


def test_a_skipped_or_repeated_listing_number_is_found(tmp_path):
    from dlp_build import listings

    path = tmp_path / "04-sample.md"
    path.write_text("# T\n\n*Listing 4.1: one*\n\n*Listing 4.3: three*\n")
    assert listings.numbering_problems(path) == ["04-sample.md:5: Listing 4.3 where 4.2 was expected"]
    path.write_text("# T\n\n*Listing 4.1: one*\n\n*Listing 4.1: one again*\n")
    assert listings.numbering_problems(path) == ["04-sample.md:5: Listing 4.1 where 4.2 was expected"]


def test_listings_get_anchors_and_notes_their_marks(tmp_path):
    from dlp_build import listings

    path = tmp_path / "07-sample.md"
    text = ("# T\n\n*Listing 7.1: first*\n\n```python\nx = 1\n```\n\n!!! note \"Different on Keras 3: `weights`\"\n"
            "    It returns [] now.\n\n*Listing 7.2: second*\n\n```python\ny = 2\n```\n")
    path.write_text(text)
    annotated = listings.annotate(text, path).split("\n")
    assert annotated[2] == "*Listing 7.1: first*{ #listing-7-1 .dlp-listing }"
    assert annotated[9] == '    <span id="book-era-7-1"></span>It returns [] now.'
    assert len(annotated) == len(text.split("\n"))  # outputs are placed by line number afterwards
    page = listings.listings_page([(path, "7. Sample")])
    assert "[Listing 7.1: first](chapters/07-sample.md#listing-7-1) | behaves differently on Keras 3 ([note](chapters/07-sample.md#book-era-7-1))" in page
    assert "[Listing 7.2: second](chapters/07-sample.md#listing-7-2) | runs as in the book |" in page
    assert "## `weights`" in listings.changes_page([(path, "7. Sample")])


# The code that runs is the code the page shows: fences both parsers would read differently are
# refused, naming the line (issue: one fence parser).
DISAGREEING = {
    "a docstring holding ```": ('```python\ndef f():\n    """Example:\n\n    ```\n    f()\n    """\n```\n', 5),
    "a ```python line inside a longer fence": ("````markdown\nShown as an example:\n```python\nx = 1\n```\n````\n", 3),
    "a ```python line inside a ~~~ fence": ("~~~text\n```python\nx = 1\n```\n~~~\n", 2),
    "a closing line with an info string": ("```python\nx = 1\n```text\n", 3),
    "a fence never closed": ("```python\nx = 1\n", 1),
    "a fence line indented less than its opening": ("- item\n\n    ```python\n    x = 1\n  y = 2\n    ```\n", 5),
}


@pytest.mark.parametrize("body, line", DISAGREEING.values(), ids=DISAGREEING.keys())
def test_fences_the_page_and_the_test_runner_would_read_differently_are_refused_at_their_line(tmp_path, body, line):
    path = tmp_path / "01-fences.md"
    path.write_text("# T\n\n" + body)
    with pytest.raises(ChapterError, match=rf"01-fences\.md:{line + 2}: "):
        read_chapter(path)


@pytest.mark.parametrize("info", [" python", "Python", "py", "python3", "{.python}", "{ .python }", "python hl_lines=\"1\""])
def test_a_fence_shown_as_python_that_would_not_run_is_refused(tmp_path, info):
    path = tmp_path / "01-tags.md"
    path.write_text(f"# T\n\n```{info}\nx = 1\n```\n")
    with pytest.raises(ChapterError, match=r"01-tags\.md:3: .* shows as Python but is never run"):
        read_chapter(path)
    for quoted in ("~~~python\nx = 1\n~~~\n", "> ```python\n> x = 1\n> ```\n"):  # never run either
        path.write_text(f"# T\n\n{quoted}")
        with pytest.raises(ChapterError, match=r"01-tags\.md:3: "):
            read_chapter(path)


def test_python_shown_with_a_title_and_other_languages_are_not_run_and_allowed(tmp_path):
    path = tmp_path / "01-shown.md"
    path.write_text('# T\n\n```python title="Schematic (not run)"\nfit()\n```\n\n```text\n```python\n```\n\n```bash\nls\n```\n')
    with pytest.raises(ChapterError, match=r"01-shown\.md:8: "):  # ```python inside ```text: refused
        read_chapter(path)
    path.write_text('# T\n\n```python title="Schematic (not run)"\nfit()\n```\n\n```bash\nls\n```\n')
    assert read_chapter(path).fences == ()


def test_chapter_files_follow_one_naming_rule(tmp_path):
    from dlp_build.chapters import chapter_paths, is_chapter_file

    for name in ("01-intro.md", "12-a-b-c.md"):
        assert is_chapter_file(Path(name))
    for name in ("1-intro.md", "01_intro.md", "intro.md", "01-Intro.md", "01-.md"):
        assert not is_chapter_file(Path(name))
        (tmp_path / name).write_text("# T\n")
    (tmp_path / "02-real.md").write_text("# T\n")
    assert [path.name for path in chapter_paths(tmp_path)] == ["02-real.md"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.slug for c in CHAPTERS])
def test_downloaded_notebooks_hold_no_material_only_syntax(chapter):
    """Jupyter and Colab would show `!!! note "..."` or `=== "Tab"` literally."""
    import re

    cells = [cell.source for cell in snippets.chapter_notebook(chapter).cells if cell.cell_type == "markdown"]
    material = [line for cell in cells for line in cell.split("\n") if re.match(r"^\s*(?:!!!|\?\?\?|===)\s", line)]
    assert material == []


def test_admonitions_and_tabs_become_plain_markdown():
    text = '!!! note "Book-era code: fit()"\n    The book wrote `fit(x)`.\n\n    More.\n\nAfter.\n\n=== "CPU"\n    pip install x\n'
    assert snippets.plain_markdown(text) == (
        "> **Book-era code: fit()**\n>\n> The book wrote `fit(x)`.\n>\n> More.\n\nAfter.\n\n**CPU**\n\npip install x\n"
    )
