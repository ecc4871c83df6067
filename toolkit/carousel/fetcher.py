"""The only way a theme reaches outside its HTML: a URL fetcher that serves a short allow-list.

WeasyPrint fetches every ``<img>``, ``<link>``, ``url()``, ``@import``, ``@font-face`` and PDF
attachment through its ``url_fetcher``; the default one reads any ``file://`` path and any
``http(s)://`` URL. A hostile theme could then embed ``/etc/passwd`` in the PDF or call home.
This fetcher serves local files inside the allowed folders (the theme's own) and the exact font
files the theme declared, resolving links and ``..`` first, and refuses everything else.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """A theme asked for something outside its allow-list."""


class ThemeFetcher(URLFetcher):
    """Serves ``file:`` URLs inside ``folders`` or equal to one of ``files``; refuses the rest."""

    def __init__(self, folders: Iterable[Path], files: Iterable[Path]):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self._folders = tuple(Path(f).resolve() for f in folders)
        self._files = frozenset(Path(f).resolve() for f in files)
        self.refused: list[str] = []  # what the theme asked for and did not get, for warnings

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = self._allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"{url} is outside the theme folder")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_file():
            return None
        if path in self._files or any(path.is_relative_to(folder) for folder in self._folders):
            return path
        return None
