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
"""


def page_html() -> str:
    """What MkDocs makes of SOURCE with this site's code extensions (mkdocs.yml)."""
    return markdown.markdown(SOURCE, extensions=["pymdownx.highlight", "pymdownx.superfences"])


def text(page: str) -> str:
    """What a reader sees (and copies): the page without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_name_spans_are_dropped_and_the_text_stays():
    page = page_html()
    assert '<span class="n">np</span>' in page  # Pygments wraps names
    lighter = code_blocks.drop_plain_spans(page)
    assert 'class="n"' not in lighter and text(lighter) == text(page)
    assert lighter.count("<span") < page.count("<span")
    for kept in ('<span class="kn">import</span>', '<span class="c1"># a comment</span>', '<span class="p">(</span>'):
        assert kept in lighter, kept  # coloured tokens keep their span


def test_each_code_block_carries_its_number_of_lines():
    marked = code_blocks.mark_line_counts(page_html())
    assert re.findall(r'<code style="--dlp-lines: (\d+)">', marked) == ["3", "1"]
    assert "<code>inline_code</code>" in marked  # inline code is no block
    assert text(marked) == text(page_html())
