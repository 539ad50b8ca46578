"""Registries that the domain apps fill and the report apps read (the Bilancio Sociale's sections,
the councils' dashboard blocks, the approving decision), and the typed block shape they share.

They live in the shared layer so that an app registering a block imports nothing above itself,
and the Bilancio imports no domain app: `lint-imports` checks both (README, "Architecture").
"""
