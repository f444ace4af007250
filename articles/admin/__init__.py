"""The admin, one module per job: article.py (the article admin and its change form's buttons),
forms.py (its forms and field lists), filters.py, history.py (revisions and restore), actions.py
(bulk actions and the pages they ask on), paper.py (sections, reporters, site settings),
staff.py (the 직원 screen: accounts, roles, invites), corrections.py (정정·반론보도). Importing
them registers them."""

from . import article, corrections, paper, staff  # noqa: F401
