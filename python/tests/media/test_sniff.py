from __future__ import annotations

import pytest
from temporalio.exceptions import ApplicationError

from media_pipeline.contracts.gen.models import Container
from media_pipeline.media.sniff import sniff


@pytest.mark.parametrize(
    ("head", "container"),
    [
        (b"\x00\x00\x00\x20ftypisom" + b"\x00" * 32, Container.mp4),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", Container.matroska),
        (b"RIFF\x00\x00\x00\x00AVI LIST", Container.avi),
        (b"FLV\x01\x05\x00\x00\x00\x09", Container.flv),
        (b"OggS\x00\x02", Container.ogg),
        ((b"\x47" + b"\x00" * 187) * 3, Container.mpegts),
    ],
)
def test_video_containers_are_recognised(head: bytes, container: Container) -> None:
    assert sniff(head) == container


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b"", "empty"),
        (b"#EXTM3U\n#EXT-X-VERSION:3\n", "playlist"),
        (b"\xef\xbb\xbf#EXTM3U\n", "playlist"),
        (b"root:x:0:0:root:/root:/bin/bash\n", "magic bytes"),
        (b"ID3\x04\x00\x00\x00\x00", "magic bytes"),  # an MP3
        (b"\x89PNG\r\n\x1a\n", "magic bytes"),
    ],
)
def test_everything_else_is_unsupported_media(head: bytes, reason: str) -> None:
    with pytest.raises(ApplicationError) as err:
        sniff(head)
    assert err.value.type == "UnsupportedMedia"
    assert err.value.non_retryable
    assert reason in err.value.message
