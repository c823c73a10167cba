"""Where the MkDocs hook puts outputs, and how outputs render: right under their fence, as text."""

import base64

from dlp_build import hook, render
from dlp_build.chapters import read_chapter
from dlp_build.render import MAX_LINES, image_name, render_fence, render_header, shown_outputs
from dlp_build.results import BROKEN, ERROR, NOT_RUN, OK, RAISED, ChapterResult, FenceResult, PartResult

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
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
ENV = {"tensorflow": "2.21.0", "keras": "3.15.1", "python": "3.12.1", "device": "CPU", "gpus": [], "standins": []}


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def error(name, text):
    return {"output_type": "error", "ename": name, "evalue": text, "traceback": [f"{name}: {text}"]}


def image():
    return {"output_type": "display_data", "data": {"image/png": base64.b64encode(PNG).decode()}, "metadata": {}}


def result_of(fences, environment=ENV, seconds=3.0, infrastructure=None):
    part = PartResult("0123456789abcdef", fences, {}, dict(environment), "2026-11-23", seconds, infrastructure)
    return ChapterResult("01-sample.md", [part])


def chapter_and_result(tmp_path, statuses=(OK, OK, RAISED)):
    path = tmp_path / "01-sample.md"
    path.write_text(PAGE)
    fences = [
        FenceResult(statuses[0], [stream("hello\n")]),
        FenceResult(statuses[1], [image()]),
        FenceResult(statuses[2], [error("TypeError", "no")]),
    ]
    return read_chapter(path), result_of(fences)


def test_outputs_follow_their_fences(tmp_path):
    chapter, result = chapter_and_result(tmp_path)
    lines = hook._insert_outputs(PAGE, chapter, result).split("\n")
    hello = lines.index('``` { .text .dlp-output title="Output" }')
    assert lines[hello - 2 : hello + 2] == ["```", "", '``` { .text .dlp-output title="Output" }', "hello"]
    figure = next(i for i, line in enumerate(lines) if image_name(PNG) in line)
    assert lines[figure].startswith("    ![")  # indented like its fence, inside the admonition
    assert f"(outputs/01-sample/{image_name(PNG)})" in lines[figure]
    assert lines[figure - 2] == "    ```"
    assert lines[-4:-1] == ['``` { .text .dlp-output .dlp-error title="Raises TypeError" }', "TypeError: no", "```"]


def test_failures_are_logged_with_file_and_line(tmp_path, caplog):
    chapter, result = chapter_and_result(tmp_path, (ERROR, NOT_RUN, NOT_RUN))
    result.fences[0].outputs = [error("NameError", "x")]
    markdown = hook._insert_outputs(PAGE, chapter, result)
    assert "01-sample.md:3: this block raised NameError (unmarked)" in caplog.text
    assert "Not executed: an earlier block of this part failed." in markdown


def test_infrastructure_failures_are_logged_and_announced(tmp_path, caplog):
    chapter, _ = chapter_and_result(tmp_path)
    result = result_of([FenceResult(BROKEN), FenceResult(NOT_RUN), FenceResult(NOT_RUN)], infrastructure="the kernel died")
    hook._insert_outputs(PAGE, chapter, result)
    assert "01-sample.md:3: this block did not finish, for a reason outside its code (infrastructure): the kernel died" in caplog.text
    assert "the kernel died" in render_header(result, "01-sample")


def test_header_goes_under_the_title(tmp_path):
    lines = hook._insert_header(PAGE, "!!! info", 0).split("\n")
    assert lines[:4] == ["# Title", "", "!!! info", ""]


def test_the_title_is_read_outside_code_and_the_header_goes_under_it(tmp_path):
    path = tmp_path / "01-late-title.md"
    path.write_text("Intro.\n\n```text\n# not a title\n```\n\n# The title\n\n```python\n# a comment\nx = 1\n```\n")
    chapter = read_chapter(path)
    assert (chapter.title, chapter.title_line) == ("The title", 7)
    lines = hook._insert_header(path.read_text(), "!!! info", chapter.title_line - 1).split("\n")
    assert lines[6:9] == ["# The title", "", "!!! info"]


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
    result = result_of([FenceResult(OK, [stream("done\n")])], seconds=1.0)
    lines = hook._insert_outputs(ANNOTATED, chapter, result).split("\n")
    assert lines[6:10] == ["1. The inputs.", "2. Second note,", "    continued.", ""]
    assert lines[10] == '``` { .text .dlp-output title="Output" }'
    assert lines[-2] == "Next paragraph."


def test_header_names_the_device_the_kernel_used(tmp_path):
    _, result = chapter_and_result(tmp_path)
    assert "on CPU, on 2026-11-23" in render_header(result, "01-sample")
    result.parts[0].environment["gpus"] = ["NVIDIA H100 80GB HBM3"]
    assert "on GPU (NVIDIA H100 80GB HBM3), on 2026-11-23" in render_header(result, "01-sample")


def test_dlp_force_reruns_a_chapter_once_per_process_not_on_every_reload(tmp_path, monkeypatch):
    chapter, _ = chapter_and_result(tmp_path)
    monkeypatch.setenv("DLP_FORCE", "01")
    monkeypatch.setattr(hook, "_forced", set())
    assert hook._force_once([chapter]) == {"01-sample"}
    assert hook._force_once([chapter]) == set()  # the next `mkdocs serve` rebuild reads the cache


def test_an_output_cannot_close_its_box():
    text = "before\n````\n<script>alert(1)</script>\n`````\nafter"
    rendered = render_fence(FenceResult(OK, [stream(text)]), "")
    fence = "``````"  # one longer than the longest backtick run inside
    assert rendered.startswith(fence + " {") and rendered.endswith("\n" + fence)
    assert rendered.count(fence) == 2


def test_long_outputs_are_cut_visibly():
    text = "\n".join(f"line {n}" for n in range(200_000))
    rendered = render_fence(FenceResult(OK, [stream(text)]), "")
    assert len(rendered.split("\n")) < MAX_LINES + 5
    assert "line 0\n" in rendered and "line 199999\n" in rendered
    assert f"… {200_000 - 120} lines omitted here (the executed notebook has the whole output) …" in rendered


def test_cleaning_happens_when_shown_not_when_stored():
    raw = [stream("Epoch 1/1\n"), stream("\r1/2 \x1b[32m━\x1b[0m\b\b\r2/2 ━━ - loss: 0.5\n")]
    assert [s.text for s in shown_outputs(raw)] == ["Epoch 1/1 - 2/2 ━━ - loss: 0.5"]
    assert raw[1]["text"].startswith("\r1/2")  # the stored output is untouched


def test_the_home_page_says_how_the_pages_were_executed():
    cpu = result_of([FenceResult(OK)])
    gpu = result_of([FenceResult(OK)], environment={**ENV, "gpus": ["NVIDIA H100 80GB HBM3"], "standins": ["imdb.npz"]})
    gpu.parts[0].executed_at = "2026-11-24"
    text = hook.executed_with([cpu, gpu])
    assert "TensorFlow 2.21.0, Keras 3.15.1 and Python 3.12.1, on CPU and NVIDIA H100 80GB HBM3" in text
    assert "between 2026-11-23 and 2026-11-24" in text
    assert "stand-in data for `imdb.npz`" in text


def test_a_served_figure_looks_the_same_in_fewer_bytes():
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from PIL import Image

    figure = plt.figure(dpi=200, facecolor="white")
    for shift in range(4):
        plt.plot(np.sin(np.linspace(0, 6, 200) + shift), label=f"series {shift}")
    plt.title("Several series")
    plt.legend()
    drawn = io.BytesIO()
    figure.savefig(drawn, format="png")
    plt.close(figure)
    original = drawn.getvalue()
    served = render.web_png(original)
    assert len(served) < 0.7 * len(original)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(served)) as after:
        assert after.size == before.size
        a, b = (np.asarray(im.convert("RGB"), dtype=float) / 255 for im in (before, after))
    assert np.abs(a - b).mean() < 0.002  # the determinism test's bar for "the same figure"
    assert (b[1, 1] == 1.0).all()  # the white background stays exactly white


def test_a_figure_is_described_and_sized_on_the_page():
    panel = {"lines": 1, "points": 0, "bars": 0, "images": [], "title": "A [b]", "x": "x", "y": "y", "legend": []}
    facts = {"title": "", "legend": [], "panels": [panel]}
    output = {**image(), "metadata": {"image/png": {"width": 300, "height": 200, "dlp_figure": facts}}}
    markdown = render_fence(FenceResult(OK, [output]), "outputs/")
    assert markdown.startswith(r"![Line plot 'A \[b\]': x vs y](outputs/")
    assert markdown.endswith('{ .dlp-figure width="300" height="200" loading="lazy" }')
    assert render_fence(FenceResult(OK, [image()]), "").startswith(f"![{render.FALLBACK_ALT}](")


def test_a_transparent_figure_is_served_on_white():
    import io

    from PIL import Image

    drawn = io.BytesIO()
    Image.new("RGBA", (40, 20), (0, 0, 0, 0)).save(drawn, "PNG")
    with Image.open(io.BytesIO(render.web_png(drawn.getvalue()))) as served:
        assert served.convert("RGB").getpixel((5, 5)) == (255, 255, 255)


def test_an_image_file_is_sized_from_its_pixels_and_a_model_diagram_at_half():
    import io

    from PIL import Image

    drawn = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(drawn, "PNG")
    data = {"image/png": base64.b64encode(drawn.getvalue()).decode()}
    for facts, size in (({"file": "a.png", "plot_model": False}, (400, 300)), ({"plot_model": True}, (200, 150))):
        output = {"output_type": "display_data", "data": data, "metadata": {"image/png": {"dlp_figure": facts}}}
        (shown,) = shown_outputs([output])
        assert (shown.width, shown.height) == size


HOSTILE_VALUES = ["<script>alert(1)</script>", "[click](javascript:alert(1))", "<javascript:alert(1)>", "**bold** `code` {: .x }"]


def test_values_cited_in_prose_are_shown_as_text_on_the_page_and_in_notebooks(tmp_path):
    import markdown

    from dlp_build import snippets

    path = tmp_path / "01-values.md"
    path.write_text("# T\n\n```python\nv = 1\n```\n\n" + "".join(f"Value: {{{{ v{i} }}}}.\n\n" for i in range(len(HOSTILE_VALUES))))
    chapter = read_chapter(path)
    probes = {value.name: {"value": text} for value, text in zip(chapter.values, HOSTILE_VALUES)}
    result = ChapterResult(chapter.name, [PartResult("k" * 16, [FenceResult(OK)], probes, ENV, "", 1.0)])
    page = markdown.markdown(hook._insert_values(path.read_text(), chapter, result).split("```\n", 2)[-1], extensions=["attr_list"])
    notebook = "\n\n".join(c.source for c in snippets.chapter_notebook(chapter, result).cells[1:] if c.cell_type == "markdown")
    for html in (page, markdown.markdown(notebook, extensions=["attr_list"])):
        assert "<script" not in html and "<a " not in html and "<strong>" not in html and "<code>" not in html, html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "[click](javascript:alert(1))" in html, html


def test_an_exception_name_cannot_leave_its_title_attribute():
    import markdown

    name = 'Evil" onmouseover="alert(1)'
    rendered = render_fence(FenceResult(RAISED, [error(name, "boom")]), "outputs/")
    html = markdown.markdown(rendered, extensions=["pymdownx.superfences", "attr_list"])
    assert "onmouseover" not in html.split(">", 1)[0] and ">Raises Evilonmouseoveralert1<" in html, html


def test_a_block_that_raises_another_exception_than_marked_says_both():
    result = FenceResult(ERROR, [error("ValueError", "bad value")])
    message = render.status_message(result, None, ("TypeError",))
    assert message.startswith("raised ValueError, marked to raise TypeError:")
    assert render.status_message(result).startswith("raised ValueError (unmarked):")


def _png(size, mode="1") -> str:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def test_images_that_cannot_be_shown_fail_their_block_and_other_outputs_are_said_to_be_left_out():
    outputs = {
        "not a PNG": base64.b64encode(b"GIF89a not a png at all").decode(),
        "a JPEG": base64.b64encode(base64.b64decode(_png((4, 4), "RGB"))[:8] + b"broken").decode(),
        "a decompression bomb": _png((8000, 8000)),
    }
    for what, data in outputs.items():
        result = FenceResult(OK, [{"output_type": "display_data", "data": {"image/png": data}, "metadata": {}}])
        rendered = render_fence(result, "outputs/")  # no crash, whatever the bytes
        assert '!!! failure "An image this block displayed cannot be shown"' in rendered, what
        assert render.status_message(result).startswith("displayed an image that cannot be shown: "), what
    html_only = FenceResult(OK, [{"output_type": "display_data", "data": {"text/html": "<b>x</b>"}, "metadata": {}}])
    assert "This block displayed text/html, which this page does not show" in render_fence(html_only, "outputs/")
    assert render.status_message(html_only) is None
    fine = FenceResult(OK, [{"output_type": "display_data", "data": {"image/png": _png((4, 4))}, "metadata": {}}])
    assert render.status_message(fine) is None and "![" in render_fence(fine, "outputs/")


def test_outputs_are_cleaned_again_for_another_run_under_the_same_key():
    """A part executed again (DLP_FORCE) keeps its key: its new outputs must still reach the page."""
    first, second = result_of([FenceResult(OK, [stream("first run\n")])]), result_of([FenceResult(OK, [stream("second run\n")])])
    assert first.key == second.key
    assert hook._shown_of(first)[0][0].text == "first run"
    assert hook._shown_of(second)[0][0].text == "second run"
