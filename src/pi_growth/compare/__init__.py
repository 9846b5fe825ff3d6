"""Comparing two scenarios: line matching, input changes, the bridge by driver. Pure."""
