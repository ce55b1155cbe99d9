"""The cahier de doléances: the public archive of closed consultations (and, later, debates), their analyses and
highlighted comments, and the carrying of a well-supported one to the public body that can act (issue 11)."""
