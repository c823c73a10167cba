"""Command line: `python -m dlp_build execute [CHAPTER ...] [--force] | snippets [--check] |
datasets [--download] | cache-from SOURCE | snapshot CHAPTER | budgets [--cold]`."""

from __future__ import annotations

import argparse
import os
import sys

from dlp_build import runner, snippets
from dlp_build.chapters import ChapterError, executable_chapters


def _select(names: list[str]):
    try:
        chapters = executable_chapters()
    except ChapterError as error:
        sys.exit(str(error))
    if not names:
        return chapters
    chosen = [c for c in chapters if any(map(c.is_named, names))]
    if len(chosen) < len(names):
        known = ", ".join(c.slug for c in chapters)
        sys.exit(f"unknown chapter in {names}; executable chapters: {known}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlp_build")
    commands = parser.add_subparsers(dest="command", required=True)
    execute = commands.add_parser("execute", help="execute chapters whose outputs are not cached")
    execute.add_argument("chapters", nargs="*", help="slugs or numbers, e.g. 03 (default: all)")
    execute.add_argument("--force", action="store_true", help="execute even when cached")
    snippet = commands.add_parser("snippets", help="regenerate snippets/ from the chapters")
    snippet.add_argument("--check", action="store_true", help="only report stale files")
    budget = commands.add_parser("budgets", help="measure build, serve, test and page-weight budgets")
    budget.add_argument("--cold", action="store_true", help="also time the test suite on an empty cache")
    data = commands.add_parser("datasets", help="where each dataset file comes from (real, stand-in, missing)")
    data.add_argument("--download", action="store_true", help="download the files not on hand")
    fill = commands.add_parser("cache-from", help="fill the output cache from another checkout's cache or a CI artifact")
    fill.add_argument("source", help="a folder, a .zip or .tar.gz, or an http(s) address of one")
    snapshot = commands.add_parser("snapshot", help="record chapters' outputs in tests/snapshots/")
    snapshot.add_argument("chapters", nargs="+", help="slugs or numbers, e.g. 03")
    args = parser.parse_args(argv)

    if args.command == "budgets":
        from dlp_build import budgets

        budgets.main(cold=args.cold)
        return 0

    if args.command == "datasets":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # quiet TensorFlow's start-up
        from dlp_build import datasets

        sources = datasets.fetch(args.download)
        for name, source in sources.items():
            print(f"{name:26} {source}")
        return 1 if any(source.startswith("missing") for source in sources.values()) else 0

    if args.command == "cache-from":
        try:
            runner.fill_cache(args.source, _select([]))
        except (OSError, ValueError) as error:
            sys.exit(f"cache-from: {error}")
        return 0

    if args.command == "snapshot":
        from dlp_build import snapshots

        for chapter in _select(args.chapters):  # from a fresh execution, never from the cache
            print(f"wrote {snapshots.write(chapter, snapshots.take(snapshots.execute_afresh(chapter)))}")
        return 0

    if args.command == "execute":
        chapters = _select(args.chapters)
        force = {c.slug for c in chapters} if args.force else set()
        failed = [slug for slug, r in runner.results(chapters, force).items() if r.failed]
        for slug in failed:
            print(f"{slug}: a block failed (see the page or run the tests)")
        return 1 if failed else 0

    paths = [c.path for c in _select([])]
    if args.check:
        stale = snippets.stale(paths)
        for path in stale:
            print(f"stale: {path} (run `python -m dlp_build snippets`)")
        return 1 if stale else 0
    for path in snippets.write_all(paths):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (runner.start makes it one)
        from dlp_build import executor

        executor.stop_all()
        print("interrupted: the running kernels were stopped and their folders deleted", file=sys.stderr)
        sys.stderr.flush()
        os._exit(130)  # now: the worker threads' event loops have nothing left to say
