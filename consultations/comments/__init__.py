"""Citizens' comments on consultations and on any page that allows them (the citizen network, issue 11)."""
