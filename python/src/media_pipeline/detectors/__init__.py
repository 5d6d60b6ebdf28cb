"""Content detectors on models that ship inside their packages: faces (OpenCV Haar cascade),
on-screen text (RapidOCR, PP-OCRv4) and speech (silero-vad, ONNX). Loaded once per process."""
