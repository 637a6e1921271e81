"""Benchmarks: dva-tutor against a newcomer RAG pipeline, ingest and answer timings."""
