"""Where the MkDocs hook puts outputs: right under their fence, at the fence's indentation."""

from dlp_build import hook
from dlp_build.chapters import read_chapter
from dlp_build.render import render_header
from dlp_build.results import ERROR, NOT_RUN, OK, RAISED, ChapterResult, FenceResult, Output

PAGE = """# Title

```python
print("hello")
```

Between.

!!! example
    ```python
    plot()
    ```

<!--pytest.mark.xfail(raises=TypeError, strict=True)-->
```python
bad()
```
"""


def chapter_and_result(tmp_path, statuses=(OK, OK, RAISED)):
    path = tmp_path / "01-sample.md"
    path.write_text(PAGE)
    fences = [
        FenceResult(statuses[0], [Output("text", "hello")]),
        FenceResult(statuses[1], [Output("image", image="f01-0.png")]),
        FenceResult(statuses[2], [Output("error", "TypeError: no", ename="TypeError")]),
    ]
    env = {"tensorflow": "2.21.0", "keras": "3.15.1", "python": "3.12.1", "device": "CPU"}
    return read_chapter(path), ChapterResult("01-sample.md", "0123456789abcdef", fences, {}, env, "2026-11-23", 3.0)


def test_outputs_follow_their_fences(tmp_path):
    chapter, result = chapter_and_result(tmp_path)
    lines = hook._insert_outputs(PAGE, chapter, result).split("\n")
    hello = lines.index('``` { .text .dlp-output title="Output" }')
    assert lines[hello - 2 : hello + 2] == ["```", "", '``` { .text .dlp-output title="Output" }', "hello"]
    figure = next(i for i, line in enumerate(lines) if "f01-0.png" in line)
    assert lines[figure].startswith("    ![")  # indented like its fence, inside the admonition
    assert "(outputs/01-sample/01234567-f01-0.png)" in lines[figure]
    assert lines[figure - 2] == "    ```"
    assert lines[-4:-1] == ['``` { .text .dlp-output .dlp-error title="Raises TypeError" }', "TypeError: no", "```"]


def test_failures_are_logged_with_file_and_line(tmp_path, caplog):
    chapter, result = chapter_and_result(tmp_path, (ERROR, NOT_RUN, NOT_RUN))
    result.fences[0].outputs = [Output("error", "NameError: x", ename="NameError")]
    markdown = hook._insert_outputs(PAGE, chapter, result)
    assert "01-sample.md:3: this block raised NameError (unmarked)" in caplog.text
    assert "Not executed: an earlier block of this chapter failed." in markdown


def test_header_goes_under_the_title(tmp_path):
    lines = hook._insert_header(PAGE, "!!! info").split("\n")
    assert lines[:4] == ["# Title", "", "!!! info", ""]


ANNOTATED = """# Title

```python
fit(x)  # (1)!
```

1. The inputs.
2. Second note,
    continued.

Next paragraph.
"""


def test_outputs_go_after_code_annotations(tmp_path):
    path = tmp_path / "01-sample.md"
    path.write_text(ANNOTATED)
    chapter = read_chapter(path)
    env = {"tensorflow": "2.21.0", "keras": "3.15.1", "python": "3.12.1", "device": "CPU"}
    result = ChapterResult("01-sample.md", "0" * 16, [FenceResult(OK, [Output("text", "done")])], {}, env, "", 1.0)
    lines = hook._insert_outputs(ANNOTATED, chapter, result).split("\n")
    assert lines[6:10] == ["1. The inputs.", "2. Second note,", "    continued.", ""]
    assert lines[10] == '``` { .text .dlp-output title="Output" }'
    assert lines[-2] == "Next paragraph."


def test_header_names_the_device_the_kernel_used(tmp_path):
    _, result = chapter_and_result(tmp_path)
    result.environment["device"] = "GPU"  # a GPU machine, but TensorFlow saw none (tensorflow-cpu)
    assert "on CPU, on 2026-11-23" in render_header(result, "01-sample")
    result.environment["gpus"] = ["NVIDIA H100 80GB HBM3"]
    assert "on GPU (NVIDIA H100 80GB HBM3), on 2026-11-23" in render_header(result, "01-sample")


def test_dlp_force_reruns_a_chapter_once_per_process_not_on_every_reload(tmp_path, monkeypatch):
    chapter, _ = chapter_and_result(tmp_path)
    monkeypatch.setenv("DLP_FORCE", "01")
    monkeypatch.setattr(hook, "_forced", set())
    assert hook._force_once([chapter]) == {"01-sample"}
    assert hook._force_once([chapter]) == set()  # the next `mkdocs serve` rebuild reads the cache
