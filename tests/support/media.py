"""Test media made with ffmpeg: good clips and hostile files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from media_devtools.samples import Scene, cuts_clip, render
from media_devtools.shots import clips


def build(directory: Path) -> dict[str, Path]:
    """Every file the suites serve, generated once per session."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {"cuts": cuts_clip(directory / "cuts.mp4")}
    # Issue 17's clip: a cut, a dissolve, a cut and a fade through black, with its truth beside it.
    files["issue17"] = clips.build(directory, ("issue17",))["issue17"]
    files["short"] = render(directory / "short.mp4", (Scene("testsrc2", 2),), size="320x180")
    # Remuxed without +faststart, the index (moov) sits at the end: cutting the file loses it,
    # as an interrupted download would.
    plain = directory / "plain.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-v", "error", "-i", str(files["cuts"]), "-c", "copy", str(plain)],
        check=True, timeout=60,
    )  # fmt: skip
    full = plain.read_bytes()
    (directory / "truncated.mp4").write_bytes(full[: len(full) * 2 // 3])
    files["truncated"] = directory / "truncated.mp4"
    (directory / "empty.mp4").write_bytes(b"")
    files["empty"] = directory / "empty.mp4"
    (directory / "notvideo.mp4").write_text("<html><body>not a video</body></html>\n" * 50)
    files["notvideo"] = directory / "notvideo.mp4"
    (directory / "playlist.mp4").write_text(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.2/seg0.ts\n#EXT-X-ENDLIST\n"
    )
    files["playlist"] = directory / "playlist.mp4"
    audio = directory / "audio.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-t", "3", "-i", "sine=frequency=300",
         "-c:a", "aac", str(audio)],
        check=True, timeout=60,
    )  # fmt: skip
    files["audio"] = audio
    return files
