"""flake8 plugin: UNS001, a class longer than ``--max-class-length`` lines (default 250).

flake8-max-function-length measures functions and pylint's C0302 modules; nothing on PyPI
measures classes, so this 30-line plugin does, from the class statement to its last line.
Registered in ``.flake8`` under ``[flake8:local-plugins]``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any


class ClassLength:
    """Report every class whose source spans more than ``max_class_length`` lines."""

    name = "flake8-unit-size"
    version = "1.0"
    max_class_length = 250

    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree

    @classmethod
    def add_options(cls, manager: Any) -> None:
        manager.add_option("--max-class-length", type=int, default=250, parse_from_config=True,
                           help="Largest number of lines a class may span (default 250).")

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.max_class_length = options.max_class_length

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ClassDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > self.max_class_length:
                    yield (node.lineno, node.col_offset,
                           f"UNS001 class {node.name} spans {length} lines "
                           f"(more than {self.max_class_length})", type(self))
