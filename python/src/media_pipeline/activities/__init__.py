"""Python activities: download_video, analyze_frames, cleanup_media."""
