"""Debates: a collectivité's (or AimPact's) debate pages, registration with a waiting list, invitations, reminders,
live polls and the audience's questions (issue 15). Uses `consultations` (the sealing of secret poll ballots) and
`consultations.doleances` (a finished debate's entry in the cahier de doléances)."""
