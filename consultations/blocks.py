"""The survey block is in the shared library (`cms.blocks.features.SurveyBlock`); this app renders it
(`consultations.plugins`). The name stays importable here for the migrations written before it moved."""

from cms.blocks.features import SurveyBlock

__all__ = ["SurveyBlock"]
