"""A small bilingual lexicon: French, German and Spanish question words and domain nouns in English.

The corpus is English, so a FR/DE/ES question's own words rarely match it; cognates help only
when the first letters agree ("recyclage" ~ "recycling"), not for "Kosten" ~ "cost". Each entry
maps a folded word (no case, no accents) to English words whose stems are added to the question's
terms. It holds general vocabulary of the domain (sectors, costs, steps, waste, products), never
phrases of particular documents or answers. The domain words were chosen from the corpus's most
frequent English content words (water, energy, materials, waste, funding, schemes, support), with
the French, German and Spanish words (plurals, common German compounds) a user would type.
"""

from __future__ import annotations

import functools
import gettext
import re

import pycountry

from assistant.language import fold

_ENTRIES = """
# -- what is asked --------------------------------------------------------------------------
etape etapes schritt schritte paso pasos = steps
etapa etapas etappe etappen stade stades stufe stufen = stages steps
procedure procedures verfahren procedimiento procedimientos tramite tramites = procedure steps
condition conditions bedingung bedingungen condicion condiciones = conditions requirements
voraussetzung voraussetzungen = conditions requirements
exigence exigences anforderung anforderungen requisito requisitos = requirements
critere criteres kriterium kriterien criterio criterios = criteria
prolongation prolonger verlangerung verlangern prorroga prolongacion prorrogar = extension extended
accorde accordee accordees accorder gewahrt gewahren otorga otorgada concede concedida = granted
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
definition definitions definicion definiciones = definition
definir definieren = define definition
liste listes listen lista listas = list
categorie categories kategorie kategorien categoria categorias = category categories
typen tipo tipos arten = type types
option options optionen opcion opciones = options
principe principes prinzip prinzipien grundsatz grundsatze principio principios = principles
methode methodes methoden metodo metodos = methods
solution solutions losung losungen solucion soluciones = solutions
probleme problemes problem problema problemas = problems
defi defis herausforderung herausforderungen desafio desafios reto retos = challenges
obstacle obstacles barriere barrieres hindernis hindernisse barrera barreras = barriers obstacles
opportunite opportunites chance chancen oportunidad oportunidades = opportunities
possibilite possibilites moglichkeit moglichkeiten posibilidad posibilidades = options opportunities
risque risques risiko risiken riesgo riesgos = risk risks
recommandation recommandations empfehlung empfehlungen = recommendations
recomendacion recomendaciones = recommendations
astuce astuces tipp tipps = tips advice
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
janvier januar enero = january
fevrier februar febrero = february
mars marz marzo = march
avril abril = april
juin juni junio = june
juillet juli julio = july
aout agosto = august
septembre septiembre = september
octobre oktober octubre = october
novembre noviembre = november
decembre dezember diciembre = december
annuel annuelle annuels annuelles jahrlich jahrliche jahrlichen anual anuales = annual yearly
europeen europeenne europeens europeennes europaisch europaische europaischen = european europe
europeo europea europeos europeas europe = european europe
asie asien = asia
asiatique asiatiques asiatisch asiatische asiatico asiatica asiaticos = asian asia
afrique afrika = africa
amerique amerika = america
latine lateinamerika = latin america
chine = china
chinois chinoise chinesisch chinesische chino chinos = chinese china
coree = korea
japon = japan
danemark danisch danische dinamarca = denmark danish
allemagne deutschland alemania = germany
pays-bas niederlande = netherlands
norvege norwegen noruega = norway
finlande finnland finlandia = finland
suede schweden suecia = sweden
pologne polen polonia = poland
hongrie ungarn hungria = hungary
suisse schweiz suiza = switzerland
inde indien = india
mongolie mongolei = mongolia
ecosse schottland escocia = scotland
galles = wales
royaume-uni grossbritannien = united kingdom
bruxelles brussel bruselas = brussels
pekin peking = beijing
baltique ostsee baltico baltica = baltic
mer meer = sea
region regions regionen regional regionale regionaux regionales regionalen = region regional
national nationale nationaux nationalen nacional nacionales = national
international internationale internationaux internationalen = international
internacional internacionales = international
local locale locaux lokal lokale lokalen ortlich ortliche = local
municipal municipale municipaux kommunal kommunale municipio municipios = municipal
commune communes gemeinde gemeinden = municipal municipality
mondial mondiale mondiaux weltweit mundial mundiales = global world
personne personnes menschen leute personas = people persons
participant participants teilnehmer participante participantes = participants
delegue delegues delegierte delegierten delegado delegados = delegates
representant representants vertreter representante representantes = representatives
prenantes akteure interessengruppen = stakeholders
conference conferences konferenz konferenzen tagung conferencia conferencias = conference
seminaire seminaires seminar seminare seminario seminarios = seminar
atelier ateliers taller talleres = workshop
sommet gipfel cumbre = summit
evenement evenements veranstaltung veranstaltungen evento eventos = events
# -- money -------------------------------------------------------------------------------------
cout couts kosten coste costes costo costos = cost costs
coute coutent kostet cuesta cuestan = cost costs
frais gebuhr gebuhren tarifa tarifas cuota cuotas = fee fees
financement finanzierung financiacion financiamiento = funding finance
subvention subventions zuschuss forderung subvencion subvenciones = grant grants funding
budget haushalt presupuesto = budget
investissement investissements investition investitionen inversion inversiones = investment
economie economies einsparung einsparungen ahorro ahorros = savings
part anteil parte proporcion = share
million millions millionen millon millones = million
milliard milliards milliarde milliarden = billion
euro euros = eur euro
argent geld dinero = money
montant montants betrag betrage summe importe cantidad = amount
taux tasa tasas = rate
interet interets interes zins zinsen zinssatz = interest
reussite succes exito erfolg = success
forderquote fordersatz = rate funding
cofinancement kofinanzierung cofinanciacion cofinanciamiento = co-financing
financier financiere financiers financieres finanziell finanzielle finanziellen = financial
financiero financiera financieros financieras = financial
forderprogramm forderprogramme forderprogrammen = funding programme
fordermittel foerdermittel = funding grant
zuschusse ayuda ayudas = grant grants support
fordern = promote support funding
pret prets darlehen kredit kredite prestamo prestamos = loan loans
garantie garanties garantien garantia garantias = guarantee guarantees
risikokapital eigenkapital beteiligung = equity capital
investisseur investisseurs investor investoren inversor inversores inversionista = investors
banque banques bank banken banco bancos = bank
plafond plafonds obergrenze hochstbetrag techo = ceiling maximum
maximal maximale maximo maxima = maximum
minimal minimale mindest mindestens minimo minima = minimum
moyenne moyennes = medium medium-sized average
durchschnitt durchschnittlich promedio = average
payer zahlen bezahlen pagar = pay
gratuit gratuite gratuits gratuites kostenlos kostenlose kostenlosen gratuito gratuita = free
gratuitos gratuitas = free
facture factures rechnung rechnungen factura facturas = bills
rentabilite rentabilitat rentabilidad = profitability
rentable rentables rentabel = profitable profitability cost-effective
incitation incitations anreiz anreize incentivo incentivos = incentive incentives
exempte exemptes exonere befreit ausgenommen exento exentos = exempt
capital kapital = capital
chiffres cifras zahlen = figures
estimation estime estimee schatzung geschatzt estimado estimada estimacion = estimated estimate
# -- scope ------------------------------------------------------------------------------------
secteur secteurs sektor sektoren branche branchen sector sectores = sectors industries
industrie industrien industria industrias = sectors industries
exclu exclus exclue exclues ausgeschlossen excluido excluidos excluida excluidas = excluded
champ anwendungsbereich alcance = scope
produit produits produkt produkte producto productos = products product
service services dienstleistung dienstleistungen servicio servicios = services
entreprise entreprises unternehmen empresa empresas = companies
petite petites klein kleine kleinen kleiner kleines pequena pequenas = small
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
fuite fuites fuit fuient leck lecks leckage leckt undicht fuga fugas = leak leaks
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
environnement umwelt ambiente = environment environmental
environnemental environnementale environnementaux environnementales = environmental
ambiental ambientales medioambiental medioambientales = environmental
umweltschutz = environmental protection
umweltauswirkungen umweltbelastung = environmental impacts
protection schutz proteccion = protection
naturschutz = nature protection
durable durables nachhaltig nachhaltige nachhaltigen sostenible sostenibles = sustainable
durabilite nachhaltigkeit sostenibilidad sustentabilidad = sustainability sustainable
vert verte verts vertes grun grune grunen verde verdes = green
naturel naturelle naturels naturelles naturlich naturliche natural naturales = natural
pollution verschmutzung contaminacion = pollution
bruit larm ruido = noise
nocif nocive nocifs schadlich schadliche nocivo nocivos = harmful
dangereux dangereuse gefahrlich gefahrliche peligroso peligrosos = hazardous harmful
biodiversite biodiversitat biodiversidad = biodiversity
sols boden suelo suelos = soil
air luft aire = air
treibhausgas treibhausgase serre invernadero = greenhouse gas
gaz gase = gas
empreinte fussabdruck huella = footprint
attenuation minderung mitigacion = mitigation
klimawandel = climate change
anpassung adaptacion = adaptation
economie economies wirtschaft okonomie economia economias = economy
economique economiques wirtschaftlich wirtschaftliche economico economica = economic
circulaire circulaires circular circulares zirkular = circular
kreislauf kreislaufwirtschaft = circular economy
ressourceneffizienz = resource efficiency
efficacite efficience effizienz eficiencia = efficiency efficient
efficace efficaces effizient effiziente eficiente eficientes = efficient efficiency
okoeffizienz ecoefficacite ecoeficiencia = eco-efficiency
ecoinnovation okoinnovation ecoinnovacion = eco-innovation
consommation verbrauch konsum consumo = consumption
reduire reduction reduzieren reduzierung verringern verringerung senken reducir = reduce reduction
economiser economise sparen spart einsparen ahorrar ahorra ahorran = save savings reduce efficiency
reduccion = reduction
eviter vermeiden evitar = avoid prevention
prevention vermeidung prevencion = prevention
abfallvermeidung = waste prevention
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
commission commissions kommission comision = commission
encargo encargaron encargado encargada = ordered commissioned
commande commandee commandite beauftragt beauftragte = ordered commissioned
politique politiques politik politica politicas = policy policies
gouvernement gouvernements regierung gobierno gobiernos = government
ministere ministerium ministerio = ministry
agence agences agentur agenturen agencia agencias = agency agencies
autorite autorites behorde behorden autoridad autoridades = authorities authority
competent competente competentes zustandig zustandige zustandigen = competent
organisme organismes organismo organismos stelle = body organisation
organisation organisations organisationen organizacion organizaciones = organisation organisations
association associations verband verbande asociacion asociaciones = association
chambre chambres kammer kammern camara camaras handelskammer = chamber chambers
comite ausschuss komitee = committee
secretariat sekretariat secretaria = secretariat
observatoire beobachtungsstelle observatorio = observatory
etat etats staat staaten estado estados = state states
mitgliedstaat mitgliedstaaten = member states
legislation gesetzgebung legislacion = legislation
juridique juridiques rechtlich rechtliche gesetzlich gesetzliche juridico juridica = legal
regle regles regel regeln regla reglas = rules
norme normes norm normen norma normas = standard standards
obligation obligations pflicht pflichten verpflichtung verpflichtungen = obligations
obligacion obligaciones = obligations
obligatoire obligatoires verpflichtend verpflichtende obligatorio obligatoria = mandatory
volontaire volontaires freiwillig freiwillige voluntario voluntaria = voluntary
interdiction interdire verbot verboten prohibicion prohibir = ban
conformite einhaltung konformitat cumplimiento conformidad = compliance
anderung anderungen modification modifications enmienda enmiendas = amendment change
changement changements veranderung cambio cambios wandel = change
annexe anhang anexo = annex
article artikel articulo articulos = article
decision entscheidung beschluss = decision
adopte adoptee verabschiedet angenommen adoptado adoptada aprobado = adopted
revision uberarbeitung uberprufung = review revised
publier publie publiee veroffentlicht veroffentlichung publicar publicado = published
publication publikation publicacion = publication published
ligne directrice directrices leitlinie leitlinien = guidelines
guide guides leitfaden ratgeber guia guias = guide guidance
orientation orientations anleitung orientacion = guidance
cadre rahmen marco = framework
rahmenrichtlinie = framework directive
instrument instruments instrumente instrumento instrumentos = instruments
outil outils werkzeug werkzeuge herramienta herramientas = tools
dispositif dispositifs = scheme
initiative initiativen iniciativa iniciativas = initiative
plateforme plattform plataforma = platform
portail portal portale = portal
webseite internetseite sitio = website
donnees daten datos = data
datenbank datenbanken = database
document documents dokument dokumente documento documentos unterlagen = document documents
langue langues sprache sprachen idioma idiomas lengua = language languages
passeport pasaporte produktpass = passport
ecolabel umweltzeichen umweltsiegel ecoetiqueta ecoetiquetas = ecolabel label
ecoconception okodesign ecodiseno = ecodesign eco-design
conception concevoir gestaltung entwurf diseno disenar = design
certificat certificats zertifikat zertifikate certificado certificados = certificate
certifie certifiee certifies zertifiziert zertifizierte certificada = certified
accredite accreditation akkreditiert akkreditierung acreditado acreditacion = accredited
verificateur verificateurs gutachter umweltgutachter verificador verificadores = verifier
valide validee valider validiert validierung validado validacion = validated validation
controle controler kontrolle kontrollieren control = check control
pruefen prufen comprobar = check
evaluation evaluations bewertung bewertungen beurteilung evaluacion = assessment evaluation
evaluaciones = assessment evaluation
autoevaluation autodiagnostic selbstbewertung autoevaluacion = self-assessment
analyse analysen analisis = analysis
indicateur indicateurs indikator indikatoren kennzahl kennzahlen = indicators
indicador indicadores = indicators
suivi surveillance uberwachung seguimiento = monitoring
inventaire inventar inventario = inventory
checkliste = checklist
qualite qualitat calidad = quality
performance leistung rendimiento desempeno = performance
amelioration ameliorations ameliorer verbesserung verbesserungen verbessern = improvement improve
mejora mejoras mejorar = improvement improve
continu continue kontinuierlich kontinuierliche continuo continua = continuous
systeme systemes sistema sistemas = system
gestion verwaltung = management
umweltmanagement umweltmanagementsystem = environmental management system
responsabilite verantwortung responsabilidad = responsibility
engagement engagements compromiso compromisos = commitment
securite sicherheit seguridad = safety
sante gesundheit salud = health
impact auswirkung auswirkungen wirkung impacto impactos = impact impacts
niveau niveaux ebene ebenen stufe nivel niveles = level
seuil seuils schwellenwert schwelle umbral = threshold
limite limites grenzwert = limit ceiling
phase phasen fase fases = phase
echelle skala escala = scale scaling
# -- companies and markets --------------------------------------------------------------------
moyen moyens mittlere mittleren mediana medianas mediano medianos = medium medium-sized
microentreprise microentreprises kleinstunternehmen microempresa microempresas = micro
pme pmes kmu kmus pyme pymes = sme smes
startup startups neugrundung = start-ups start-up
effectif effectifs personalbestand plantilla = headcount staff
affaires geschaft geschafte negocio negocios = business
geschaftsmodell geschaftsmodelle modelo modelos modele modeles modell modelle = model models
marche marches markt markte mercado mercados = market markets
client clients kunde kunden cliente clientes = customers customer
consommateur consommateurs verbraucher konsument konsumenten consumidor consumidores = consumer
fournisseur fournisseurs lieferant lieferanten proveedor proveedores = supplier suppliers
fabricant fabricants hersteller fabricante fabricantes = manufacturer manufacturers producer
acheteur acheteurs kaufer einkaufer comprador compradores = buyers buyer
achat achats einkauf beschaffung compra compras = purchasing procurement buy
acheter kaufen comprar = buy
vendre vente ventes verkauf verkaufen vender venta ventas = selling sales sell
invendu invendus unverkauft unverkaufte invendido invendidos = unsold
louer loyer miete mieten alquiler arrendamiento = leasing lease
exportation exportations exporte exportacion exportaciones = exports export
commerce handel comercio = trade commerce
concurrence wettbewerb competencia = competition competitiveness
competitivite wettbewerbsfahigkeit competitividad = competitiveness
croissance wachstum crecimiento = growth
proprietaire proprietaires eigentumer propietario propietarios = owner
propriete eigentum propiedad = ownership property
emploi emplois arbeitsplatz arbeitsplatze empleo empleos = jobs employment
prive privee prives privees privat private privado privada privados = private
public publique publics publiques offentlich offentliche offentlichen = public
publico publica publicos publicas = public
chaine chaines kette ketten cadena cadenas = chain chains
lieferkette lieferketten approvisionnement suministro abastecimiento = supply chain
wertschopfungskette wertschopfungsketten = value chain
valeur valeurs wert werte valor valores = value
# -- water ------------------------------------------------------------------------------------
robinet robinets wasserhahn wasserhahne hahn grifo grifos = tap taps
goutte gouttes goutter tropfen tropft tropfender gotear goteo = drip dripping
toilette toilettes inodoro inodoros = toilet toilets
chasse spulung toilettenspulung cisterna = toilet flush
colorant colorants farbstoff lebensmittelfarbe colorante = dye colouring
douche douches dusche duschen ducha duchas = shower
potable trinkwasser = drinking water
pluie regenwasser lluvia pluvial = rainwater
abwasser usees residuales = wastewater
effluent effluents efluente efluentes = effluents wastewater
irrigation arrosage bewasserung riego = irrigation
rincage rincer enjuague enjuagar = rinse
lavage laver waschen lavado lavar = washing cleaning
nettoyage nettoyer reinigung reinigen limpieza limpiar = cleaning
vanne vannes ventil ventile valvula valvulas = valves
raccord raccords armatur armaturen = fittings
pression druck presion = pressure
compteur compteurs zahler medidor medidores contador contadores = meter metering
wasserverbrauch = water consumption
# -- energy and equipment ---------------------------------------------------------------------
energieverbrauch stromverbrauch = energy consumption
energieeffizienz = energy efficiency
energieaudit energieaudits = energy audit
renouvelable renouvelables erneuerbar erneuerbare erneuerbaren = renewable
renovable renovables = renewable
solaire photovoltaique photovoltaik fotovoltaica = solar photovoltaic
combustible combustibles brennstoff brennstoffe kraftstoff carburant carburants = fuels fuel
biomasse biomasa = biomass
vapeur dampf vapor = steam
chauffage heizung calefaccion = heating heat
chaudiere chaudieres heizkessel kessel caldera calderas = boiler
isolation dammung aislamiento = insulation
refroidissement kuhlung refrigeracion enfriamiento = cooling
climatisation klimaanlage climatizacion acondicionado = cooling air
eclairage beleuchtung iluminacion alumbrado = lighting
lampe lampes lampen lampara lamparas ampoule ampoules gluhbirne bombilla = lamps lighting
moteur moteurs motoren motores = motors
pompe pompes pumpe pumpen bomba bombas = pumps
compresseur compresseurs kompressor kompressoren compresor compresores = compressor
ventilateur ventilateurs ventilator ventilatoren ventilador ventiladores = fans
druckluft comprime comprimee komprimiert comprimido = compressed
puissance potencia = power
equipement equipements ausrustung gerat gerate equipo equipos = equipment
machine machines maschine maschinen maquina maquinas = machines
installation installations anlage anlagen instalacion instalaciones = installations
usine usines fabrik fabriken fabrica fabricas = factory plant
planta plantas werk werke betrieb betriebe = plant operations
site sites standort standorte sitio = site
vehicule vehicules fahrzeug fahrzeuge vehiculo vehiculos = vehicles
logistique logistik logistica = logistics
perte pertes verlust verluste perdida perdidas = losses loss
# -- materials, waste and circularity ---------------------------------------------------------
sekundarrohstoffe secondaire secondaires sekundar secundario secundaria = secondary
substance substances stoff stoffe sustancia sustancias = substances
chimique chimiques chemisch chemische chemikalien quimico quimica quimicos = chemicals
additif additifs zusatzstoff zusatzstoffe aditivo aditivos = additives
plastique plastiques kunststoff kunststoffe plastik plastico plasticos = plastics plastic
metal metaux metall metalle metales = metal metals
acier stahl acero = steel
fer eisen hierro = iron
aluminium aluminio = aluminium
papier papel = paper
gypse gips yeso = gypsum
platre gipskarton = plasterboard gypsum
ferraille schrott chatarra = scrap
residu residus reststoff reststoffe ruckstand ruckstande residuo residuos = residue residues
flux flujo flujos stoffstrom stoffstrome = flow flows streams
decharge deponie vertedero = landfill
incineration verbrennung incineracion = incineration
elimination beseitigung entsorgung eliminacion = disposal
valorisation verwertung ruckgewinnung recuperacion valorizacion = recovery recovered
recuperer recuperar = recovery recovered
abfallhierarchie hierarchie jerarquia = hierarchy waste
abfallrahmenrichtlinie = waste framework directive
tri trier trennen getrennt mulltrennung separer separar = separate collection
collecte collecter sammeln sammlung recoger recogida = collect collection
compostage kompostierung compostaje kompost = composting compost
consigne pfand deposito = deposit
reprise rucknahme devolucion = take-back return
remanufacturing refabrication reconditionnement wiederaufbereitung = remanufacturing refurbishment
aufarbeitung aufbereitung reacondicionamiento remanufactura = remanufacturing refurbishment
remplacer remplacement ersetzen ersatz reemplazar sustituir sustitucion = replace substitution
ersatzteil ersatzteile repuesto repuestos detachees = spare parts
demontage desmontaje = disassembly
destruction detruire vernichtung zerstorung destruccion destruir = destruction destroying
reutiliser wiederverwenden reutilizar = reuse
recyclable recyclables recycelbar recyclingfahig reciclable reciclables = recyclability
reparable reparables reparierbar reparabilite reparierbarkeit reparabilidad = repairability
durabilite haltbarkeit langlebigkeit durabilidad langlebig = durability durable
lebensdauer = lifetime durability
vie leben vida = life
lebenszyklus lebenszyklen ciclo ciclos cycle cycles zyklus = cycle life-cycle
okobilanz = life-cycle assessment lca
sous-produits nebenprodukte subproductos = by-product
symbiose simbiosis industriesymbiose = symbiosis
industriel industrielle industriels industrielles industriell industriellen = industrial
industrial industriales = industrial
synergie synergies synergien sinergia sinergias = synergies
echange echanges echanger austausch austauschen tauschen intercambio intercambiar = exchange
# -- products and sectors ---------------------------------------------------------------------
electronique electroniques elektronik elektronisch electronica electronicos = electronics
telephone telephones telefon telefono telefonos smartphone = phones smartphone
chargeur chargeurs ladegerat ladegerate cargador cargadores = chargers
tablette tablettes tableta tabletas = tablets
appareil appareils haushaltsgerate electromenager electrodomesticos = appliances
menage menages haushalte hogar hogares = household households
haushalt = household
meuble meubles mobilier mobel mueble muebles = furniture
vetement vetements kleidung bekleidung ropa prenda prendas = clothing apparel
vaquero vaqueros = jeans denim
chaussure chaussures schuh schuhe calzado = footwear
tannerie gerberei curtiduria = tannery
pneu pneus reifen neumatico neumaticos = tyres
matelas matratze matratzen colchon colchones = mattresses
peinture peintures farbe farben pintura pinturas = paints
detergent detergents waschmittel detergente detergentes = detergents
fonderie giesserei fundicion = foundry
raffinerie refineria = refinery
ferme fermes bauernhof granja granjas = farm
tourisme tourismus turismo = tourism
# -- support, networks and knowledge ----------------------------------------------------------
soutien appui unterstutzung apoyo = support
aide aides hilfe = help support
assistance hilfestellung asistencia = assistance
accompagnement acompanamiento = coaching support
conseiller conseillers berater beraterin asesor asesores = advisors advisor consultant
expert experts experte experten experto expertos = experts
formateur formateurs ausbilder formador formadores = trainers
facilitateur moderator facilitador = facilitator
intermediaire intermediaires vermittler intermediario intermediarios = intermediaries
partenaire partenaires partnerin socio socios = partners partner
partenariat partenariats partnerschaft partnerschaften alianza = partnership
groupe groupes gruppe gruppen grupo grupos = group
arbeitsgruppe arbeitsgruppen = working group
centre centres zentrum zentren centro centros = centre center
connaissance connaissances wissen kenntnisse conocimiento conocimientos = knowledge
competences kompetenzen fahigkeiten competencias habilidades = skills
apprentissage lernen aprendizaje = learning
sensibilisation bewusstsein sensibilizacion concienciacion = awareness
campagne kampagne campana = campaign
recherche forschung investigacion = research
universite universites universitat universitaten hochschule universidad = universities
technologie technologies technologien tecnologia tecnologias = technology
technique techniques technisch technische tecnico tecnica tecnicos = technical
numerique numeriques digitale digitalen digitales = digital
digitalisation digitalisierung digitalizacion numerisation = digitalisation
innovation innovationen innovacion innovaciones = innovation
developpement entwicklung desarrollo = development
transition ubergang transicion = transition
source sources quellen fuente fuentes = source
contact contacter kontakt kontaktieren contactar contacto = contact
consultation konsultation consulta = consultation
dialogue dialog dialogo = dialogue
# -- applying and projects --------------------------------------------------------------------
projet projets projekt projekte projekten proyecto proyectos = project projects
pilote pilotprojekt piloto = pilot
demonstration demonstrationen demostracion = demonstration
appel appels aufruf aufrufe convocatoria convocatorias = call calls
ausschreibung ausschreibungen licitacion licitaciones = call tender tenders
candidature candidatures candidater postuler antrag antrage beantragen = application apply
bewerbung bewerben solicitar solicitud solicitudes postular candidatura = application apply
antragsverfahren = application procedure
antragsfrist einreichungsfrist = application deadline
candidat candidats antragsteller solicitante solicitantes = applicant applicants
eligible eligibles forderfahig foerderfahig berechtigt elegible elegibles = eligible eligibility
beneficiaire beneficiaires begunstigte beneficiario beneficiarios = beneficiary
proposition propositions vorschlag vorschlage propuesta propuestas = proposal proposals
soumettre deposer einreichen presentar = submit submitted
consortium konsortium consorcio = consortium
entretien entrevista = interview
entretien maintenance wartung instandhaltung mantenimiento = maintenance
lance lancee lancer lancement gestartet lanzado lanzamiento = launched launch
fonde fondee gegrundet fundado fundada = founded
adherer adhesion beitreten mitgliedschaft = join membership
activite activites tatigkeit tatigkeiten aktivitat aktivitaten actividad actividades = activities
capacite kapazitat capacidad = capacity
umsetzung durchfuhrung implementacion = implementation
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

#: The lexicon's sections that name what a question is about (a resource, a material, a sector),
#: not what it asks of it (a cost, a step, a deadline).
_SUBJECT_SECTIONS = (
    "environment and resources",
    "water",
    "energy and equipment",
    "materials, waste and circularity",
    "products and sectors",
)


# words of those sections that any question may use without changing the subject
_GENERIC = frozenset(
    """adaptation assessment audit avoid change collect consumption cycle destroying destruction
    directive eco-innovation economic efficiency efficient environment environmental equipment
    factory flow flows footprint framework green harmful impacts installations life loss losses
    machines mitigation natural operations parts planning plant power protection recovered reduce
    reduction replace resource resources return save savings separate site spare streams
    sustainability sustainable""".split()  # noqa: SIM905
)


def _subjects(text: str) -> frozenset[str]:
    words: set[str] = set()
    section = ""
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            section = line.strip("#- \n").strip()
        elif section in _SUBJECT_SECTIONS and "=" in line:
            words.update(line.partition("=")[2].split())
    return frozenset(words - _GENERIC)


#: English subject words: "How does industrial symbiosis work?" brings a subject of its own,
#: "Which countries can take part?" does not (``assistant.conversation``).
SUBJECTS = _subjects(_ENTRIES)


# English question words whose answer is usually worded otherwise: a follow-up asking what one must
# "meet" is answered by the conditions, a question about "industries" by the sectors named.
_ENGLISH = """
meet fulfil fulfill satisfy qualify eligible eligibility = conditions requirements criteria
requirement requirements condition conditions criteria = requirements conditions criteria
require requires = obligations obligation
hoops steps stages procedure process = steps procedure
industries industry sectors sector = sectors industries
cost costs fee fees price charge = cost fees
save saves saved saving savings = savings efficiency reduce
apply applies applying applied = apply application
machine machines machinery = equipment machinery
stop stops stopped stopping = cease ceases end
partner partners = participants entities beneficiaries
yearly annually = annual
cap caps capped ceiling = maximum exceed limit
pay pays paid paying = co-financing co-finances funding finances covers
recondition reconditions reconditioned reconditioning = remanufacture refurbished
allowed allow allows = permitted exceptions exempt
situation situations circumstances = cases exceptions
method methods = methodology methodologies
led = lead leader
lead leads leading = leader leaders
bid bids = proposals applications
report reports reporting = disclose disclosure publish
cut cuts cutting = reduce lower
local locally nearby = regional region
"""

ENGLISH_ALIASES = _parse(_ENGLISH)


def equivalents(folded_word: str, language: str) -> tuple[str, ...]:
    """English words a question word may be answered with: its translation, or an alias."""
    table = ENGLISH_ALIASES if language == "en" else LEXICON
    return tuple(w for w in table.get(folded_word, ()) if w != folded_word)


#: French, German and Spanish acronyms of institutions -> the English acronym the corpus uses.
#: Only for telling whether a question's acronym is in the passages ("BEI" is there as "EIB"); not
#: added to query terms, where "SME" (in nearly every passage) would only dilute the rest.
ACRONYMS: dict[str, tuple[str, ...]] = {
    "pme": ("SME",),
    "pyme": ("SME",),
    "kmu": ("SME",),
    "ue": ("EU",),
    "bei": ("EIB",),
    "onudi": ("UNIDO",),
    "pnue": ("UNEP",),
    "pnuma": ("UNEP",),
    "ocde": ("OECD",),
    "feder": ("ERDF",),
    "efre": ("ERDF",),
    "bce": ("ECB",),
    "ezb": ("ECB",),
}


#: Names that stand for another ("Brussels expects ..." means the European Commission): a question
#: naming one is about what the passages say under the other name. Only for the name check.
# The adjectives of countries whose stem is not the country's ("Danish": Denmark); those ending
# in -an or -ese ("Peruvian", "Chinese") are found by their first letters.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "british": ("britain", "united kingdom", "uk"),
    "danish": ("denmark",),
    "dutch": ("netherlands", "holland"),
    "finnish": ("finland",),
    "french": ("france",),
    "irish": ("ireland",),
    "polish": ("poland",),
    "scottish": ("scotland",),
    "spanish": ("spain",),
    "swedish": ("sweden",),
    "swiss": ("switzerland",),
    "turkish": ("turkey", "türkiye"),
    "welsh": ("wales",),
}
NAME_ALIASES: dict[str, tuple[str, ...]] = {
    "brussels": ("commission", "european union", "eu"),
    **DEMONYMS,
}


@functools.cache
def _country_names(language: str) -> dict[str, str]:
    """Folded FR/DE/ES country names ("pologne", "paises bajos") -> the English short name."""
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        english = english.split(",")[0]
        for name in {translation.gettext(country.name), english}:
            names.setdefault(fold(name.split(",")[0]), english)
    return names


def named_countries(text: str, language: str) -> list[str]:
    """The English names of the countries a FR/DE/ES text names with a capital ("Pologne":
    Poland), from the ISO 3166 translations pycountry ships: the name check of an English
    question ("no passage mentions Poland") then applies to the same question asked in French."""
    table = _country_names(language)
    found: list[str] = []
    for match in re.finditer(r"[A-ZÀ-Ý][\w-]*(?:[ -][A-ZÀ-Ý][\w-]*)?", text):
        words = match.group(0)
        # the whole run ("Pays-Bas", "Países Bajos"), its first word, a German dative plural
        for candidate in (words, words.split()[0], words.split()[0].removesuffix("n")):
            english = table.get(fold(candidate))
            if english:
                found.append(english)
                break
    return list(dict.fromkeys(found))
