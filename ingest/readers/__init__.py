"""One reader per format. Each exposes `read(data: bytes, filename: str, options: ReadOptions) -> Document`.
The dispatch table is `ingest.api.READERS`."""
