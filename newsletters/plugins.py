"""What the newsletters show in the pages of `cms` and hook into (registered when the app is ready).

Three parts, one per concern, each in its own function:
- subscribing: the subscription form on a space's home, on the national network and on the account page; what a
  person's subscriptions are, for the account page's download and deletion;
- issues: the digest sources `cms` itself cannot register (none: each app registers its own), the demo;
- sending: publishing an issue starts its sending, the beat sweep that resumes an interrupted one, the provider's
  tracking webhooks.
"""

from cms.registry import Demo, registry

from .demo import ensure_demo_newsletters


def register():
    register_subscribing()
    register_issues()
    register_sending()


# -- subscribing -----------------------------------------------------------------------------------------------------
def register_subscribing():
    pass


# -- issues ----------------------------------------------------------------------------------------------------------
def register_issues():
    registry.register_demo(
        Demo(
            "newsletters",
            ensure_demo_newsletters,
            describe="Newsletters: {count} pages (a newsletter per space and the network's, a sent issue, a draft).",
            after=("consultations", "network", "academie", "barometre", "doleances"),
        )
    )


# -- sending ---------------------------------------------------------------------------------------------------------
def register_sending():
    pass
