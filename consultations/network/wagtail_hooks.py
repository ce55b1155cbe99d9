"""Wagtail admin registrations of the network: the refusal's log entry (approvals and requests for changes are
Wagtail's own workflow entries)."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks


@hooks.register("register_log_actions")
def register_network_log_actions(actions):
    actions.register_action(
        "network.proposal.reject", _("Proposition citoyenne refusée"), _("Proposition citoyenne refusée")
    )
