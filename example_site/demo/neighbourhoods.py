"""The neighbourhoods of Saint-Exemple-sur-Loire, which surveys, consultations and budgets share."""

from wagtail_participation.models import Neighbourhood

NEIGHBOURHOODS = [
    "Centre-bourg",
    "Quartier de la Gare",
    "Bords de Loire",
    "Les Vignes",
    "Le Moulin",
    "Hameau de la Croix-Blanche",
]


def load(context):
    neighbourhoods = []
    for order, name in enumerate(NEIGHBOURHOODS):
        neighbourhood, _ = Neighbourhood.objects.get_or_create(
            name=name, defaults={"sort_order": order}
        )
        neighbourhoods.append(neighbourhood)
    context.log(f"{len(neighbourhoods)} quartiers.")
    return {"neighbourhoods": neighbourhoods}
