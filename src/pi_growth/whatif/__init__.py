"""What-if analysis (SPEC §9): sampled ranges (`simulate`), switching values (`solve`) and
tornados (`sensitivity`), each figure the exact §4 value of its run. Pure: no I/O."""
