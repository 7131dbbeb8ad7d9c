"""An offline Dutch spaCy pipeline: `spacy.blank("nl")` plus lookup lemmas from spacy-lookups-data.

No pre-trained Dutch model can be downloaded where Stapwijzer is built, so we assemble one
from what PyPI gives: the Dutch tokenizer rules of spaCy and the lemma table of
spacy-lookups-data. `python -m bot.nlu.dutch --install` packages it as the pip package
`nl_stapwijzer_lookups`, which `config.yml` names as the `SpacyNLP` model.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.cli.package import package
from spacy.language import Language

PACKAGE_NAME = "stapwijzer_lookups"  # spaCy prefixes the language: nl_stapwijzer_lookups
PACKAGE_VERSION = "1.0.0"


def build_dutch_nlp() -> Language:
    """A blank Dutch pipeline whose only component is the lookup lemmatizer."""
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta.update(
        {
            "name": PACKAGE_NAME,
            "version": PACKAGE_VERSION,
            "description": "Dutch tokenizer and lookup lemmas (spacy.blank('nl') + spacy-lookups-data)",
            "author": "Stapwijzer",
            "license": "MIT",
        }
    )
    return nlp


@lru_cache(maxsize=1)
def shared_dutch_nlp() -> Language:
    """One pipeline per process for components that only need tokens and lemmas."""
    return build_dutch_nlp()


def install_package() -> None:
    """Build `nl_stapwijzer_lookups` as an sdist and pip-install it into this interpreter."""
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        package_dir = Path(tmp) / "package"
        package_dir.mkdir()
        build_dutch_nlp().to_disk(model_dir)
        # The Python API, not the CLI: the CLI asks for meta data interactively.
        package(model_dir, package_dir, create_sdist=True, force=True, silent=True)
        (sdist,) = package_dir.glob("*/dist/*.tar.gz")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(sdist)],
            check=True,
        )
        shutil.rmtree(package_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--install", action="store_true", help="build and pip-install the model package")
    args = parser.parse_args()
    if args.install:
        install_package()
        print(f"installed spaCy model nl_{PACKAGE_NAME} {PACKAGE_VERSION}")
    else:
        nlp = shared_dutch_nlp()
        print([(token.text, token.lemma_) for token in nlp("ik zag het niet meer zitten")])


if __name__ == "__main__":
    main()
