"""Export executed report notebooks to self-contained HTML pages for leadership.

The page shows rendered markdown and cell outputs, never code input, and contains no
JavaScript. Every image is embedded as a data URI and the CSS is inline, so the file
opens offline. HTML that comes from a notebook (markdown cells, ``text/html`` and
``text/markdown`` outputs) passes through an nh3 allowlist before it is written.
"""

from __future__ import annotations

import base64
import binascii
import copy
import logging
import re
from pathlib import Path

import nbformat
import nh3
from nbconvert import HTMLExporter
from traitlets.config import Config

__all__ = ["REMOVE_CELL_TAGS", "TEMPLATES", "export_html", "sanitize_html"]

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
"""Folder of the Jinja templates and the shared stylesheet."""

REMOVE_CELL_TAGS = frozenset({"remove-cell", "hide"})
"""Cell tags that drop a cell, input and outputs, from the page."""

# Richest representation first. JavaScript, widgets and LaTeX are left out because
# the page runs no script and loads no MathJax.
_DISPLAY_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/plain",
]

_ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"tfoot"}
_ALLOWED_ATTRIBUTES = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
_ALLOWED_ATTRIBUTES["*"] = {"class", "id", "title", "style", "align"}

# These properties take no url() value, so a style attribute can neither load
# anything from the network nor cover the page with a fixed overlay.
_ALLOWED_STYLE_PROPERTIES = {
    "background-color",
    "border",
    "border-bottom",
    "border-collapse",
    "border-top",
    "color",
    "font-size",
    "font-style",
    "font-weight",
    "max-width",
    "min-width",
    "padding",
    "text-align",
    "vertical-align",
    "white-space",
    "width",
}
# nh3 filters style properties by name but keeps any value, so values that could
# fetch a resource or run script (old IE expressions) drop the whole attribute.
_UNSAFE_STYLE_VALUE = re.compile(r"url\(|image|expression|@import|\\", re.IGNORECASE)
_IMAGE_DATA_PREFIXES = (
    "data:image/png",
    "data:image/jpeg",
    "data:image/gif",
    "data:image/svg+xml",
)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Drop URLs that would load a resource or open a data URL."""
    scheme = value.strip().lower()
    if attribute == "style" and _UNSAFE_STYLE_VALUE.search(value):
        return None
    if attribute == "src":
        return value if scheme.startswith(_IMAGE_DATA_PREFIXES) else None
    if attribute in {"href", "cite"} and scheme.startswith("data:"):
        return None
    return value


def sanitize_html(markup: str) -> str:
    """
    Remove scripts, event handlers, frames and remote resources from HTML.

    The allowlist is nh3's default (text, lists, tables, links, images) plus
    ``tfoot``, and the ``class``, ``id``, ``title``, ``align`` and ``style``
    attributes. ``<script>`` and ``<style>`` elements are removed with their content
    and other disallowed tags are unwrapped, keeping their text. Images keep their
    ``src`` only when it is a ``data:image/...`` URI. Links keep ``http``,
    ``https``, ``mailto`` and relative targets. Text stays escaped: ``&lt;b&gt;``
    in the input is still ``&lt;b&gt;`` in the output.

    Parameters
    ----------
    markup : str
        HTML fragment, for example a pandas table or rendered markdown.

    Returns
    -------
    str
        The sanitized fragment.

    Examples
    --------
    >>> sanitize_html('<img src=x onerror="alert(1)"><b>&lt;b&gt;</b>')
    '<img><b>&lt;b&gt;</b>'
    """
    return nh3.clean(
        markup,
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto", "data"},
        filter_style_properties=_ALLOWED_STYLE_PROPERTIES,
    )


def _image_data_uri(data: str | bytes, mimetype: str) -> str:
    """Build a data URI from a notebook image, which is base64 text or SVG source."""
    if mimetype == "image/svg+xml":
        source = data.encode("utf-8") if isinstance(data, str) else data
        return f"data:{mimetype};base64,{base64.b64encode(source).decode('ascii')}"

    # nbformat stores PNG and JPEG as base64 text, often wrapped across lines.
    text = data.decode("ascii") if isinstance(data, bytes) else data
    encoded = "".join(text.split())
    try:
        base64.b64decode(encoded, validate=True)
    except binascii.Error:
        logger.warning("Skipped a %s output that is not valid base64", mimetype)
        return ""
    return f"data:{mimetype};base64,{encoded}"


def _exporter() -> HTMLExporter:
    """Build an HTMLExporter on the project's template, without code input."""
    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    config.CoalesceStreamsPreprocessor.enabled = True
    config.NbConvertBase.display_data_priority = _DISPLAY_PRIORITY

    exporter = HTMLExporter(
        config=config,
        template_name="leadership",
        # An explicit list, because nbconvert's default looks in the working folder.
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        # Attachments are embedded either way. embed_images would also embed local
        # image files, but nbconvert 7.17 then parses each inline HTML tag alone
        # and turns "<b>bold</b>" into "<b></b>bold".
        embed_images=False,
    )
    exporter.register_filter("sanitize_html", sanitize_html)
    exporter.register_filter("image_data_uri", _image_data_uri)
    return exporter


def export_html(
    notebook: Path,
    html: Path,
    *,
    title: str,
    notice: str | None = None,
    annotation_html: str | None = None,
) -> Path:
    """
    Convert an executed notebook to one self-contained HTML file.

    Markdown cells are rendered and code cells show only their outputs: HTML
    tables, PNG, JPEG and SVG images as data URIs, plain text, streams, and errors
    as a red box with the exception name and message above a collapsed traceback.
    Cells tagged ``remove-cell`` or ``hide`` are dropped, and so are raw cells. The
    page contains no ``<script>`` element, and its Content-Security-Policy blocks
    scripts and network loads in case the sanitizer misses something. Math is shown
    as TeX source, because MathJax would have to be loaded.

    Parameters
    ----------
    notebook : Path
        Executed ``.ipynb`` file, for example the output of papermill.
    html : Path
        HTML file to write. Missing parent folders are created.
    title : str
        Page title, shown in ``<title>`` and as the ``<h1>`` heading.
    notice : str, optional
        Banner shown above the title, for example ``"Synthetic demo data"``.
    annotation_html : str, optional
        Analysts' notes shown in a box below the title, for example from
        :func:`portfolio.report.annotations.box_html`. It is sanitized again here.

    Returns
    -------
    Path
        ``html``, after it was written.

    Raises
    ------
    FileNotFoundError
        If ``notebook`` does not exist.
    nbformat.reader.NotJSONError
        If ``notebook`` is not a notebook file.
    """
    nb = nbformat.read(notebook, as_version=4)
    annotation = sanitize_html(annotation_html) if annotation_html else None
    resources = {
        "portfolio": {"title": title, "notice": notice, "annotation": annotation}
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)

    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")
    logger.debug("Exported %s to %s", notebook, html)
    return html
