"""Package-level work for the PPTX reader: opening slideshows/templates/macro decks that python-pptx
refuses by content type, and the document properties (author, dates, application) that copying and
resubmission checks can use as evidence.

Core properties are read from the package itself, never through python-pptx's `core_properties`: that
property invents default values (title "PowerPoint Presentation", modified = now) when the part is
missing.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from ..errors import CorruptError
from ..safety import parse_xml

PRESENTATION_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MACRO_MAIN = b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
# .ppsx / .potx / .ppsm / .potm: same structure, different main content type
ALIASES: dict[bytes, bytes] = {
    b"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": PRESENTATION_MAIN,
    b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": PRESENTATION_MAIN,
    b"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": MACRO_MAIN,
    b"application/vnd.ms-powerpoint.template.macroEnabled.main+xml": MACRO_MAIN,
}
VARIANTS = {
    b"slideshow.main": "放映文件（ppsx）",
    b"template.main": "模板文件（potx）",
    b"slideshow.macroEnabled": "启用宏的放映文件（ppsm）",
    b"template.macroEnabled": "启用宏的模板文件（potm）",
}

RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CORE_FIELDS = {
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy": "last_modified_by",
    "{http://purl.org/dc/terms/}created": "created",
    "{http://purl.org/dc/terms/}modified": "modified",
    "{http://purl.org/dc/elements/1.1/}title": "core_title",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}revision": "revision",
}
APP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
APP_FIELDS = {"Application": "application", "AppVersion": "app_version", "Company": "company", "Template": "template"}
MAX_META_CHARS = 300


def normalise_content_types(zf: zipfile.ZipFile, data: bytes, filename: str) -> tuple[bytes, str | None]:
    """Bytes python-pptx will open, and the Chinese name of the variant when it was not a plain deck.
    `zf` is the open package of `data`."""
    try:
        ct = zf.read("[Content_Types].xml")
    except KeyError:
        return data, None  # python-pptx will say what is wrong
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as e:
        raise CorruptError(filename, "压缩包结构损坏，无法读取内容类型") from e
    alias = next((a for a in ALIASES if a in ct), None)
    if alias is None:
        return data, None
    variant = next(name for key, name in VARIANTS.items() if key in alias)
    new_ct = ct
    for a, main in ALIASES.items():
        new_ct = new_ct.replace(a, main)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zf.infolist():
            out.writestr(info, new_ct if info.filename == "[Content_Types].xml" else zf.read(info))
    return buf.getvalue(), variant


def package_meta(zf: zipfile.ZipFile, filename: str) -> dict[str, str]:
    """Document properties from docProps/core.xml and docProps/app.xml (whatever the rels name them)."""
    meta: dict[str, str] = {}
    targets = _root_targets(zf, filename)
    core = _part(zf, targets.get(RT_CORE, "docProps/core.xml"), filename)
    if core is not None:
        for el in core:
            key = CORE_FIELDS.get(el.tag) if isinstance(el.tag, str) else None
            if key and el.text and el.text.strip():
                meta[key] = el.text.strip()[:MAX_META_CHARS]
    app = _part(zf, targets.get(RT_APP, "docProps/app.xml"), filename)
    if app is not None:
        for name, key in APP_FIELDS.items():
            text = app.findtext(f"{APP_NS}{name}")
            if text and text.strip():
                meta[key] = text.strip()[:MAX_META_CHARS]
    return meta


def _root_targets(zf: zipfile.ZipFile, filename: str) -> dict[str, str]:
    root = _part(zf, "_rels/.rels", filename)
    if root is None:
        return {}
    out: dict[str, str] = {}
    for rel in root.iter(f"{NS_REL}Relationship"):
        typ, target = rel.get("Type"), rel.get("Target")
        if typ and target and rel.get("TargetMode") != "External":
            out[typ] = target.lstrip("/")
    return out


def _part(zf: zipfile.ZipFile, name: str, filename: str) -> etree._Element | None:
    try:
        blob = zf.read(name)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return None
    try:
        return parse_xml(blob, filename, name)
    except CorruptError:
        return None  # broken properties do not make the deck unreadable
