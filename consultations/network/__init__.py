"""The citizen network on the national home: citizens' proposals and their moderation, the wall, and the emails
that tell citizens a consultation of their territory opened (issue 11)."""
