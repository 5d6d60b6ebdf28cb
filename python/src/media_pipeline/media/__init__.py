"""The media store and media sniffing."""
