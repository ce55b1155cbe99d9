"""The newsletters in the Wagtail admin (registration only: views in `admin_views.py` and `admin_reports.py`)."""

# -- issues: preview, test send ---------------------------------------------------------------------------------------

# -- reports: statistics per issue, subscribers ------------------------------------------------------------------------
