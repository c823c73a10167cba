"""`pytest docs/chapters/NN-slug.md` runs that chapter through the engine (tests/chapter_plugin.py)."""

pytest_plugins = ["chapter_plugin"]
