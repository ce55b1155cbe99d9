"""Citizen groups: citizens gathered around a subject on a territory, their members and moderators, posts and
replies, the consultations they propose (through the citizen network's proposal flow) and their formal messages to
their collectivité, answered by its editors (issue 15). Uses `consultations.network` and `consultations.comments`
(the posting rules and limits)."""
