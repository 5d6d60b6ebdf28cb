"""Recognise video containers by their magic bytes, before ffprobe ever sees the file."""

from __future__ import annotations

from ..contracts.gen.models import Container
from ..errors import ErrorType, failure

# container -> (content type, file extension)
CONTAINERS: dict[Container, tuple[str, str]] = {
    Container.mp4: ("video/mp4", "mp4"),
    Container.matroska: ("video/x-matroska", "mkv"),
    Container.avi: ("video/x-msvideo", "avi"),
    Container.mpegts: ("video/mp2t", "ts"),
    Container.flv: ("video/x-flv", "flv"),
    Container.ogg: ("video/ogg", "ogv"),
}
SNIFF_BYTES = 1024
_MP4_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip")


def sniff(head: bytes) -> Container:
    """Container name for the first bytes of a file, or an UnsupportedMedia failure."""
    if not head:
        raise failure(ErrorType.UNSUPPORTED_MEDIA, "the file is empty")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"#EXTM3U"):
        raise failure(ErrorType.UNSUPPORTED_MEDIA, "an HLS playlist is not a video file")
    if len(head) >= 8 and head[4:8] in _MP4_BOXES:
        return Container.mp4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Container.matroska
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return Container.avi
    if head.startswith(b"FLV\x01"):
        return Container.flv
    if head.startswith(b"OggS"):
        return Container.ogg
    if (
        head[0] == 0x47
        and all(head[i] == 0x47 for i in range(188, len(head), 188))
        and len(head) > 188
    ):
        return Container.mpegts
    raise failure(ErrorType.UNSUPPORTED_MEDIA, "not a recognised video container (magic bytes)")
