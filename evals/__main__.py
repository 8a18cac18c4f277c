"""``python -m evals`` is ``eco-advisor eval``."""

import typer

from evals.cli import eval_command


def main() -> None:
    typer.run(eval_command)


if __name__ == "__main__":
    main()
