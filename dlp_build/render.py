"""Render a fence's outputs as Markdown placed right under the fence on the page."""

from __future__ import annotations

from dlp_build.results import ERROR, MISSING_ERROR, NOT_RUN, ChapterResult, FenceResult, Output


def _fenced(text: str, classes: str, title: str) -> str:
    ticks = "````" if "```" in text else "```"
    return f'{ticks} {{ .text {classes} title="{title}" }}\n{text}\n{ticks}'


def render_output(output: Output, image_prefix: str) -> str:
    if output.kind == "image":
        return f"![Figure drawn by the code above]({image_prefix}{output.image}){{ .dlp-figure }}"
    if output.kind == "error":
        return _fenced(output.text, ".dlp-output .dlp-error", f"Raises {output.ename}")
    if output.kind == "stderr":
        return _fenced(output.text, ".dlp-output .dlp-stderr", "Warnings (stderr)")
    return _fenced(output.text, ".dlp-output", "Output")


def render_fence(result: FenceResult, image_prefix: str) -> str:
    """Markdown for all outputs of one fence ('' when it printed nothing)."""
    parts = [render_output(output, image_prefix) for output in result.outputs]
    if result.status == MISSING_ERROR:
        parts.append('!!! failure "This block was expected to raise an exception, and did not."')
    if result.status == NOT_RUN:
        parts.append('!!! warning "Not executed: an earlier block of this chapter failed."')
    return "\n\n".join(parts)


def _run_links(slug: str, repo_url: str | None) -> str:
    links = [
        f"[notebook](../downloads/{slug}.ipynb)",
        f"[script](../downloads/{slug}.py)",
        f"[executed notebook](../notebooks/{slug}.ipynb)",
    ]
    if repo_url and "github.com/" in repo_url:
        repo = repo_url.rstrip("/").split("github.com/", 1)[1]
        links.append(
            f"[open in Colab](https://colab.research.google.com/github/{repo}/blob/main/snippets/{slug}.ipynb)"
        )
    return "Run it yourself: " + " · ".join(links) + "."


def render_header(result: ChapterResult, slug: str, repo_url: str | None = None) -> str:
    """The admonition at the top of an executed chapter: versions, device, date, time, links."""
    env = result.environment
    gpus = env.get("gpus") or []  # what TensorFlow saw inside the kernel
    device = f"GPU ({', '.join(gpus)})" if gpus else "CPU"
    lines = [
        '!!! info "Executed page"',
        f"    Every output below was produced by running this page's code, in order, with "
        f"TensorFlow {env.get('tensorflow')} and Keras {env.get('keras')} on Python "
        f"{env.get('python')}, on {device}, on {result.executed_at[:10]}; "
        f"the whole page took {result.wall_seconds:.0f} s.",
        "",
        f"    {_run_links(slug, repo_url)}",
    ]
    if result.standins:
        names = ", ".join(f"`{name}`" for name in result.standins)
        lines += [
            "",
            '!!! warning "Built on stand-in data"',
            f"    This machine could not download {names}, so this page was built on clearly "
            "labelled stand-in data of the same format. Numbers differ from the book's; on a "
            "machine with internet the same code downloads and uses the real files.",
        ]
    if result.failed:
        lines += ["", '!!! failure "A block of this page failed: see the error below it."']
    return "\n".join(lines)


def status_message(result: FenceResult) -> str | None:
    """Why a fence counts as failed, or None when it did what it should."""
    if result.status == ERROR and result.error:
        return f"raised {result.error.ename} (unmarked):\n{result.error.text}"
    if result.status == MISSING_ERROR:
        return "was marked to raise an exception but ran without error"
    return None
