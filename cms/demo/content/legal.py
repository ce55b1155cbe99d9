"""The legal pages of the demo: the platform's four defaults (AimPact as editor of the national network), and
Villebrune-sur-Loire's own mentions légales and contact (its DPO), which replace the platform's in its space.

Names, SIREN numbers, addresses and the host are fictitious, like the rest of the demo: a real deployment replaces them
in the admin. What the privacy policy says of the vote, the rights and the cookies is what the code does.
"""

from .common import DaysAgo, MonthStart, PageSpec, T


def rich(*parts):
    """Rich text in both languages: (french html, english html) pairs, one element each."""
    return T("".join(fr for fr, _en in parts), "".join(en for _fr, en in parts))


def h2(fr, en):
    return (f"<h2>{fr}</h2>", f"<h2>{en}</h2>")


def p(fr, en):
    return (f"<p>{fr}</p>", f"<p>{en}</p>")


def ul(*items):
    return (
        "<ul>" + "".join(f"<li>{fr}</li>" for fr, _en in items) + "</ul>",
        "<ul>" + "".join(f"<li>{en}</li>" for _fr, en in items) + "</ul>",
    )


PLATFORM_NOTICE = PageSpec(
    "LegalNoticePage",
    translate=True,
    fields={
        "title": T("Mentions légales", "Legal notice"),
        "slug": T("mentions-legales", "legal-notice"),
        "updated_on": DaysAgo(30),
        "publisher": T(
            "AimPact, réseau national de la participation citoyenne (société par actions simplifiée)\n"
            "8, quai de la Fosse, 44000 Nantes\nSIREN 912 345 678 – RCS Nantes\n"
            "Téléphone : 02 52 10 20 30 – contact@aimpact.example",
            "AimPact, national network for citizen participation (simplified joint-stock company)\n"
            "8, quai de la Fosse, 44000 Nantes, France\nSIREN 912 345 678 – Nantes trade register\n"
            "Telephone: +33 2 52 10 20 30 – contact@aimpact.example",
        ),
        "publication_director": T("Claire Martin, présidente d'AimPact", "Claire Martin, chair of AimPact"),
        "host": T(
            "Nuage Public SAS, 3, rue des Serveurs, 59000 Lille – téléphone : 03 20 00 00 00. Les données sont "
            "hébergées en France.",
            "Nuage Public SAS, 3, rue des Serveurs, 59000 Lille, France – telephone: +33 3 20 00 00 00. The data is "
            "hosted in France.",
        ),
        "body": rich(
            h2("Contenus publiés par les collectivités", "Content published by local authorities"),
            p(
                "Chaque collectivité publie dans son espace ses actualités, son budget, ses projets et ses "
                "consultations, sous sa propre responsabilité éditoriale ; ses mentions légales figurent en bas de "
                "chacune de ses pages.",
                "Each local authority publishes its news, budget, projects and consultations in its own space, under "
                "its own editorial responsibility; its legal notice is linked at the bottom of each of its pages.",
            ),
            h2("Propriété intellectuelle", "Intellectual property"),
            p(
                "Le logiciel AimPact est un logiciel libre. Les textes, images et logos publiés sur la plateforme "
                "appartiennent à leurs auteurs ; ils ne peuvent être reproduits sans leur accord, sauf mention "
                "contraire. Les données publiées par l'API ouverte sont réutilisables dans les conditions de la "
                "licence ouverte Etalab 2.0.",
                "The AimPact software is free software. Texts, images and logos published on the platform belong to "
                "their authors; they may not be reproduced without their permission unless stated otherwise. The data "
                "published by the open API may be reused under the terms of the Etalab 2.0 open licence.",
            ),
            h2("Données personnelles", "Personal data"),
            p(
                "Ce que nous faisons de vos données et comment exercer vos droits : voir la politique de "
                "confidentialité, en bas de chaque page.",
                "What we do with your data and how to exercise your rights: see the privacy policy, linked at the "
                "bottom of every page.",
            ),
        ),
    },
)

PLATFORM_PRIVACY = PageSpec(
    "PrivacyPolicyPage",
    translate=True,
    fields={
        "title": T("Politique de confidentialité", "Privacy policy"),
        "slug": T("confidentialite", "privacy"),
        "updated_on": DaysAgo(30),
        "body": rich(
            h2("Les données que nous traitons, et pourquoi", "The data we process, and why"),
            ul(
                (
                    "<b>Votre compte</b> (adresse e-mail, nom d'utilisateur, mot de passe chiffré) : vous identifier "
                    "et vous permettre de participer. Base légale : l'exécution des conditions d'utilisation que vous "
                    "acceptez en créant votre compte (article 6.1.b du RGPD).",
                    "<b>Your account</b> (email address, username, encrypted password): to identify you and let you "
                    "take part. Legal basis: performance of the terms of use you accept when you create your account "
                    "(article 6(1)(b) GDPR).",
                ),
                (
                    "<b>Votre commune de résidence</b> (facultative) : vérifier que vous pouvez voter aux "
                    "consultations réservées aux habitants. Même base légale.",
                    "<b>Your town of residence</b> (optional): to check that you may vote in consultations reserved "
                    "to residents. Same legal basis.",
                ),
                (
                    "<b>Votre tranche d'âge et votre genre</b> (facultatifs) : présenter les résultats des "
                    "consultations par groupe. Base légale : votre consentement (article 6.1.a), que vous pouvez "
                    "retirer à tout moment depuis votre profil.",
                    "<b>Your age bracket and gender</b> (optional): to present consultation results by group. Legal "
                    "basis: your consent (article 6(1)(a)), which you can withdraw at any time from your profile.",
                ),
                (
                    "<b>Vos participations aux consultations</b> : garantir que chaque personne ne vote qu'une fois "
                    "et compter les votes. Base légale : la mission d'intérêt public de la collectivité qui consulte "
                    "(article 6.1.e).",
                    "<b>Your participation in consultations</b>: to make sure each person votes only once and to "
                    "count the votes. Legal basis: the public-interest task of the consulting authority (article "
                    "6(1)(e)).",
                ),
                (
                    "<b>Votre progression dans l'Académie et vos réponses aux quiz</b> : reprendre votre parcours là "
                    "où vous l'avez laissé. Base légale : l'exécution des conditions d'utilisation.",
                    "<b>Your progress in the Académie and your quiz answers</b>: to resume your learning path where "
                    "you left it. Legal basis: performance of the terms of use.",
                ),
            ),
            h2("Combien de temps nous les gardons", "How long we keep it"),
            ul(
                (
                    "Compte, commune et progression : jusqu'à ce que vous supprimiez votre compte.",
                    "Account, town and progress: until you delete your account.",
                ),
                (
                    "Tranche d'âge et genre : jusqu'au retrait de votre consentement ou à la suppression de votre "
                    "compte.",
                    "Age bracket and gender: until you withdraw your consent or delete your account.",
                ),
                (
                    "Participations et bulletins : aussi longtemps que les résultats de la consultation sont "
                    "publiés, pour pouvoir les recompter. Après la suppression de votre compte, la participation "
                    "ne garde qu'une empreinte chiffrée de votre adresse e-mail, qui empêche seulement de voter "
                    "deux fois.",
                    "Participations and ballots: as long as the consultation's results are published, so that they "
                    "can be recounted. Once your account is deleted, the participation keeps only an encrypted "
                    "fingerprint of your email address, which only prevents voting twice.",
                ),
                (
                    "Compteurs anti-abus (tentatives de connexion, envois d'e-mails) : quelques heures au plus.",
                    "Anti-abuse counters (login attempts, emails sent): a few hours at most.",
                ),
            ),
            h2("Qui y a accès", "Who has access to it"),
            p(
                "La collectivité qui organise une consultation voit ses résultats, jamais qui a voté quoi (sauf pour "
                "un vote à main levée, annoncé comme tel). AimPact héberge et maintient la plateforme pour le compte "
                "des collectivités ; un prestataire d'envoi d'e-mails transmet les messages. Vos données ne sont ni "
                "vendues ni transférées hors de l'Union européenne.",
                "The authority that runs a consultation sees its results, never who voted for what (except in an "
                "open vote, announced as such). AimPact hosts and maintains the platform on behalf of the local "
                "authorities; an email service provider delivers the messages. Your data is neither sold nor "
                "transferred outside the European Union.",
            ),
            h2("Vos droits", "Your rights"),
            p(
                "Vous avez le droit d'accéder à vos données, de les rectifier, de les effacer, d'en limiter le "
                "traitement, de vous y opposer, de les recevoir dans un format réutilisable (portabilité) et de "
                "retirer votre consentement. Exercez-les depuis votre profil ou en écrivant au délégué à la "
                "protection des données ci-dessus : nous répondons sous un mois.",
                "You have the right to access your data, to correct it, to erase it, to restrict its processing, to "
                "object to it, to receive it in a reusable format (portability) and to withdraw your consent. Use "
                "them from your profile or by writing to the data protection officer above: we answer within one "
                "month.",
            ),
            p(
                "Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la "
                "CNIL (www.cnil.fr, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07).",
                "If you believe your rights are not respected, you can lodge a complaint with the CNIL, the French "
                "data protection authority (www.cnil.fr, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07).",
            ),
            h2("Cookies", "Cookies"),
            p(
                "La plateforme n'utilise que les cookies nécessaires à son fonctionnement : votre session de "
                "connexion, la protection des formulaires et votre choix de langue. Aucun cookie publicitaire ni de "
                "mesure d'audience : aucun consentement ne vous est donc demandé.",
                "The platform uses only the cookies it needs to work: your login session, form protection and your "
                "language choice. No advertising or audience-measurement cookie: so no consent is asked of you.",
            ),
        ),
    },
)

PLATFORM_ACCESSIBILITY = PageSpec(
    "AccessibilityStatementPage",
    translate=True,
    fields={
        "title": T("Déclaration d'accessibilité", "Accessibility statement"),
        "slug": T("accessibilite", "accessibility"),
        "updated_on": DaysAgo(30),
        "compliance": "partielle",
        "compliance_rate": 81,
        "audit_date": MonthStart(-2),
        "auditor": T("l'équipe AimPact (audit interne)", "the AimPact team (internal audit)"),
        "non_compliant_content": rich(
            ul(
                (
                    "Les graphiques du budget ont une alternative en tableau, mais certains libellés de leurs axes ne "
                    "sont pas restitués aux lecteurs d'écran (critère 1.3).",
                    "Budget charts have a table alternative, but some of their axis labels are not read out by screen "
                    "readers (criterion 1.3).",
                ),
                (
                    "Des documents PDF publiés par les collectivités ne sont pas tous accessibles (critère 13.3) ; "
                    "demandez-en une version accessible à la collectivité.",
                    "Some PDF documents published by local authorities are not accessible (criterion 13.3); ask the "
                    "authority for an accessible version.",
                ),
                (
                    "Des vidéos intégrées depuis d'autres sites n'ont pas de sous-titres (critère 4.3) : ces contenus "
                    "tiers ne sont pas soumis à l'obligation d'accessibilité.",
                    "Some videos embedded from other sites have no subtitles (criterion 4.3): such third-party "
                    "content is not subject to the accessibility obligation.",
                ),
            )
        ),
        "body": rich(
            h2("Établissement de cette déclaration", "How this statement was made"),
            p(
                "AimPact s'engage à rendre la plateforme accessible conformément à l'article 47 de la loi n° "
                "2005-102 du 11 février 2005. Cette déclaration s'applique aux pages de la plateforme et aux espaces "
                "des collectivités qui n'ont pas publié la leur.",
                "AimPact is committed to making the platform accessible in accordance with article 47 of French law "
                "no. 2005-102 of 11 February 2005. This statement covers the platform's pages and the spaces of "
                "local authorities that have not published their own.",
            ),
            p(
                "Technologies utilisées : HTML5, CSS, JavaScript (WAI-ARIA). Vérifications : axe-core sur chaque "
                "parcours, NVDA avec Firefox, VoiceOver avec Safari sur iOS, navigation au clavier seul. Pages "
                "auditées : accueil, espace d'une collectivité, actualité, budget, projet, consultation, "
                "connexion, inscription, profil et pages légales.",
                "Technologies used: HTML5, CSS, JavaScript (WAI-ARIA). Checks: axe-core on every journey, NVDA with "
                "Firefox, VoiceOver with Safari on iOS, keyboard-only navigation. Pages audited: home, a local "
                "authority's space, news, budget, project, consultation, login, sign-up, profile and the legal "
                "pages.",
            ),
        ),
    },
)

PLATFORM_CONTACT = PageSpec(
    "ContactPage",
    translate=True,
    fields={
        "title": T("Contact", "Contact"),
        "slug": T("contact", "contact"),
        "updated_on": DaysAgo(30),
        "organisation": T("AimPact", "AimPact"),
        "address": T("8, quai de la Fosse\n44000 Nantes", "8, quai de la Fosse\n44000 Nantes, France"),
        "email": "contact@aimpact.example",
        "phone": "02 52 10 20 30",
        "dpo_name": T("Délégué à la protection des données d'AimPact", "AimPact's data protection officer"),
        "dpo_email": "dpo@aimpact.example",
        "dpo_address": T(
            "AimPact – Délégué à la protection des données\n8, quai de la Fosse\n44000 Nantes",
            "AimPact – Data protection officer\n8, quai de la Fosse\n44000 Nantes, France",
        ),
        "body": rich(
            p(
                "Une question sur la plateforme, un problème pour voter ou pour accéder à un contenu ? Écrivez-nous : "
                "nous répondons sous deux jours ouvrés. Pour une question sur une consultation ou un projet, "
                "contactez plutôt la collectivité concernée, depuis la page contact de son espace.",
                "A question about the platform, a problem voting or accessing content? Write to us: we answer within "
                "two working days. For a question about a consultation or a project, contact the local authority "
                "concerned instead, from the contact page of its space.",
            ),
        ),
    },
)

VILLEBRUNE_NOTICE = PageSpec(
    "LegalNoticePage",
    translate=True,
    fields={
        "title": T("Mentions légales", "Legal notice"),
        "slug": T("mentions-legales", "legal-notice"),
        "updated_on": DaysAgo(12),
        "publisher": T(
            "Commune de Villebrune-sur-Loire\nHôtel de ville, 1, place de l'Hôtel-de-Ville, 44990 "
            "Villebrune-sur-Loire\nSIREN 214 499 900\nTéléphone : 02 61 91 44 90 – mairie@villebrune.example",
            "Town of Villebrune-sur-Loire\nTown hall, 1, place de l'Hôtel-de-Ville, 44990 Villebrune-sur-Loire, "
            "France\nSIREN 214 499 900\nTelephone: +33 2 61 91 44 90 – mairie@villebrune.example",
        ),
        "publication_director": T(
            "Hélène Marchand, maire de Villebrune-sur-Loire", "Hélène Marchand, mayor of Villebrune-sur-Loire"
        ),
        "host": T(
            "AimPact, 8, quai de la Fosse, 44000 Nantes – 02 52 10 20 30, sur les serveurs de Nuage Public SAS "
            "(Lille). Les données sont hébergées en France.",
            "AimPact, 8, quai de la Fosse, 44000 Nantes, France – +33 2 52 10 20 30, on the servers of Nuage Public "
            "SAS (Lille). The data is hosted in France.",
        ),
        "body": rich(
            h2("Crédits", "Credits"),
            p(
                "Photographies : service communication de la ville de Villebrune-sur-Loire. Les textes et images de "
                "cet espace ne peuvent être reproduits sans l'accord de la commune.",
                "Photographs: communication department of the town of Villebrune-sur-Loire. The texts and images of "
                "this space may not be reproduced without the town's permission.",
            ),
        ),
    },
)

VILLEBRUNE_CONTACT = PageSpec(
    "ContactPage",
    translate=True,
    fields={
        "title": T("Contacter la mairie", "Contact the town hall"),
        "slug": T("contact", "contact"),
        "updated_on": DaysAgo(12),
        "organisation": T("Commune de Villebrune-sur-Loire", "Town of Villebrune-sur-Loire"),
        "address": T(
            "Hôtel de ville\n1, place de l'Hôtel-de-Ville\n44990 Villebrune-sur-Loire",
            "Town hall\n1, place de l'Hôtel-de-Ville\n44990 Villebrune-sur-Loire, France",
        ),
        "email": "mairie@villebrune.example",
        "phone": "02 61 91 44 90",
        "dpo_name": T(
            "Délégué à la protection des données mutualisé du syndicat Loire Numérique",
            "Shared data protection officer of the Loire Numérique syndicate",
        ),
        "dpo_email": "dpo@loire-numerique.example",
        "dpo_address": T(
            "Syndicat Loire Numérique – DPO\n12, rue des Vignes\n44190 Clisson",
            "Loire Numérique syndicate – DPO\n12, rue des Vignes\n44190 Clisson, France",
        ),
        "body": rich(
            p(
                "La mairie est ouverte du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30, le samedi de "
                "9 h à 12 h (état civil uniquement).",
                "The town hall is open Monday to Friday from 8.30 am to 12 noon and from 1.30 pm to 5.30 pm, and on "
                "Saturday from 9 am to 12 noon (civil registry only).",
            ),
        ),
    },
)

PLATFORM_LEGAL_PAGES = (PLATFORM_NOTICE, PLATFORM_PRIVACY, PLATFORM_ACCESSIBILITY, PLATFORM_CONTACT)
# Space slug -> its own legal pages (the others are the platform's).
SPACE_LEGAL_PAGES = {"villebrune-sur-loire": (VILLEBRUNE_NOTICE, VILLEBRUNE_CONTACT)}
