"""A generated archive of French contributions and a few hundred pages, as `cms.registry.SearchItem`s, for
benchmarks/search.py. Not a benchmark itself.

Deterministic for a seed, and fast (one `random.Random`, sentences from templates; about 30 µs an item): a million
items are generated as they are indexed, in batches, never all held in memory.

What it looks like: free-text answers (70 %) and comments (30 %) of a few hundred consultations, each consultation
with a theme, a commune (a few hundred INSEE codes, big towns weighing more) and dates over five years.
Contributions come in date order, as an archive grows and as a rebuild reads it (by id), each to a consultation open
at its date (within two months of its opening), whose theme, territory and title (`context_title`) it takes, with
a text of 20 to 800 characters (log-normal, median ~220): sentences of its theme, sometimes one of another, an
opening or closing phrase, no typos but accents, capitals, plurals and elisions (« l'école », « d'écoles »,
« Écoles »). Word frequencies are skewed as in real answers: « école » (any form, title and context included) is in
about 8 % of the contributions, « cantine » 4 %, « ralentisseur » 0.6 %, « défibrillateur » 0.3 %, « trottinettes »
0.06 %. The vocabulary is small (~630 stems; a real archive has far more rare words): the posting lists of common
words, what a search pays for, are realistic; the index's size is somewhat smaller. Pages (`page_count()`, 0.05 %
of the size, at least 300 once the size allows it): the consultations themselves (`consultations.consultationpage`),
projects and news, longer, 85 % in French and 15 % in English.
"""

import datetime
import math
import random
from bisect import bisect_right

END = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)
START = END - datetime.timedelta(days=5 * 365)

THEME_WEIGHTS = {  # share of the contributions
    "mobilite": 20,
    "environnement": 12,
    "education": 12,
    "solidarite": 12,
    "logement": 9,
    "securite": 10,
    "democratie": 8,
    "economie": 7,
    "culture": 5,
    "sport": 5,
}

SLOTS = {
    "lieu": [
        "la rue Victor-Hugo",
        "la place de la Mairie",
        "le centre-bourg",
        "le quartier des Ormeaux",
        "l'avenue de la Gare",
        "le rond-point du Moulin",
        "la route de Nantes",
        "le boulevard Jean-Jaurès",
        "la zone artisanale",
        "le lotissement des Tilleuls",
        "la rue de l'Église",
        "le quai de la Loire",
        "le hameau de la Bretèche",
        "la résidence du Parc",
        "le chemin des Vignes",
    ],
    "ecole": [
        "l'école Jules-Ferry",
        "l'école maternelle",
        "le groupe scolaire",
        "le collège",
        "le lycée",
        "la crèche",
        "la maternelle",
        "le centre de loisirs",
        "la halte-garderie",
        "le restaurant scolaire",
        "l'accueil périscolaire",
    ],
    "heure": ["7 h 30", "8 h", "8 h 30", "12 h", "16 h 30", "17 h", "18 h", "19 h"],
    "nombre": ["deux", "trois", "quatre", "cinq", "dix", "quinze", "vingt", "trente"],
    "duree": ["depuis des années", "depuis six mois", "depuis la rentrée", "depuis le printemps", "depuis 2022"],
    "vehicule": ["les voitures", "les camions", "les scooters", "les bus", "les tracteurs", "les poids lourds"],
    "public": ["les enfants", "les personnes âgées", "les familles", "les jeunes", "les habitants", "les riverains"],
    "adjectif": ["dangereux", "insuffisant", "trop cher", "mal entretenu", "bruyant", "inadapté", "indispensable"],
    "equipement": [
        "des bancs",
        "des toilettes publiques",
        "des poubelles",
        "un abri",
        "des arceaux à vélos",
        "un éclairage",
        "des jeux pour enfants",
        "une fontaine",
    ],
}

SENTENCES = {
    "mobilite": [
        "Il faudrait une piste cyclable sécurisée sur {lieu}.",
        "Les pistes cyclables s'arrêtent brutalement avant {lieu}, c'est {adjectif}.",
        "Je vais au travail à vélo {duree} et {vehicule} roulent beaucoup trop vite.",
        "Le bus de {heure} est toujours en retard, impossible d'arriver à l'heure.",
        "Les horaires des transports en commun ne correspondent pas aux besoins des salariés.",
        "Merci de prévoir des arceaux pour garer les vélos près de la gare.",
        "Le stationnement sur {lieu} est anarchique, les trottoirs sont encombrés.",
        "Les parents se garent en double file devant {ecole} à {heure}.",
        ("Un ralentisseur devant {ecole} éviterait un accident.", 0.2),
        "Il manque un passage piéton sur {lieu}, {public} traversent au milieu des voitures.",
        "La fréquence des trains vers la métropole est insuffisante le week-end.",
        "Le covoiturage devrait être encouragé avec une aire près du rond-point.",
        "Pourquoi ne pas créer une navette électrique entre les hameaux et le bourg ?",
        "Les travaux de voirie durent {duree}, la circulation est infernale.",
        "Réduire la vitesse à 30 km/h dans tout le centre-bourg serait une bonne chose.",
        "Les cyclistes et les piétons partagent un trottoir trop étroit, c'est {adjectif}.",
        "Le parking de la gare est saturé dès {heure}.",
        "Le prix du ticket de bus a encore augmenté, c'est trop cher pour les familles.",
    ],
    "environnement": [
        "Le parc municipal manque d'ombre, il faudrait planter des arbres.",
        "Les espaces verts sur {lieu} sont {adjectif}.",
        "Pourquoi ne pas installer {equipement} dans le parc ?",
        "Le bruit des voitures la nuit sur {lieu} empêche de dormir.",
        "Les nuisances sonores du bar sur {lieu} sont insupportables {duree}.",
        "Il faudrait plus de poubelles de tri et un ramassage plus fréquent.",
        ("Un composteur collectif dans chaque quartier réduirait les déchets.", 0.15),
        "Les dépôts sauvages se multiplient sur {lieu}.",
        "La rivière est polluée, on ne peut plus s'y baigner.",
        "Préservons les haies et les zones humides au lieu de bétonner.",
        "Les jardins partagés sont une réussite, il en faudrait d'autres.",
        "L'éclairage public pourrait être éteint après minuit pour économiser l'énergie.",
        "Les pesticides sur les trottoirs, c'est fini, et c'est très bien.",
        "Le parc est fermé trop tôt en été, les familles aimeraient en profiter le soir.",
    ],
    "education": [
        "La cantine qui dessert {ecole} sert des repas de mauvaise qualité.",
        "Les enfants qui fréquentent {ecole} mangent dans une salle trop bruyante.",
        "Il faudrait des produits bio et locaux à la cantine scolaire.",
        ("Les écoles de la commune manquent d'enseignants remplaçants.", 1),
        "{ecole} a besoin d'une rénovation thermique, les classes sont glaciales l'hiver.",
        "Dans {ecole}, les effectifs par classe sont trop élevés.",
        "La garderie du matin ouvre trop tard, à {heure} ce n'est pas possible pour les parents qui travaillent.",
        "Le périscolaire est {adjectif} et le tarif a doublé.",
        "Merci aux animateurs du périscolaire pour leur dévouement.",
        ("Écoles, crèches, collège : tout est saturé dans notre quartier.", 0.5),
        "On manque de places en crèche {duree}.",
        "Pour {ecole}, une cour végétalisée serait bienvenue : il y fait 40 degrés en juin.",
        "Le repas végétarien à la cantine une fois par semaine, c'est un bon début.",
        "Les devoirs faits à l'étude du soir, c'est une aide précieuse pour les familles.",
        "Le collège est trop loin, les élèves passent une heure dans le car scolaire.",
        "Il n'y a pas assez d'ATSEM dans les classes maternelles.",
        ("Une école de plus dans le nouveau lotissement serait nécessaire.", 0.5),
        "Le transport scolaire ne passe pas par {lieu}.",
        ("Les trottinettes électriques des lycéens encombrent le parvis.", 0.05),
    ],
    "solidarite": [
        "Les personnes âgées isolées ont besoin de visites régulières.",
        "Il manque des médecins généralistes, il faut attendre trois mois pour un rendez-vous.",
        "Le centre de santé est une bonne idée mais il faut recruter.",
        "L'EHPAD manque de personnel, les résidents attendent des heures.",
        ("Un défibrillateur devrait être installé à la salle des sports.", 0.12),
        "Le portage des repas à domicile fonctionne très bien, merci.",
        "Les aidants familiaux sont épuisés et mal accompagnés.",
        "L'épicerie solidaire a besoin de bénévoles et d'un local plus grand.",
        "Les associations d'aide aux familles font un travail formidable.",
        "Le CCAS devrait être ouvert le samedi matin.",
        "La pharmacie de garde est à trente kilomètres le dimanche.",
        "Les urgences de l'hôpital sont saturées, il faut un accueil de soins non programmés.",
        "Il faudrait des logements adaptés pour {public} près des commerces.",
    ],
    "logement": [
        "Les loyers ont beaucoup augmenté {duree}, les jeunes ne peuvent plus se loger.",
        "Il faut construire des logements sociaux mais pas n'importe où.",
        "Les logements vacants du centre-bourg devraient être rénovés.",
        "Le nouveau lotissement a été construit sans commerces ni transports.",
        "L'aide à la rénovation énergétique est trop compliquée à obtenir.",
        "Le plan local d'urbanisme ne doit pas sacrifier les terres agricoles.",
        "Les immeubles sur {lieu} sont mal isolés et les charges explosent.",
        "Trop de résidences secondaires et de locations touristiques, plus rien pour les habitants.",
        "Le permis de construire de mon voisin a été accordé en deux semaines, le mien en six mois.",
        "Les logements étudiants manquent cruellement.",
    ],
    "securite": [
        "Les cambriolages se multiplient dans le quartier {duree}.",
        "Il faudrait plus de patrouilles de la police municipale le soir.",
        "Sur {lieu}, l'éclairage est en panne, on ne se sent pas en sécurité.",
        "Les rodéos de scooters sur {lieu} sont dangereux et bruyants.",
        "La vidéoprotection ne remplace pas une présence humaine.",
        "Les incivilités devant la supérette sont quotidiennes.",
        "Un agent devant {ecole} aux heures d'entrée serait rassurant.",
        "Le bruit des fêtes nocturnes au parc empêche {public} de dormir.",
        "À {heure}, la sortie des classes devant {ecole} est dangereuse, {vehicule} frôlent les enfants.",
    ],
    "democratie": [
        "Merci pour cette consultation, j'espère que nos avis seront pris en compte.",
        "Les horaires de la mairie ne sont pas adaptés aux personnes qui travaillent.",
        "Les démarches en ligne sont trop compliquées pour les personnes âgées.",
        "Il faudrait des réunions publiques dans chaque quartier.",
        "Les associations manquent de salles pour se réunir.",
        "Le budget participatif est une très bonne initiative.",
        "Le conseil municipal devrait être retransmis en vidéo.",
        "La maison France services est très utile, il faut la garder.",
        "Les subventions aux associations sportives et culturelles baissent chaque année.",
        "Le bulletin municipal arrive toujours trop tard.",
    ],
    "economie": [
        "La taxe foncière a augmenté de dix pour cent, c'est trop.",
        "Les impôts locaux sont trop élevés pour les services rendus.",
        "Les commerces du centre-bourg ferment les uns après les autres.",
        "Le marché du samedi devrait accueillir plus de producteurs locaux.",
        "Il faudrait une boulangerie dans le quartier des Ormeaux.",
        "La fibre n'arrive toujours pas sur {lieu}, impossible de télétravailler.",
        "Les zones d'activité vident le centre de ses commerces.",
        "Les emplois saisonniers devraient être mieux payés et mieux logés.",
        "La taxe d'enlèvement des ordures ménagères est injuste pour les personnes seules.",
    ],
    "culture": [
        "La médiathèque devrait ouvrir le dimanche.",
        "Le cinéma associatif est une chance pour la commune, soutenons-le.",
        "Il manque une salle de spectacle digne de ce nom.",
        "L'église du bourg se dégrade, le patrimoine doit être entretenu.",
        "Le festival d'été fait vivre la commune, merci aux bénévoles.",
        ("L'école de musique est trop chère pour les familles modestes.", 1),
        "Les fresques murales sur {lieu} ont embelli le quartier.",
    ],
    "sport": [
        "Le terrain de football est {adjectif}.",
        "La piscine intercommunale ferme trop souvent pour travaux.",
        "Il faudrait un skatepark pour les jeunes.",
        "Les clubs sportifs manquent de créneaux au gymnase.",
        "Un parcours de santé autour de l'étang serait apprécié.",
        "La salle des sports n'a pas de vestiaires accessibles aux personnes handicapées.",
        "Les courts de tennis sont à l'abandon.",
    ],
}
SUBJECTS = [
    "La commune",
    "La mairie",
    "Le département",
    "L'intercommunalité",
    "La métropole",
    "La région",
    "Les élus",
    "Le maire",
    "Le conseil municipal",
    "Les services techniques",
    "Notre village",
    "Chaque quartier",
    "L'État",
    "Le syndicat mixte",
]
VERBS = [
    "devrait améliorer",
    "doit financer",
    "pourrait développer",
    "néglige",
    "a oublié",
    "devrait rénover",
    "doit soutenir",
    "pourrait mutualiser",
    "a abandonné",
    "devrait repenser",
    "doit entretenir",
    "pourrait aménager",
    "devrait agrandir",
    "ne s'occupe pas de",
    "doit moderniser",
    "pourrait déplacer",
    "doit sécuriser",
    "devrait végétaliser",
    "devrait mieux signaler",
    "pourrait réhabiliter",
]
OBJECTS = [
    "les trottoirs",
    "la voirie",
    "les chemins de randonnée",
    "l'accueil des nouveaux habitants",
    "les halles",
    "le lavoir",
    "la salle polyvalente",
    "les toitures des bâtiments publics",
    "les panneaux solaires",
    "la chaufferie au bois",
    "les bornes de recharge",
    "les abribus",
    "le cimetière",
    "les sanitaires",
    "la déchetterie",
    "le jardin public",
    "les aires de jeux",
    "les berges du canal",
    "le réseau d'assainissement",
    "les fossés",
    "l'ancienne gendarmerie",
    "le presbytère",
    "la friche industrielle",
    "les commerces de proximité",
    "le foyer des jeunes",
    "la maison de retraite",
    "la résidence autonomie",
    "les logements communaux",
    "le camping municipal",
    "l'office de tourisme",
    "la bibliothèque",
    "la ludothèque",
    "le centre social",
    "la halle de tennis",
    "le boulodrome",
    "le terrain multisport",
    "les vestiaires du stade",
    "le marché couvert",
    "la place du marché",
    "les ruelles du vieux bourg",
    "le pont de la Sèvre",
    "la passerelle",
    "les haies bocagères",
    "les mares",
    "les vergers",
    "le bois communal",
    "l'étang",
    "les sentiers",
    "la signalétique",
    "les horodateurs",
    "les parkings relais",
    "le quai de bus",
    "les ronds-points",
    "les carrefours",
    "l'éclairage des passages piétons",
    "les radars pédagogiques",
    "la fibre optique",
    "les antennes relais",
    "le site internet",
    "les permanences des élus",
]
COMPLEMENTS = [
    "avant l'hiver",
    "dès l'an prochain",
    "sans augmenter les impôts",
    "avec les associations",
    "en concertation avec les habitants",
    "pour les générations futures",
    "au lieu de dépenser pour rien",
    "comme dans la commune voisine",
    "en priorité",
    "rapidement",
    "depuis trop longtemps",
    "malgré les promesses",
    "avec l'argent du budget participatif",
    "en respectant le patrimoine",
    "sans bétonner",
    "avant les prochaines élections",
]
SHORT = [
    "Plus de pistes cyclables !",
    "D'accord avec le projet.",
    "Pas d'accord du tout.",
    "Une école de plus, vite !",
    "Trop de bruit la nuit.",
    "Merci pour la consultation.",
    "Baissez les impôts.",
    "Des arbres, pas du béton.",
    "Et les transports ?",
    "Très bonne idée.",
    "La cantine est trop chère.",
    "Plus de médecins svp.",
    "Sécurisez la sortie des écoles.",
    "Il faut un parc pour les enfants.",
]
OPENERS = ["Bonjour,", "Bonjour.", "À mon avis,", "Franchement,", "Habitante du quartier,", "Habitant depuis 20 ans,"]
CLOSERS = [
    "Merci.",
    "Cordialement.",
    "Merci de nous avoir consultés.",
    "Il est temps d'agir !",
    "J'espère être entendu.",
    "Bon courage aux élus.",
]
CONSULTATION_TITLES = {
    "mobilite": ["Plan vélo de {commune}", "Réseau de bus de {commune}", "Stationnement au centre de {commune}"],
    "environnement": ["Le parc municipal de {commune}", "Propreté et déchets à {commune}", "Bruit à {commune}"],
    "education": [
        "La restauration scolaire à {commune}",
        "Rythmes scolaires à {commune}",
        "Le projet éducatif de {commune}",
    ],
    "solidarite": ["Santé et accès aux soins à {commune}", "Bien vieillir à {commune}", "Solidarités à {commune}"],
    "logement": ["Le PLU de {commune}", "Se loger à {commune}", "Rénovation du centre de {commune}"],
    "securite": ["Tranquillité publique à {commune}", "Sécurité routière à {commune}"],
    "democratie": ["Budget participatif de {commune}", "Services publics à {commune}", "Vie associative à {commune}"],
    "economie": ["Commerces de {commune}", "Budget et impôts de {commune}", "Le marché de {commune}"],
    "culture": ["La médiathèque de {commune}", "Patrimoine de {commune}", "Culture à {commune}"],
    "sport": ["Équipements sportifs de {commune}", "La piscine de {commune}"],
}
QUESTIONS = [
    "Votre avis",
    "Une remarque ?",
    "Que faudrait-il changer ?",
    "Vos propositions",
    "Qu'attendez-vous de ce projet ?",
]
ENGLISH = [
    "The town council presents its plan for schools, canteens and cycling paths.",
    "Residents were consulted about public transport, housing and local taxes.",
    "The new park opens next spring with playgrounds, benches and a community garden.",
    "This project improves road safety around schools and reduces noise at night.",
    "Health care access and support for elderly people remain a priority.",
    "Local associations receive grants for sport, culture and solidarity.",
]
PAGE_KINDS = ["consultations.consultationpage", "cms.projectpage", "cms.newspage"]
COMMUNE_ROOTS = [
    "Aubin",
    "Herblain",
    "Sébastien",
    "Nazaire",
    "Brevin",
    "Clisson",
    "Vertou",
    "Carquefou",
    "Orvault",
    "Rezé",
    "Bouguenais",
    "Couëron",
    "Guérande",
    "Pornic",
    "Ancenis",
    "Machecoul",
    "Blain",
    "Savenay",
    "Vallet",
    "Montbert",
]
COMMUNE_SHAPES = ["Saint-{r}", "{r}", "La Chapelle-{r}", "Le Pont-{r}", "{r}-sur-Loire", "Sainte-{r}", "Les {r}s"]


def communes(count=300):
    """[(INSEE code, name)] in the Loire-Atlantique and its neighbours, the first ones the biggest."""
    departements = ["44", "49", "85", "35", "56"]
    found = []
    for n in range(count):
        root = COMMUNE_ROOTS[n % len(COMMUNE_ROOTS)]
        shape = COMMUNE_SHAPES[(n // len(COMMUNE_ROOTS)) % len(COMMUNE_SHAPES)]
        departement = departements[n % len(departements)]
        found.append((f"{departement}{100 + n:03d}", shape.format(r=root)))
    return found


class _Slots(dict):
    """`str.format_map` fills each {slot} with a word drawn for it."""

    def __init__(self, rng):
        super().__init__()
        self.choice = rng.choice

    def __missing__(self, key):
        return self.choice(SLOTS[key])


def page_count(size):
    return min(2000, max(min(300, size // 10), size // 2000))


class Corpus:
    """The items of an archive of `size` items for `seed`: `batches()` yields lists of SearchItem, pages first."""

    def __init__(self, size, seed=2026):
        self.size, self.seed = size, seed
        rng = random.Random(seed)  # noqa: S311 - benchmark data
        self.communes = communes()
        weights = [1 / (rank + 1) for rank in range(len(self.communes))]  # Zipf: big towns first
        themes, theme_weights = list(THEME_WEIGHTS), list(THEME_WEIGHTS.values())
        self.consultations = []  # (page id, theme, (code, name), title, opened_at)
        for number in range(400):
            theme = rng.choices(themes, theme_weights)[0]
            commune = rng.choices(self.communes, weights)[0]
            title = rng.choice(CONSULTATION_TITLES[theme]).format(commune=commune[1])
            opened = START + datetime.timedelta(seconds=rng.randrange(int((END - START).total_seconds()) - 5_184_000))
            self.consultations.append((1000 + number, theme, commune, title, opened))
        self.popularity = {c[0]: 1 / math.sqrt(n + 1) for n, c in enumerate(self.consultations)}  # a few gather more
        # Contributions come in date order, as an archive grows and as a rebuild reads it (by id): each is given to
        # one of the consultations open at its date (the two months after their opening).
        self.by_opening = sorted(self.consultations, key=lambda consultation: consultation[4])
        self.openings = [consultation[4] for consultation in self.by_opening]
        by_theme = {}
        for consultation in self.consultations:
            by_theme.setdefault(consultation[1], []).append(consultation)
        self.by_theme = by_theme
        self.themes, self.theme_cum = themes, _cumulative(theme_weights)
        self.sentences = {}  # theme: ([template], cumulative weights); a template's weight is 1 unless given
        for name, templates in SENTENCES.items():
            pairs = [template if isinstance(template, tuple) else (template, 1) for template in templates]
            self.sentences[name] = ([t for t, _ in pairs], _cumulative([w for _, w in pairs]))

    @property
    def pages(self):
        return page_count(self.size)

    def batches(self, batch_size=5000, start=0, count=None, seed=None):
        """Items `start` … `start + count` (the whole archive by default), in lists of `batch_size`. With another
        `seed`, the same keys with other texts (updates)."""
        from cms.registry import SearchItem

        count = self.size - start if count is None else count
        rng = random.Random(f"{self.seed}:{start}:{seed}")  # noqa: S311 - benchmark data
        slots = _Slots(rng)
        batch = []
        pages = self.pages
        for number in range(start, start + count):
            if number < pages:
                batch.append(self._page(number, rng, slots, SearchItem))
            else:
                batch.append(self._contribution(number, rng, slots, SearchItem))
            if len(batch) == batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _text(self, theme, target, rng, slots):
        if target < 45:
            return rng.choice(SHORT)
        parts = []
        if rng.random() < 0.25:
            parts.append(rng.choice(OPENERS))
        length = 0
        random_, choice = rng.random, rng.choice
        while length < target:
            draw = random_()
            if draw < 0.3:
                sentence = f"{choice(SUBJECTS)} {choice(VERBS)} {choice(OBJECTS)} {choice(COMPLEMENTS)}."
            else:
                templates, cumulative = self.sentences[theme if draw < 0.9 else choice(self.themes)]
                sentence = templates[_pick(cumulative, random_() * cumulative[-1])].format_map(slots)
                sentence = sentence[0].upper() + sentence[1:]
            parts.append(sentence)
            length += len(sentence) + 1
        if rng.random() < 0.2:
            parts.append(rng.choice(CLOSERS))
        text = " ".join(parts)
        if len(text) > 800:
            text = text[: text.rfind(" ", 0, 799)] + "…"
        return text

    def _contribution(self, number, rng, slots, SearchItem):  # noqa: N803 - the class, passed to avoid lookups
        share = (number - self.pages) / max(1, self.size - self.pages)
        date = START + (END - START) * share + datetime.timedelta(seconds=rng.randrange(3600))
        low = bisect_right(self.openings, date - datetime.timedelta(days=60))
        high = max(bisect_right(self.openings, date), low + 1)
        candidates = self.by_opening[min(low, len(self.by_opening) - 1) : high]
        page_id, theme, (code, name), title, opened = rng.choices(
            candidates, [self.popularity[candidate[0]] for candidate in candidates]
        )[0]
        date = max(date, opened)
        target = min(800, max(20, int(rng.lognormvariate(5.15, 0.75))))
        body = self._text(theme, target, rng, slots)
        if number % 10 < 7:  # by number: an update (another seed) keeps the key
            kind, key, shown = "free_text", f"free_text:{number}", f"Réponse à « {rng.choice(QUESTIONS)} »"
        else:
            kind, key, shown = "comment", f"comment:{number}", "Commentaire"
        return SearchItem(
            key=key,
            kind=kind,
            title=shown,
            url=f"/consultations/{page_id}/contributions/{number}/",
            body=body,
            language="",
            date=date,
            territory_code=code,
            territory_name=name,
            theme=theme,
            space_id=page_id // 10,
            context_title=title,
            page_id=page_id,
        )

    def _page(self, number, rng, slots, SearchItem):  # noqa: N803
        if number < len(self.consultations) and number < self.pages // 2:
            page_id, theme, (code, name), title, date = self.consultations[number]
            kind = "consultations.consultationpage"
        else:
            page_id = 5000 + number
            theme = rng.choice(self.themes)
            code, name = rng.choice(self.communes)
            kind = rng.choice(PAGE_KINDS[1:])
            title = rng.choice(CONSULTATION_TITLES[theme]).format(commune=name)
            if kind == "cms.projectpage":
                title = f"Projet : {title[0].lower()}{title[1:]}"
            date = START + datetime.timedelta(seconds=rng.randrange(int((END - START).total_seconds())))
        english = rng.random() < 0.15
        if english:
            body = " ".join(rng.choice(ENGLISH) for _ in range(rng.randrange(4, 20)))
            title = f"{title} (English)"
        else:
            body = self._text(theme, 799, rng, slots) + " " + self._text(theme, rng.randrange(200, 2000), rng, slots)
        return SearchItem(
            key=f"page:{page_id}",
            kind=kind,
            title=title,
            url=f"/{'en' if english else 'fr'}/pages/{page_id}/",
            body=body,
            language="en" if english else "fr",
            date=date,
            territory_code=code,
            territory_name=name,
            theme=theme,
            space_id=page_id // 10,
            context_title="",
            page_id=page_id,
        )


def _cumulative(weights):
    total, found = 0.0, []
    for weight in weights:
        total += weight
        found.append(total)
    return found


def _pick(cumulative, value):
    return min(len(cumulative) - 1, bisect_right(cumulative, value))
