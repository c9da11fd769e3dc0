"""The record-linkage engine: pure Python and Splink, no Django.

The web app (``linkage.services``), the ``triangulate link`` command and the benchmarks
all run the same :func:`~triangulate.linkage.engine.pipeline.link`.
"""
