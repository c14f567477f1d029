"""notebooks/explore.ipynb runs top to bottom with nbclient and shows what it promises."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def _text(cell: Any) -> str:
    """Everything a code cell printed or displayed, as one string."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out["text"])
        elif "data" in out:
            data = out["data"]
            parts.append(data.get("text/html") or data.get("text/plain") or "")
    return "\n".join(parts)


def test_committed_notebook_has_no_outputs() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


@pytest.mark.slow
def test_notebook_executes(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")

    nb = nbformat.read(NOTEBOOK, as_version=4)
    # run from an unrelated folder: the notebook must find examples/ by itself
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    cells = {c.get("id"): c for c in nb.cells if c.cell_type == "code"}
    for cell in cells.values():
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, errors
    out = {name: _text(cell) for name, cell in cells.items()}
    assert "'examples'" in out["setup"]
    assert "documents" in out["build"] and "statements" in out["build"]
    assert "<table" in out["entities"] and "mentions" in out["entities"]
    assert "who-did-what" in out["saved-list"]
    assert "<table" in out["saved"] and "Miriam Castillo" in out["saved"]
    assert "components" in out["stats"] and "pagerank" in out["stats"]
    assert "<table" in out["pagerank"]
    assert "MultiDiGraph" in out["networkx"]
    assert "path 1:" in out["path"] and "Miriam Castillo" in out["path"]
    assert "Beirut" in out["path"] and "[court-hearing]" in out["path"]
    images = {name: [o for o in cells[name].get("outputs", []) if "image/png" in o.get("data", {})]
              for name in ("timeline", "connected")}
    assert all(len(found) == 1 for found in images.values()), images.keys()
    assert "dated statement mentions over" in out["timeline"]
    assert not out["timeline"].startswith("0 dated")
    assert "Leila Haddad" in out["connected"] or "Miriam Castillo" in out["connected"]
    network = out["network"]
    assert "Warning" not in network
    assert network.startswith('<div class="kg-graph"><iframe srcdoc="') and "&lt;html" in network
    srcdoc = network.split('"', 4)[3]
    assert "Sample articles" in srcdoc and "<" not in srcdoc  # all escaped
    assert "kg-panel" in srcdoc and "Vigil Outside the Courthouse" in srcdoc
