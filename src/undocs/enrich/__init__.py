"""Stage 3: what records say about each other: document families (more to come: provenance,
States, votes, agenda authorities; issue 11)."""
