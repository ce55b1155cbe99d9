"""The shared StreamField block library.

Every page body draws its blocks from `BODY_BLOCKS`, so that all pages offer the same
blocks. StreamField migrations stay small through Wagtail's own block-definition lookup
(the default since Wagtail 6.2): definitions are stored once per migration, not repeated.
"""

from .action import CallToActionBlock
from .chart import ChartBlock, ChartRowBlock
from .features import DebateBlock, FeaturePageBlock, SurveyBlock
from .media import DocumentBlock, ImageBlock, VideoBlock
from .text import HeadingBlock, ParagraphBlock, QuoteBlock

BODY_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("image", ImageBlock()),
    ("quote", QuoteBlock()),
    ("video", VideoBlock()),
    ("call_to_action", CallToActionBlock()),
    ("document", DocumentBlock()),
    ("chart", ChartBlock()),
    ("survey", SurveyBlock()),
    ("debate", DebateBlock()),
]


def body_blocks(extra=()):
    """The shared blocks, plus any blocks a page type adds."""
    return [*BODY_BLOCKS, *extra]


__all__ = [
    "BODY_BLOCKS",
    "CallToActionBlock",
    "ChartBlock",
    "ChartRowBlock",
    "DebateBlock",
    "DocumentBlock",
    "FeaturePageBlock",
    "HeadingBlock",
    "ImageBlock",
    "ParagraphBlock",
    "QuoteBlock",
    "SurveyBlock",
    "VideoBlock",
    "body_blocks",
]
