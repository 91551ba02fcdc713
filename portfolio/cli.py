"""Command line: ``portfolio run PARAMS.yaml`` and ``portfolio demo``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import PortfolioError

logger = logging.getLogger("portfolio")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the command and return the exit code."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if arguments.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    try:
        return int(arguments.command(arguments))
    except PortfolioError as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        # A folder given as a file, a file as --out, a path without permission.
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portfolio",
        description="Analyse a customer portfolio and write monthly HTML reports.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug lines")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the reports of a parameter file")
    run.add_argument("params", type=Path, help="parameter file, e.g. params/demo.yaml")
    run.add_argument(
        "--out", type=Path, default=Path("reports"), help="reports folder (reports)"
    )
    run.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="notebooks executed at once (default: the number of cores)",
    )
    run.add_argument(
        "--only",
        action="append",
        metavar="BU",
        help="run this business unit only; repeat for several",
    )
    run.add_argument(
        "--annotations",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of the analysts' <business unit>.md notes "
        "(default: annotations/<params stem>/<as_of> next to the parameter file)",
    )
    run.set_defaults(command=_run)

    demo = commands.add_parser("demo", help="write the synthetic demo exports")
    demo.add_argument(
        "--out", type=Path, default=Path("demo-data"), help="folder (demo-data)"
    )
    demo.add_argument("--seed", type=int, default=20240101, help="random seed")
    demo.set_defaults(command=_demo)
    return parser


def _run(arguments: argparse.Namespace) -> int:
    from .report.runner import run

    if arguments.jobs is not None and arguments.jobs < 1:
        raise PortfolioError(f"--jobs must be 1 or more, got {arguments.jobs}.")

    def progress(outcome, done: int, total: int) -> None:  # type: ignore[no-untyped-def]
        mark = "ok" if outcome.status == "ok" else "FAILED"
        print(
            f"[{done}/{total}] {mark:6} {outcome.unit} · {outcome.notebook} "
            f"({outcome.seconds:.1f} s)",
            file=sys.stderr,
            flush=True,
        )

    result = run(
        arguments.params,
        out=arguments.out,
        jobs=arguments.jobs,
        only=arguments.only,
        on_progress=progress,
        annotations_dir=arguments.annotations,
    )
    _print_summary(result)
    print(result.index)
    return 1 if result.failed else 0


def _print_summary(result) -> None:  # type: ignore[no-untyped-def]
    rows = [("business unit", "notebook", "status", "seconds", "reason")]
    for outcome in result.outcomes:
        rows.append(
            (
                outcome.unit,
                outcome.notebook,
                outcome.status,
                f"{outcome.seconds:.1f}",
                outcome.error or "",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        cells = [row[column].ljust(widths[column]) for column in range(4)]
        print("  ".join([*cells, row[4]]).rstrip(), file=sys.stderr)
    print(result.summary(), file=sys.stderr)


def _demo(arguments: argparse.Namespace) -> int:
    from .demo import write_demo_exports

    paths = write_demo_exports(arguments.out, seed=arguments.seed)
    for path in paths.values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
