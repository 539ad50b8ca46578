"""Files through Django's storage API, so that no web process or worker keeps a file of its own.

Two storages (settings STORAGES, see settings/base.py and README "Object storage"):
- storages["default"]: documents attached to meetings, the Bilancio's PDFs, job results
  (exports, minutes PDFs, import reports). Never served by a public URL: the portal's views
  check permissions and stream them (or redirect to a signed, expiring URL, see `download_url`).
- storages["private"]: uploaded spreadsheets, waiting for confirmation.
Both are folders on the filesystem in `make run` and tests, and prefixes of one S3-compatible
bucket when STORAGE_BUCKET is set: any web process reads what any worker wrote.

Writing a file that someone may read at the same time goes through `publishing_path`: the
content is written to a temporary file and becomes visible under its final name only once it
is complete (filesystem: a rename in the same folder; object storage: one upload, and an S3
object exists only when its upload has completed). A run that dies half-way publishes nothing.

    with publishing_path("jobs/12/1/export.csv") as tmp:   # a local pathlib.Path
        write_to(tmp)
    publish_bytes("bilancio/x.pdf", pdf_bytes)
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

__all__ = [
    "default_storage",
    "delete_prefix",
    "download_url",
    "local_path",
    "private_storage",
    "publish_bytes",
    "publishing_path",
]


def default_storage() -> Storage:
    return storages["default"]


def private_storage() -> Storage:
    """Uploads that are never served by URL: the "private" storage of the object storage, else
    the folder PRIVATE_MEDIA_ROOT (default: beside MEDIA_ROOT, read at each call)."""
    if "private" in settings.STORAGES:
        return storages["private"]
    root = getattr(settings, "PRIVATE_MEDIA_ROOT", "") or f"{settings.MEDIA_ROOT}-private"
    return FileSystemStorage(location=root, base_url=None)


def local_path(name: str, storage: Storage | None = None) -> Path | None:
    """The file's path on this machine when the storage is a local folder, else None."""
    storage = storage or default_storage()
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def _remove_stale_temporaries(final: Path) -> None:
    """A run killed half-way may have left its temporary file: it was never published. Only
    files older than the task's hard time limit are removed: a younger one may belong to a run
    still writing (e.g. build_bilancio from the shell while the worker builds)."""
    too_old = time.time() - int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 600))
    for stale in glob.glob(f"{glob.escape(str(final))}.tmp-*"):
        with contextlib.suppress(FileNotFoundError):
            if os.path.getmtime(stale) < too_old:
                os.unlink(stale)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


@contextlib.contextmanager
def publishing_path(name: str, *, storage: Storage | None = None) -> Iterator[Path]:
    """Yield a local temporary path; when the block ends without error, its content becomes the
    file `name` of the storage in one step (see the module's docstring). On error nothing is
    published and the temporary file is removed. The name is used as given (an existing file
    of that name is replaced): callers choose names unique per run."""
    storage = storage or default_storage()
    final = local_path(name, storage)
    if final is not None:
        final.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(final)
        tmp = final.with_name(f"{final.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            yield tmp
            if not tmp.exists():
                raise FileNotFoundError(tmp)
            _fsync(tmp)
            os.replace(tmp, final)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return
    scratch = getattr(settings, "STORAGE_SCRATCH_DIR", "") or None
    fd, tmp_name = tempfile.mkstemp(prefix="cdn-", suffix=Path(name).suffix, dir=scratch)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            stored = storage.save(name, File(handle, name=Path(name).name))
        if stored != name:  # the object storage is configured to overwrite (file_overwrite)
            raise RuntimeError(f"stored as {stored!r} instead of {name!r}")
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def publish_bytes(name: str, content: bytes, *, storage: Storage | None = None) -> str:
    """Store `content` as `name`, atomically (see publishing_path). Returns the name."""
    with publishing_path(name, storage=storage) as tmp:
        tmp.write_bytes(content)
    return name


def delete_prefix(prefix: str, *, storage: Storage | None = None) -> None:
    """Delete every file under the folder `prefix` (e.g. a job's jobs/<pk>/), at any depth."""
    storage = storage or default_storage()
    prefix = prefix.rstrip("/")
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for file_name in files:
        storage.delete(f"{prefix}/{file_name}")
    for folder in folders:
        delete_prefix(f"{prefix}/{folder}", storage=storage)
    path = local_path(prefix, storage)
    if path is not None:
        with contextlib.suppress(OSError):
            path.rmdir()


def download_url(name: str, *, filename: str, storage: Storage | None = None) -> str | None:
    """A signed URL that expires (STORAGE_URL_EXPIRE seconds) for a file the viewer may
    download, when the object storage is configured to hand those out
    (STORAGE_SIGNED_DOWNLOADS); None means: stream the file through the view."""
    storage = storage or default_storage()
    if not getattr(settings, "STORAGE_SIGNED_DOWNLOADS", False) or local_path(name, storage):
        return None
    safe = filename.replace('"', "")
    disposition = f'attachment; filename="{safe}"'
    # S3Storage.url takes the response headers to sign; Django's base Storage.url does not.
    signer = cast(Any, storage)
    return str(signer.url(name, parameters={"ResponseContentDisposition": disposition}))
