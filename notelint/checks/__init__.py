"""The built-in rules, one module per family (FM, HD, DT, CH, SP) plus the engine's own."""
