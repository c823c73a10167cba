"""Material's code-annotation markers stay on the page and leave the script and the notebook."""

from pathlib import Path

from dlp_build import snippets
from dlp_build.chapters import read_chapter

PAGE = '''# Title

```python
history = model.fit(
    inputs,  # (1)!
    targets,  # (2)
    epochs=5,  # iterate 5 times (3)!
    batch_size=128,  # not a marker: (4) is in the middle
)
print("(5)!")
```

1. The inputs.
2. The targets.
3. Epochs.
'''


def test_annotation_markers_are_removed_from_script_and_notebook(tmp_path: Path):
    path = tmp_path / "01-sample.md"
    path.write_text(PAGE)
    chapter = read_chapter(path)
    assert "# (1)!" in chapter.fences[0].code  # the page keeps them, for Material to render
    expected = (
        "history = model.fit(\n"
        "    inputs,\n"
        "    targets,\n"
        "    epochs=5,  # iterate 5 times\n"
        "    batch_size=128,  # not a marker: (4) is in the middle\n"
        ")\n"
        'print("(5)!")'
    )
    assert snippets.runnable_code(chapter.fences[0]) == expected
    assert expected in snippets.chapter_script(chapter)
    code_cells = [c.source for c in snippets.chapter_notebook(chapter).cells if c.cell_type == "code"]
    assert code_cells == [expected]


def test_no_generated_snippet_has_an_annotation_marker():
    for path in sorted(snippets.SNIPPETS_DIR.glob("*.py")):
        assert not snippets._ANNOTATION_COMMENT.search(path.read_text()), path.name
