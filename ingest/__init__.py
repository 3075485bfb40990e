"""ingest: bytes in, one Document out. See spec/architecture.md."""

from .api import SUPPORTED_SUFFIXES, ReadOutcome, read, read_bytes
from .errors import IngestError
from .isolation import read_isolated, read_many
from .model import Block, BlockKind, Cell, Chart, Document, Issue, Series, SourceRef, Table
from .options import ReadOptions

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Block",
    "BlockKind",
    "Cell",
    "Chart",
    "Document",
    "IngestError",
    "Issue",
    "ReadOptions",
    "ReadOutcome",
    "Series",
    "SourceRef",
    "Table",
    "read",
    "read_bytes",
    "read_isolated",
    "read_many",
]
