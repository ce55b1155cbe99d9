"""Old path of `cms.api.authentication`, kept for `benchmarks/voting_api.py`: import from `cms.api.authentication`."""

from .api.authentication import VerifiedTokenAuthentication

__all__ = ["VerifiedTokenAuthentication"]
