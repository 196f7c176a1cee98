"""The settings every layer may read: a leaf package that imports no other project module."""
