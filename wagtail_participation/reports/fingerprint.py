"""The SHA-256 fingerprint of a raw data export, as the reports print it."""

import hashlib

from .typography import group_hex

CHUNK = 1024 * 1024


def file_fingerprint(file):
    """The SHA-256 of a binary file object, read in chunks (an export may be large)."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def printed(fingerprint):
    """The fingerprint as the appendix of a report prints it, in groups of eight."""
    return group_hex(fingerprint, 8)
