"""linfen-etl: Linfen 开发区“三个一批” news → validated star-schema warehouse."""

__version__ = "0.1.0"
