"""The models explain themselves: most mapped columns carry a `#:` comment (Indico-style).

A pure source check: it parses the model modules with `ast` and reads their lines, so it needs
neither the app nor a database.
"""

from __future__ import annotations

import ast
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: where the models live, relative to the repository root; globs allowed, missing paths skipped
MODEL_PATTERNS = (
    "cohorts/models/*.py",
    "employers/models.py",
    "employers/demand_version.py",
    "app/models.py",
    "app/notifications/models.py",
    "app/tasks/models.py",
    "app/uploads.py",
    "app/webhooks/models.py",
    "app/api_tokens/models.py",
    "employers/crm/models.py",
    "employers/jobs/models.py",
)
#: the least share of mapped columns that must carry a `#:` comment
MIN_DOCUMENTED_SHARE = 0.80


@pytest.fixture(autouse=True)
def db():
    """Replaces the suite's per-test database transaction: this test reads source files only."""
    yield None


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Replaces the suite's rate-limit reset, which needs the app."""
    yield None


@dataclass(frozen=True)
class Column:
    path: str
    line: int
    owner: str
    name: str
    documented: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.owner}.{self.name}"


def model_modules() -> list[Path]:
    found: set[Path] = set()
    for pattern in MODEL_PATTERNS:
        found.update(path for path in ROOT.glob(pattern) if path.is_file())
    return sorted(found)


def _is_mapped_column_call(node: ast.expr | None) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "mapped_column") or (
        isinstance(func, ast.Attribute) and func.attr == "mapped_column"
    )


def _doc_comment_lines(path: Path) -> set[int]:
    """Line numbers (1-based) that hold a `#:` comment, standalone or trailing."""
    with tokenize.open(path) as source:
        return {
            token.start[0]
            for token in tokenize.generate_tokens(source.readline)
            if token.type == tokenize.COMMENT and token.string.startswith("#:")
        }


def _is_documented(lines: list[str], doc_lines: set[int], lineno: int) -> bool:
    if lineno in doc_lines:  # a trailing `#:` on the column's own (first) line
        return True
    previous = lineno - 1
    while previous >= 1 and not lines[previous - 1].strip():
        previous -= 1
    # the previous non-blank line is a `#:` comment (the last of a block of them, if several)
    return previous >= 1 and lines[previous - 1].lstrip().startswith("#:")


def columns_of(path: Path, root: Path = ROOT) -> list[Column]:
    """The mapped columns declared at class level in one module, and whether each is documented."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    doc_lines = _doc_comment_lines(path)
    relative = path.relative_to(root).as_posix()
    columns = []
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:  # class level only, not assignments inside methods
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and "Mapped[" in ast.get_source_segment(text, statement.annotation)
                and _is_mapped_column_call(statement.value)
            ):
                columns.append(Column(
                    relative, statement.lineno, node.name, statement.target.id,
                    _is_documented(lines, doc_lines, statement.lineno),
                ))
    return columns


def test_the_model_modules_are_found():
    modules = model_modules()
    assert modules, f"no model module found under {ROOT} for {', '.join(MODEL_PATTERNS)}"
    assert any(columns_of(path) for path in modules), (
        f"no mapped column found in {[path.relative_to(ROOT).as_posix() for path in modules]}"
    )


def test_most_mapped_columns_carry_a_doc_comment():
    columns = [column for path in model_modules() for column in columns_of(path)]
    assert columns, f"no mapped column found in the model modules ({', '.join(MODEL_PATTERNS)})"
    undocumented = [column for column in columns if not column.documented]
    share = 1 - len(undocumented) / len(columns)
    assert share >= MIN_DOCUMENTED_SHARE, (
        f"{share:.0%} of {len(columns)} mapped columns carry a `#:` comment "
        f"(at least {MIN_DOCUMENTED_SHARE:.0%} must); undocumented:\n"
        + "\n".join(f"  {column}" for column in undocumented)
    )


def test_the_parser_tells_documented_from_undocumented(tmp_path):
    module = tmp_path / "models.py"
    module.write_text(
        "class Thing(Base):\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)  #: primary key\n"
        "    #: a two-line comment\n"
        "    #: still about hours\n"
        "    hours: Mapped[int] = mapped_column(default=6)\n"
        "    # a plain comment does not count\n"
        "    title: Mapped[str] = mapped_column(sa.String(200))\n"
        "    #: a blank line between comment and column is allowed\n"
        "\n"
        "    level: Mapped[int] = orm.mapped_column(\n"
        "        default=2\n"
        "    )\n"
        "    bare: Mapped[int]\n"
        "    other: Mapped[list[Other]] = relationship()\n"
        "\n"
        "    def method(self):\n"
        "        local: Mapped[int] = mapped_column()\n",
        encoding="utf-8",
    )
    found = {column.name: column.documented for column in columns_of(module, root=tmp_path)}
    assert found == {"id": True, "hours": True, "title": False, "level": True}
