"""Get each chapter's execution result: from the cache, or by executing its parts in parallel.

The tests and the MkDocs build both come through here, so whichever runs first pays for the
execution and the other reads the cache. Parts of all chapters that need executing go into one
queue, longest first (by the time they took last on this machine; parts never timed go first),
and run on DLP_JOBS workers (default: one per core; with GPUs, see `plan_jobs`).
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
import tomllib
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Collection, Iterator

from dlp_build import ROOT, cache, datasets, executor
from dlp_build.chapters import Chapter, Part
from dlp_build.environment import execution_environment, gpu_names
from dlp_build.results import BROKEN, ERROR, MISSING_ERROR, ChapterResult, PartResult

EXPECTATIONS = Path(os.environ.get("DLP_EXPECTATIONS", ROOT / "tests" / "expectations.toml"))


class NotCached(RuntimeError):
    """A part would have to execute, but the caller asked for cached outputs only."""


@dataclass
class Stated:
    """One result the material states: `expression`, evaluated in the chapter's namespace at its end
    (the end of its last part), or right after the first block whose code contains `after`, must
    match `expected`."""

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


def probes_for(chapter: Chapter, part: Part | None = None) -> dict[str, tuple[str, int | None]]:
    """The probes the tests read: name -> (expression, index of the fence after which it is
    evaluated, or None for the end of the chapter, that is of its last part). With `part`: only
    those evaluated in it. Names of earlier parts are checked with `.after` tables."""
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
    for value in chapter.values:  # values the prose cites
        probes[value.name] = (value.expression, value.after)
    if part is None:
        return probes
    last = part == chapter.parts[-1]
    return {n: p for n, p in probes.items() if p[1] in part.indices or (p[1] is None and last)}


def environment() -> dict:
    return {**execution_environment(), "datasets": datasets.fingerprint()}


def plan_jobs(cpus: int, gpus: list[str], requested: str | None = None) -> int:
    """How many parts execute at once: DLP_JOBS when set, else one per core on a CPU; with GPUs,
    at most 4 kernels per GPU (each grows its GPU memory as needed, so they share the card; more
    would mostly wait for it), and never more than the cores that feed them."""
    if requested:
        if not requested.isdigit():
            raise ValueError(f"DLP_JOBS must be a whole number of parts to run at once, not {requested!r}")
        return max(1, int(requested))
    if gpus:
        return max(1, min(cpus, 4 * len(gpus)))
    return max(1, cpus)


def _usable(chapter: Chapter, part: Part, result: PartResult | None) -> PartResult | None:
    """A cached result that holds every probe the tests need now. A failed part has no probe
    values past its failure: it stands as it is."""
    if result is None:
        return None
    failed = any(f.status in (ERROR, MISSING_ERROR) for f in result.fences) or result.infrastructure
    return result if failed or set(probes_for(chapter, part)) <= set(result.probes) else None


def cached_part(chapter: Chapter, part: Part, env: dict) -> PartResult | None:
    key = cache.cache_key(chapter, part, env)
    return _usable(chapter, part, cache.load(chapter, part, key, accept_broken=datasets.flag("DLP_REQUIRE_CACHE")))


def run_part(chapter: Chapter, part: Part, env: dict, log: Callable[[str], None] = print) -> PartResult:
    """Execute one part now and store its result in the cache (unless interrupted)."""
    key = cache.cache_key(chapter, part, env)
    label = f"{chapter.name} part {part.number}/{len(chapter.parts)}"
    log(f"executing {label} ({sum(chapter.fences[i].runs for i in part.indices)} blocks)")
    result = executor.execute_part(chapter, part, key, env, probes_for(chapter, part))
    if executor.cancelled.is_set() or not threading.main_thread().is_alive():
        raise KeyboardInterrupt  # the process is being interrupted: its kernels were killed
    cache.store(chapter, part, result, {cache.cache_key(chapter, p, env) for p in chapter.parts})
    if not result.infrastructure:
        _remember_seconds(chapter, part, result.wall_seconds)
    broken = next((chapter.fences[i].line for i, f in zip(part.indices, result.fences) if f.status == BROKEN), None)
    where = f"; {chapter.name}:{broken}: the run failed (not the code): {result.infrastructure}" if broken else ""
    log(f"executed {label} in {result.wall_seconds:.0f} s{where}")
    return result


def _seconds_file() -> Path:
    return cache.cache_dir().parent / "part-seconds.json"


_seconds_lock = threading.Lock()


def _timing_name(chapter: Chapter, part: Part) -> str:
    """A part's name in the timing files: its chapter and first heading (stable when parts are
    added before it)."""
    return f"{chapter.slug} / {part.title}"


def _remember_seconds(chapter: Chapter, part: Part, seconds: float) -> None:
    with _seconds_lock:
        known = _read_seconds(_seconds_file())
        known[_timing_name(chapter, part)] = seconds
        _seconds_file().parent.mkdir(parents=True, exist_ok=True)
        partial = _seconds_file().with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n")
        os.replace(partial, _seconds_file())


def _read_seconds(path: Path) -> dict[str, float]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


REFERENCE_SECONDS = ROOT / "dlp_build" / "part-seconds.json"
"""Seconds each part took on the machine this project is developed on (`make budgets` updates
it): the order of a cold run, in CI or a fresh clone, before this machine has timed anything."""


def _known_seconds() -> dict[str, float]:
    return {**_read_seconds(REFERENCE_SECONDS), **_read_seconds(_seconds_file())}


def save_reference_seconds(chapters: list[Chapter]) -> Path:
    """Write this machine's part times, for the current parts, as the committed reference."""
    known = _known_seconds()
    names = [_timing_name(chapter, part) for chapter in chapters for part in chapter.parts]
    REFERENCE_SECONDS.write_text(json.dumps({n: known[n] for n in names if n in known}, indent=1) + "\n")
    return REFERENCE_SECONDS


def schedule(jobs: list[tuple[Chapter, Part]]) -> list[tuple[Chapter, Part]]:
    """Longest first, by the seconds each part took last (here, else in REFERENCE_SECONDS);
    parts never timed come first."""
    known = _known_seconds()
    return sorted(jobs, key=lambda job: -known.get(_timing_name(*job), float("inf")))


DEFAULT_SECONDS = 60.0  # the estimate for a part never timed


class Progress:
    """What is executing, across every call of `start` in this process (a `mkdocs serve` rebuilds
    often while parts run): parts done of the total, and an estimate of what is left, from the
    seconds each part took last (`_known_seconds`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.total = self.done = 0
        self.began = 0.0
        self.waiting: dict[tuple[str, int], float] = {}  # (slug, part number) -> expected seconds
        self.running: dict[tuple[str, int], tuple[float, float]] = {}  # -> (started, expected)
        self.workers = 1

    def add(self, jobs: list[tuple[Chapter, Part]], workers: int) -> None:
        known = _known_seconds()
        with self.lock:
            if not self.waiting and not self.running:  # a new batch
                self.total = self.done = 0
                self.began = time.monotonic()
            self.workers = max(self.workers, workers)
            for chapter, part in jobs:
                self.waiting[(chapter.slug, part.number)] = known.get(_timing_name(chapter, part), DEFAULT_SECONDS)
            self.total += len(jobs)

    def started(self, chapter: Chapter, part: Part) -> None:
        with self.lock:
            expected = self.waiting.pop((chapter.slug, part.number), DEFAULT_SECONDS)
            self.running[(chapter.slug, part.number)] = (time.monotonic(), expected)

    def finished(self, chapter: Chapter, part: Part) -> str:
        """The progress line after a part finished."""
        with self.lock:
            self.running.pop((chapter.slug, part.number), None)
            self.done += 1
            elapsed = time.monotonic() - self.began
            if self.done == self.total and not self.running:
                return f"[{self.done}/{self.total} parts] all executed in {_duration(elapsed)}"
            return f"[{self.done}/{self.total} parts] {_duration(elapsed)} elapsed, about {_duration(self._left())} left"

    def _left(self, slug: str | None = None) -> float:
        """Seconds of work left (for one chapter, or all), spread over the workers for all."""
        now = time.monotonic()
        left = sum(max(0.0, expected - (now - began)) for (s, _), (began, expected) in self.running.items() if slug in (None, s))
        left += sum(expected for (s, _), expected in self.waiting.items() if slug in (None, s))
        return left if slug else left / self.workers

    def of_chapter(self, chapter: Chapter) -> str:
        """What is happening to a chapter's parts now, for its page while it executes."""
        with self.lock:
            running = sorted(number for s, number in self.running if s == chapter.slug)
            waiting = sorted(number for s, number in self.waiting if s == chapter.slug)
            parts = len(chapter.parts)
            now = ", ".join(f"part {n} of {parts}" for n in running) + " running now" if running else "waiting its turn"
            queued = f"; {len(waiting)} more part{'s' * (len(waiting) != 1)} to go" if waiting and running else ""
            return (
                f"This page's code is being executed: {now}{queued}, about {_duration(self._left(chapter.slug))} "
                f"of work left for this page (the site: {self.done} of {self.total} parts done, about "
                f"{_duration(self._left())} left). Its outputs appear when its last part finishes: the page "
                "reloads by itself."
            )


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds} s" if seconds < 90 else f"{seconds // 60} min {seconds % 60:02d} s"


progress = Progress()
_in_flight: dict[str, Future[PartResult]] = {}  # cache key -> its execution, across calls of `start`
_flight_lock = threading.Lock()
_executing = [0]  # parts executing now, in this process, whichever call of `start` began them
_room = threading.Condition()


@contextmanager
def _slots(jobs: int) -> Iterator[None]:
    """A place among at most `jobs` parts executing at once in this process."""
    with _room:
        _room.wait_for(lambda: _executing[0] < jobs)
        _executing[0] += 1
    try:
        yield
    finally:
        with _room:
            _executing[0] -= 1
            _room.notify_all()


def start(
    chapters: list[Chapter],
    force: Collection[str] = (),
    workers: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Future[ChapterResult]]:
    """Futures of every chapter's result; parts missing from the cache execute in parallel,
    longest first (the order in which all of them are done soonest), in the background.

    Chapters whose slug is in `force` execute even when cached. A part already executing for an
    earlier call (a rebuild of `mkdocs serve`) is not started again: its execution is shared.
    """
    env = environment()
    part_futures: dict[str, list[Future[PartResult]]] = {}
    missing: list[tuple[Chapter, Part, Future[PartResult]]] = []
    with _flight_lock:
        for chapter in chapters:
            part_futures[chapter.slug] = []
            for part in chapter.parts:
                key = cache.cache_key(chapter, part, env)
                future = _in_flight.get(key)
                if future is None:
                    future = Future()
                    found = None if chapter.slug in force else cached_part(chapter, part, env)
                    if found is not None:
                        future.set_result(found)
                    else:
                        missing.append((chapter, part, future))
                        _in_flight[key] = future
                part_futures[chapter.slug].append(future)
        if missing and datasets.flag("DLP_REQUIRE_CACHE"):
            for chapter, part, _ in missing:
                _in_flight.pop(cache.cache_key(chapter, part, env), None)
            names = ", ".join(f"{chapter.name} part {part.number}" for chapter, part, _ in missing)
            raise NotCached(f"DLP_REQUIRE_CACHE is set, but these have no cached outputs: {names}")

    futures = {chapter.slug: _chapter_future(chapter, part_futures[chapter.slug]) for chapter in chapters}
    if not missing:
        return futures

    executor.stop_on_termination()  # SIGTERM ends the kernels as Ctrl-C does
    todo: queue.Queue = queue.Queue()
    order = {(c.slug, p.number): i for i, (c, p) in enumerate(schedule([(c, p) for c, p, _ in missing]))}
    for job in sorted(missing, key=lambda job: order[(job[0].slug, job[1].number)]):
        todo.put(job)
    jobs = workers or plan_jobs(os.cpu_count() or 1, gpu_names(), os.environ.get("DLP_JOBS"))
    progress.add([(chapter, part) for chapter, part, _ in missing], jobs)

    def work() -> None:
        while True:
            try:
                chapter, part, future = todo.get_nowait()
            except queue.Empty:
                return
            key = cache.cache_key(chapter, part, env)
            outcome: PartResult | BaseException
            progress.started(chapter, part)
            if futures[chapter.slug].done():  # an earlier part of it could not run at all
                outcome = RuntimeError(f"{chapter.name}: an earlier part could not run")
            else:
                with _slots(jobs):  # across calls too: a serve rebuild adds no kernel beyond DLP_JOBS
                    try:
                        outcome = run_part(chapter, part, env, log)
                    except BaseException as error:  # reported through the chapter's future
                        outcome = error
            log(progress.finished(chapter, part))
            with _flight_lock:  # out of the registry before it resolves: a later call reads the cache
                _in_flight.pop(key, None)
            if isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)

    for _ in range(min(jobs, len(missing))):
        # Daemon threads: Ctrl-C ends the process at once; executor.stop_all kills the kernels.
        threading.Thread(target=work, daemon=True).start()
    return futures


def _chapter_future(chapter: Chapter, parts: list[Future[PartResult]]) -> Future[ChapterResult]:
    """A future of the chapter's result, done when all its parts are (or one could not run)."""
    future: Future[ChapterResult] = Future()
    settling = threading.Lock()

    def settle(_: Future | None = None) -> None:
        with settling:
            if future.done():
                return
            failed = next((f.exception() for f in parts if f.done() and f.exception()), None)
            if failed is not None:
                future.set_exception(failed)
            elif all(f.done() for f in parts):
                future.set_result(ChapterResult(chapter.name, [f.result() for f in parts]))

    for part in parts:
        part.add_done_callback(settle)
    settle()
    return future


def results(
    chapters: list[Chapter], force: Collection[str] = (), log: Callable[[str], None] = print
) -> dict[str, ChapterResult]:
    """Every chapter's result, executing what the cache lacks (and what `force` names)."""
    return {slug: future.result() for slug, future in start(chapters, force, log=log).items()}


def forced_slugs(chapters: list[Chapter]) -> set[str]:
    """Slugs named in DLP_FORCE (comma-separated slugs or chapter numbers, or 'all')."""
    wanted = {w.strip() for w in os.environ.get("DLP_FORCE", "").split(",") if w.strip()}
    return {c.slug for c in chapters if "all" in wanted or any(map(c.is_named, wanted))}


def fill_cache(source: str, chapters: list[Chapter], log: Callable[[str], None] = print) -> int:
    """Copy into the cache the entries of `source` that this checkout's parts need and lacks: a
    folder (another checkout, its `.cache/executions`, or an unpacked CI artifact), a .zip or
    .tar.gz of one, or an http(s) address of such an archive. An entry is taken only when it
    reads back whole as the part it is keyed for. Returns how many were copied."""
    import shutil
    import tarfile
    import tempfile
    import urllib.request
    import zipfile

    env = environment()
    with tempfile.TemporaryDirectory(prefix="dlp-cache-from-") as scratch:
        folder = Path(source)
        if source.startswith(("http://", "https://")):
            folder = Path(scratch) / Path(source.split("?")[0]).name
            with urllib.request.urlopen(source, timeout=120) as answer, open(folder, "wb") as out:
                shutil.copyfileobj(answer, out)
        if folder.is_file():
            unpacked = Path(scratch) / "unpacked"
            if zipfile.is_zipfile(folder):
                zipfile.ZipFile(folder).extractall(unpacked)
            elif tarfile.is_tarfile(folder):
                with tarfile.open(folder) as archive:
                    archive.extractall(unpacked, filter="data")
            else:
                raise ValueError(f"{source}: neither a folder nor a .zip or .tar.gz archive")
            folder = unpacked
        if not folder.is_dir():
            raise ValueError(f"{source}: no such folder or archive")
        copied = present = 0
        for chapter in chapters:
            for part in chapter.parts:
                key = cache.cache_key(chapter, part, env)
                if cache.entry_path(chapter, key).exists():
                    present += 1
                    continue
                for candidate in folder.rglob(f"{chapter.slug}/{key}.ipynb"):
                    if cache.load(chapter, part, key, root=candidate.parent.parent) is not None:
                        cache.entry_path(chapter, key).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(candidate, cache.entry_path(chapter, key))
                        copied += 1
                        break
    wanted = sum(len(chapter.parts) for chapter in chapters)
    log(f"cache from {source}: {copied} parts copied, {present} were here already, {wanted - copied - present} not in it "
        "(an entry is used only where the code, versions, device and datasets are the same)")
    return copied
