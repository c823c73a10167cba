"""Code blocks of a built page, made cheap to lay out (chapter 2 has 134 of them).

The hook (on_page_content) applies both to every Markdown page:

* `drop_plain_spans`: Pygments wraps every name in `<span class="n">`, which Material colours
  with `--md-code-hl-name-color`, the plain code colour in both palettes, and every punctuation
  mark and operator in `<span class="p">` and `<span class="o">`, which docs/stylesheets/a11y.css
  draws in the plain code colour too (tests/test_theme.py checks both). The spans draw nothing:
  dropping them takes three quarters of chapter 2's elements.
* `mark_line_counts`: each `<pre><code>` gets its number of lines (`--dlp-lines`). For the
  blocks so marked, the stylesheet (docs/stylesheets/outputs.css) lets the browser skip laying
  out a block off screen (`content-visibility: auto`) and reserve exactly that many lines for it
  meanwhile, so nothing moves when it is laid out.
"""

import re

PLAIN_SPAN = re.compile(r'<span class="[npo]">([^<]*)</span>')
CODE = re.compile(r"(<pre[^>]*>(?:<span></span>)?<code)>(.*?)</code>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def drop_plain_spans(html: str) -> str:
    """The page without the spans of names, punctuation and operators, which look the same as the
    text around them."""
    return PLAIN_SPAN.sub(r"\1", html)


def line_count(code: str) -> int:
    """How many lines a block's code (its HTML) shows; the last one may end with a newline."""
    text = TAG.sub("", code)
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def mark_line_counts(html: str) -> str:
    """Each code block's `<code>` carries `style="--dlp-lines: N"`."""
    return CODE.sub(lambda m: f'{m[1]} style="--dlp-lines: {line_count(m[2])}">{m[2]}</code>', html)
