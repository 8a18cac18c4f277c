"""Evaluation harness, gold datasets and benchmarks."""
