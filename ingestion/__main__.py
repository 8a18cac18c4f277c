"""``python -m ingestion PATH...`` is ``eco-advisor ingest PATH...``."""

import typer

from assistant.cli import ingest


def main() -> None:
    typer.run(ingest)


if __name__ == "__main__":
    main()
