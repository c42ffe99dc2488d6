# pre-commit's shim for the `cf-token-lint` hook (language: python). pre-commit runs
# `pip install .` here; this empty package only requires the cf-token-lint wheel of the same
# version, so pip fetches the prebuilt binary and nothing is compiled. The wheel itself is built
# from python/pyproject.toml. Keep CF_TOKEN_LINT_VERSION equal to Cargo.toml's version
# (tests/dist.rs checks it).
from setuptools import setup

CF_TOKEN_LINT_VERSION = "0.1.0"

setup(
    name="cf-token-lint-pre-commit-shim",
    version=CF_TOKEN_LINT_VERSION,
    install_requires=[f"cf-token-lint=={CF_TOKEN_LINT_VERSION}"],
    py_modules=[],
)
