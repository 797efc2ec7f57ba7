"""Generators of docs/tutorial.md: build the tutorial's stores once, run `kg` commands.

The tutorial's command blocks are cog generators (``.venv/bin/cog -r docs/tutorial.md``,
run from the repository root with ``KG_CORPUS`` set) that call :func:`show`: it runs the
real ``kg`` command in a subprocess against a cached store and pastes its real output.
``tests/test_docs.py`` runs ``cog --check docs/tutorial.md``, so a change of a command's
output, a query or its header fails the tests until the tutorial is regenerated.

Stores are built once into ``.cache/tutorial-store/<name>-<key>/`` (git-ignored), where the
key digests the input files, the package's code (``kg/**/*.py``), the authority tables,
the ontology, the shapes, this module and the package version: re-runs reuse the store, anything that
changes what a build writes rebuilds it. Outputs are normalised (the store's and the
corpus's absolute paths become ``tutorial-store`` and ``$KG_CORPUS``, trailing blanks are
cut) and have fixed widths (``COLUMNS``), so two runs write the same bytes.

``python docs/tutorial_build.py --figure`` rewrites ``docs/tutorial-network.png``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "tutorial-store"
FIGURE = ROOT / "docs" / "tutorial-network.png"
KG = Path(sys.executable).with_name("kg")

# What the tutorial store holds, as the reader types it (in this order).
TUTORIAL_INPUTS = (
    "$KG_CORPUS/wilson/records",
    "$KG_CORPUS/frus/frus1961-63v06.xml",
    "$KG_CORPUS/frus/frus1949v07p2.xml",
)
DEMO_INPUTS = ("data/wilson",)
# The store names the reader sees in the commands.
DISPLAY = {"tutorial": "tutorial-store", "demo": "kg-store"}
WIDTH = 100


def corpus() -> Path:
    """The shared corpus (``KG_CORPUS``); an error that says so when it is missing."""
    value = os.environ.get("KG_CORPUS")
    if not value or not Path(value).is_dir():
        raise SystemExit("docs/tutorial.md needs the shared corpus: set KG_CORPUS=../shared/corpus")
    return Path(value).resolve()


def _expand(arg: str) -> str:
    if "$KG_CORPUS" in arg:
        return arg.replace("$KG_CORPUS", str(corpus()))
    return arg


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _key(inputs: tuple[str, ...]) -> str:
    """Digest of everything a build of ``inputs`` depends on."""
    import kg

    digest = hashlib.sha256(f"kg {kg.__version__}\n".encode())
    parts = [Path(_expand(i)) if Path(_expand(i)).is_absolute() else ROOT / i for i in inputs]
    code = [ROOT / "kg", ROOT / "data" / "authority", ROOT / "ontology", ROOT / "shapes",
            Path(__file__).resolve()]
    for base in parts + code:
        for path in _files(base):
            if base == ROOT / "kg" and path.suffix != ".py":
                continue
            digest.update(f"{path.name}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _run(args: list[str], store: Path, width: int) -> tuple[int, str]:
    env = dict(os.environ, KG_STORE=str(store), COLUMNS=str(width), LINES="200",
               NO_COLOR="1", TERM="dumb", PYTHONHASHSEED="0")
    env.pop("FORCE_COLOR", None)
    run = subprocess.run([str(KG), *(_expand(a) for a in args)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=False)
    return run.returncode, run.stderr + run.stdout


def normalise(text: str, store: Path, name: str) -> str:
    """Absolute paths to what the reader sees; no trailing blanks."""
    text = text.replace(str(store), DISPLAY[name])
    if os.environ.get("KG_CORPUS"):
        text = text.replace(str(corpus()), "$KG_CORPUS")
    text = text.replace(f"{ROOT}/", "")
    if not text.strip():
        return ""
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()) + "\n"


def _steps(name: str) -> list[list[str]]:
    if name == "demo":
        return [["build", *DEMO_INPUTS],
                ["validate", "--output", "{tmp}/validation.txt"],
                ["reason"]]
    return [["build", *TUTORIAL_INPUTS], ["validate"], ["reason"]]


def store(name: str = "tutorial") -> Path:
    """The cached store ``name`` (``tutorial`` or ``demo``), built when missing or stale."""
    inputs = TUTORIAL_INPUTS if name == "tutorial" else DEMO_INPUTS
    folder = CACHE / f"{name}-{_key(inputs)}"
    if (folder / "steps.json").is_file():
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = CACHE / f".{name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    outputs = []
    for step in _steps(name):
        args = [a.replace("{tmp}", str(tmp)) for a in step]
        code, text = _run(args, tmp / "store", WIDTH)
        if code != 0:
            raise SystemExit(f"kg {' '.join(step)} failed ({code}):\n{text}")
        outputs.append({"args": step, "output": normalise(text, tmp / "store", name)})
    if name == "demo":
        report = (tmp / "validation.txt").read_text(encoding="utf-8")
        outputs[1]["report"] = normalise(report, tmp / "store", name)
    (tmp / "steps.json").write_text(json.dumps(outputs, indent=1), encoding="utf-8")
    for old in CACHE.glob(f"{name}-*"):
        if old != folder:  # another process may be reading the same key's folder
            shutil.rmtree(old, ignore_errors=True)
    try:
        tmp.rename(folder)
    except OSError:  # another run got there first
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def steps(name: str = "tutorial") -> list[dict]:
    """The commands that built store ``name`` with their normalised outputs."""
    return json.loads((store(name) / "steps.json").read_text(encoding="utf-8"))


def output(command: str, name: str = "tutorial", width: int = WIDTH, head: int | None = None,
           expect: int = 0) -> str:
    """Run ``command`` (a ``kg ...`` line) against store ``name``; its normalised output."""
    args = shlex.split(command)
    assert args[0] == "kg", command
    path = store(name) / "store"
    code, text = _run(args[1:], path, width)
    if code != expect:
        raise SystemExit(f"{command} exited {code}, expected {expect}:\n{text}")
    text = normalise(text, path, name)
    lines = text.splitlines()
    if head is not None and len(lines) > head:
        more = len(lines) - head
        lines = lines[:head] + [f"… ({more} more lines)"]
    return "\n".join(lines) + "\n"


def _join(args: list[str]) -> str:
    """A command line as the reader types it (``$KG_CORPUS`` left to the shell)."""
    return " ".join(a if re.fullmatch(r"[\w@%+=:,./$-]+", a) else f'"{a}"' for a in args)


def steps_block(name: str = "tutorial", out: str = "out") -> str:
    """The commands that built store ``name``, each with its real output."""
    parts = []
    for step in steps(name):
        args = [a.replace("{tmp}", out) for a in step["args"]]
        parts.append(f"$ kg {_join(args)}\n{step['output']}")
        if "report" in step:
            parts.append(f"$ cat {args[args.index('--output') + 1]}\n{step['report']}")
    return "```console\n" + "".join(parts) + "```\n"


def sparql_get(query: str, accept: str = "text/csv") -> str:
    """The ``kg serve --get`` command line that asks ``query`` (URL-encoded)."""
    from urllib.parse import quote

    return f"kg serve --get '/sparql?query={quote(query, safe='')}' --accept {accept}"


def show(*commands: str, **kwargs: object) -> None:
    """In a cog generator: paste the ``commands`` and their real output as one console block."""
    import cog  # provided by cogapp while it runs a generator

    text = "".join(f"$ {command}\n{output(command, **kwargs)}" for command in commands)
    cog.out(f"```console\n{text}```\n")


def figure(force: bool = False) -> str:
    """Draw the tutorial store's network into docs/tutorial-network.png (when missing)."""
    if force or not FIGURE.exists():
        path = store("tutorial") / "store"
        tmp = FIGURE.with_suffix(".tmp.png")
        code, text = _run(["network", "--format", "png", "--output", str(tmp)], path, WIDTH)
        if code != 0:
            raise SystemExit(f"kg network --format png failed ({code}):\n{text}")
        tmp.replace(FIGURE)
    return FIGURE.relative_to(ROOT / "docs").as_posix()


if __name__ == "__main__":
    if "--figure" in sys.argv[1:]:
        print(figure(force=True))
    else:
        print(store("tutorial"))
        print(store("demo"))
