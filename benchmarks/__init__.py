"""Benchmarks of Practice Exchange search: quality, latency and build (``make bench``)."""
