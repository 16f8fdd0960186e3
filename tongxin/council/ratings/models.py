"""Star ratings (评星定级): schemes, rounds scored by a panel, publicity and awards; each place's history of ratings."""
