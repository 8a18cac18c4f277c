"""A small bilingual lexicon: French, German and Spanish question words and domain nouns in English.

The corpus is English, so a FR/DE/ES question's own words rarely match it; cognates help only
when the first letters agree ("recyclage" ~ "recycling"), not for "Kosten" ~ "cost". Each entry
maps a folded word (no case, no accents) to English words whose stems are added to the question's
terms. It holds general vocabulary of the domain (sectors, costs, steps, waste, products), never
phrases of particular documents or answers.
"""

from __future__ import annotations

_ENTRIES = """
# -- what is asked --------------------------------------------------------------------------
etape etapes schritt schritte paso pasos = steps
procedure procedures verfahren procedimiento procedimientos tramite tramites = procedure steps
condition conditions bedingung bedingungen condicion condiciones = conditions requirements
voraussetzung voraussetzungen = conditions requirements
exigence exigences anforderung anforderungen requisito requisitos = requirements
critere criteres kriterium kriterien criterio criterios = criteria
objectif objectifs ziel ziele objetivo objetivos meta metas = target objective goal
avantage avantages vorteil vorteile ventaja ventajas beneficio beneficios = benefits advantages
inconvenient inconvenients nachteil nachteile desventaja desventajas = disadvantages
difference differences unterschied unterschiede diferencia diferencias = difference
exemple exemples beispiel beispiele ejemplo ejemplos = example
raison raisons grund grunde razon razones = reasons
mesure mesures massnahme massnahmen medida medidas = measures actions
action actions aktion aktionen accion acciones = actions
domaine domaines bereich bereiche ambito ambitos area areas = areas
pilier piliers saule saulen pilar pilares = pillars
priorite priorites prioritat prioritaten prioridad prioridades = priorities priority
theme themes thema themen tema temas sujet sujets = topics themes
resultat resultats ergebnis ergebnisse resultado resultados = results
# -- who, where, when -------------------------------------------------------------------------
pays land lander pais paises = countries country
ville stadt ciudad = city
annee annees jahr jahre ano anos = year years
mois monat monate mes meses = months
semaine semaines woche wochen semana semanas = weeks
jour jours tag tage dia dias = days
delai delais frist fristen plazo plazos = deadline period
date datum fecha = date
duree dauer duracion = duration period
gagnant gagnants gewinner ganador ganadores laureat = winner won
prix preis premio premios = award prize price
membre membres mitglied mitglieder miembro miembros = members
assemblee versammlung asamblea = assembly
reunion reuniones sitzung treffen = meeting
# -- money -------------------------------------------------------------------------------------
cout couts kosten coste costes costo costos = cost costs
frais gebuhr gebuhren tarifa tarifas cuota cuotas = fee fees
financement finanzierung financiacion financiamiento = funding finance
subvention subventions zuschuss forderung subvencion subvenciones = grant grants funding
budget haushalt presupuesto = budget
investissement investissements investition investitionen inversion inversiones = investment
economie economies einsparung einsparungen ahorro ahorros = savings
part anteil parte proporcion = share
# -- scope ------------------------------------------------------------------------------------
secteur secteurs sektor sektoren branche branchen sector sectores = sectors industries
industrie industrien industria industrias = sectors industries
exclu exclus exclue exclues ausgeschlossen excluido excluidos excluida excluidas = excluded
champ anwendungsbereich alcance = scope
produit produits produkt produkte producto productos = products product
service services dienstleistung dienstleistungen servicio servicios = services
entreprise entreprises unternehmen empresa empresas = companies
petite petites klein kleine kleinen pequena pequenas = small
grande grandes gross grosse grossen = large
salarie salaries employe employes mitarbeiter beschaftigte = employees staff
empleado empleados trabajador trabajadores = employees staff
chiffre umsatz facturacion = turnover
taille grosse tamano = size
# -- environment and resources ----------------------------------------------------------------
dechet dechets abfall abfalle residuo residuos desecho desechos = waste
recyclage recycler recycling reciclaje reciclar = recycling recycled
reutilisation wiederverwendung reutilizacion = reuse
reparation reparer reparatur reparieren reparacion reparar = repair
eau wasser agua = water
fuite fuites leck lecks leckage fuga fugas = leak leaks
energie energia = energy
electricite strom electricidad = electricity
chaleur warme calor = heat
emission emissions emission emissionen emisiones = emissions
carbone kohlenstoff carbono = carbon
climat klima clima = climate
matiere matieres rohstoff rohstoffe materia materias = materials raw
ressource ressources ressource ressourcen recurso recursos = resources
emballage emballages verpackung verpackungen envase envases embalaje embalajes = packaging
textile textiles textil textilien = textiles
batterie batteries batterien bateria baterias = batteries
construction batiment bau gebaude construccion edificio = construction buildings
alimentation lebensmittel alimento alimentos = food
transport transports verkehr transporte = transport transportation
agriculture landwirtschaft agricultura = agriculture
urbanisme stadtplanung urbanismo = urban planning
sous-produit nebenprodukt subproducto = by-product
# -- schemes and documents --------------------------------------------------------------------
etiquette label kennzeichnung etiqueta = label
reglement verordnung reglamento = regulation
directive richtlinie directiva = directive
loi gesetz ley = law
strategie strategien estrategia = strategy
plan plans aktionsplan = plan
programme programm programa = programme
reseau netzwerk red = network
verification verifizierung prufung verificacion = verification
audit audits auditoria = audit
enregistrement registrierung registro = registration register
certification zertifizierung certificacion = certification certificate
declaration erklarung declaracion = statement declaration
conseil beratung asesoramiento consejo = advice advisory
formation schulung formacion capacitacion = training
cooperation zusammenarbeit cooperacion = cooperation
etude studie estudio = study
rapport bericht informe = report
classement rangliste clasificacion = ranking
indice index indice = index
"""


def _parse(text: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        source, _, target = line.partition("=")
        english = tuple(target.split())
        for word in source.split():
            known = table.get(word, ())
            table[word] = known + tuple(e for e in english if e not in known)
    return table


LEXICON = _parse(_ENTRIES)


# English question words whose answer is usually worded otherwise: a follow-up asking what one must
# "meet" is answered by the conditions, a question about "industries" by the sectors named.
_ENGLISH = """
meet fulfil fulfill satisfy qualify eligible eligibility = conditions requirements criteria
requirement requirements condition conditions criteria = requirements conditions criteria
hoops steps stages procedure process = steps procedure
industries industry sectors sector = sectors industries
cost costs fee fees price charge = cost fees
"""

ENGLISH_ALIASES = _parse(_ENGLISH)


def equivalents(folded_word: str, language: str) -> tuple[str, ...]:
    """English words a question word may be answered with: its translation, or an alias."""
    table = ENGLISH_ALIASES if language == "en" else LEXICON
    return tuple(w for w in table.get(folded_word, ()) if w != folded_word)
