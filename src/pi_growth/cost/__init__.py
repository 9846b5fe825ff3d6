"""Costing: the engine, the ready reckoner and scenario expectations. Pure."""
