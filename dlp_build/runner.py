"""Get each chapter's execution result: from the cache, or by executing it (in parallel).

The tests and the MkDocs build both come through here, so whichever runs first pays for the
execution and the other reads the cache.
"""

from __future__ import annotations

import os
import tomllib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Collection

from dlp_build import ROOT, cache, datasets
from dlp_build.chapters import Chapter
from dlp_build.environment import execution_environment
from dlp_build.executor import execute_chapter
from dlp_build.results import ChapterResult

EXPECTATIONS = Path(os.environ.get("DLP_EXPECTATIONS", ROOT / "tests" / "expectations.toml"))


class NotCached(RuntimeError):
    """A chapter would have to execute, but the caller asked for cached outputs only."""


@dataclass
class Stated:
    """One result the material states: `expression`, evaluated in the chapter's namespace at its end,
    or right after the first block whose code contains `after`, must match `expected`."""

    slug: str
    expression: str
    expected: Any
    after: str | None = None

    @property
    def name(self) -> str:
        """The probe's name in a result (and in the test's id)."""
        return self.expression if self.after is None else f"{self.expression} [after `{self.after}`]"


def stated_results() -> list[Stated]:
    """Everything tests/expectations.toml states (see its header for the format)."""
    table = tomllib.loads(EXPECTATIONS.read_text()) if EXPECTATIONS.exists() else {}
    stated = []
    for slug, entries in table.items():
        for expression, expected in entries.items():
            if expression != "after":
                stated.append(Stated(slug, expression, expected))
                continue
            for snippet, checks in expected.items():
                stated += [Stated(slug, expr, value, snippet) for expr, value in checks.items()]
    return stated


def probes_for(chapter: Chapter) -> dict[str, tuple[str, int | None]]:
    """The probes the tests read: name -> (expression, index of the block after which it is
    evaluated, or None for the end of the chapter)."""
    probes: dict[str, tuple[str, int | None]] = {}
    for stated in stated_results():
        if stated.slug != chapter.slug:
            continue
        index = None
        if stated.after is not None:
            index = next((i for i, f in enumerate(chapter.fences) if f.runs and stated.after in f.code), None)
            if index is None:
                raise ValueError(f"tests/expectations.toml: no block of {chapter.name} contains {stated.after!r}")
        probes[stated.name] = (stated.expression, index)
    return probes


def environment() -> dict:
    return {**execution_environment(), "datasets": datasets.fingerprint()}


def cached_result(chapter: Chapter, env: dict) -> ChapterResult | None:
    """A cached result that holds every probe the tests need now, else None.

    A failed chapter has no probe values (its namespace is incomplete): its result stands as is.
    """
    result = cache.load(chapter, cache.cache_key(chapter, env))
    if result is None or not (result.failed or set(probes_for(chapter)) <= set(result.probes)):
        return None
    return result


def run_chapter(chapter: Chapter, env: dict, log: Callable[[str], None] = print) -> ChapterResult:
    """Execute `chapter` now and store the result in the cache."""
    key = cache.cache_key(chapter, env)
    log(f"executing {chapter.name} ({sum(f.runs for f in chapter.fences)} blocks)")
    result, images = execute_chapter(chapter, key, env, probes_for(chapter))
    cache.store(chapter, result, images)
    log(f"executed {chapter.name} in {result.wall_seconds:.0f} s")
    return result


def start(
    chapters: list[Chapter],
    force: Collection[str] = (),
    workers: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Future[ChapterResult]]:
    """Futures of every chapter's result; cache misses execute in parallel, one per core.

    Chapters whose slug is in `force` execute even when cached.
    """
    env = environment()
    futures: dict[str, Future[ChapterResult]] = {}
    missing = []
    for chapter in chapters:
        cached = None if chapter.slug in force else cached_result(chapter, env)
        if cached is None:
            missing.append(chapter)
        else:
            futures[chapter.slug] = Future()
            futures[chapter.slug].set_result(cached)
    if missing and datasets.flag("DLP_REQUIRE_CACHE"):
        names = ", ".join(chapter.name for chapter in missing)
        raise NotCached(f"DLP_REQUIRE_CACHE is set, but these chapters have no cached outputs: {names}")
    if missing:
        pool = ThreadPoolExecutor(max_workers=min(len(missing), workers or os.cpu_count() or 1))
        for chapter in missing:
            futures[chapter.slug] = pool.submit(run_chapter, chapter, env, log)
        pool.shutdown(wait=False)
    return futures


def results(
    chapters: list[Chapter], force: Collection[str] = (), log: Callable[[str], None] = print
) -> dict[str, ChapterResult]:
    """Every chapter's result, executing what the cache lacks (and what `force` names)."""
    return {slug: future.result() for slug, future in start(chapters, force, log=log).items()}


def forced_slugs(chapters: list[Chapter]) -> set[str]:
    """Slugs named in DLP_FORCE (comma-separated slugs or chapter numbers, or 'all')."""
    wanted = {w.strip() for w in os.environ.get("DLP_FORCE", "").split(",") if w.strip()}
    return {c.slug for c in chapters if "all" in wanted or any(map(c.is_named, wanted))}
