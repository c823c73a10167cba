"""The built page's code blocks: lighter, and each marked with its number of lines."""

import html
import re

import markdown

from dlp_build import code_blocks

SOURCE = """Some text with `inline_code`.

```python
import numpy as np
x = np.zeros((2, 3))  # a comment
print(x.shape)
```

```text
one line
```

!!! note

    ```python hl_lines="2"
    a = 1
    b = 2
    ```
"""


def page_html() -> str:
    """What Markdown makes of SOURCE with the code extensions mkdocs.yml names (their defaults)."""
    return markdown.markdown(SOURCE, extensions=["admonition", "pymdownx.highlight", "pymdownx.superfences"])


def text(page: str) -> str:
    """What a reader sees (and copies): the page without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_name_punctuation_and_operator_spans_are_dropped_and_the_text_stays():
    page = page_html()
    for plain in ('<span class="n">np</span>', '<span class="p">(</span>', '<span class="o">=</span>'):
        assert plain in page, plain  # Pygments wraps names, punctuation and operators
    lighter = code_blocks.drop_plain_spans(page)
    assert not re.search(r'class="[npo]"', lighter) and text(lighter) == text(page)
    for kept in ('<span class="kn">import</span>', '<span class="c1"># a comment</span>', '<span class="mi">2</span>'):
        assert kept in lighter, kept  # coloured tokens keep their span


def test_each_code_block_carries_its_number_of_lines():
    marked = code_blocks.mark_line_counts(page_html())
    # (the last block, in an admonition, ends in a highlighted line's tag, not its newline)
    assert '<span class="hll">' in marked
    assert re.findall(r'<code style="--dlp-lines: (\d+)">', marked) == ["3", "1", "2"]
    assert "<code>inline_code</code>" in marked  # inline code is no block
    assert text(marked) == text(page_html())


def test_an_empty_block_has_one_line():
    assert code_blocks.line_count("") == 1 and code_blocks.line_count("x\n") == 1
