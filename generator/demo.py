"""Synthetic demo cases: valid, varied and deterministic, for tests and benchmarks.

``generate(count, seed)`` yields ``(relative_path, file_text)`` pairs and
``write(count, out, seed)`` writes them below a folder (``python -m generator
demo``). Everything is made up: municipalities are composed from German
syllables ("Eichen" + "felde"), all addresses use the reserved ``.example``
top-level domain, and the ``ags`` numbers are invented (but fit the state).

Determinism: the same ``(count, seed)`` always gives byte-identical output, and
case ``i`` depends only on the seed, ``i`` and the cases before it, so
``generate(100)`` is a prefix of ``generate(1000)``. Each case draws from its own
``random.Random(f"{seed}-{i}")``, each municipality from its own generator, so
an organisation looks the same in every case that names it. Nothing depends on
today's date, the hash seed or the machine.

Variety: about count/4 organisations of every type (a few abroad), each case
with one to three topics; every topic has its own nouns (with their plural and
dative forms), projects, goals, metrics, audiences and offices, which fill a
pool of sentence templates, so the ~600-word German body (English for about 3 %)
reads differently from case to case. All slugs come from ``vocabularies``; only
the relative weights for drawing them live here (a new slug gets weight 1).
"""

from __future__ import annotations

import json
import math
import os
import random
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Sequence

from . import vocabularies

__all__ = ["generate", "write"]

# --- dates (fixed, so that the output never depends on the day it is made) ------------------------

_FIRST_YEAR = 2012
_LAST_DAY = date(2026, 10, 31)       # latest start or end of a project
_REVIEW_FROM = date(2025, 12, 1)
_REVIEW_TO = date(2026, 11, 1)

# --- German grammar helpers ----------------------------------------------------------------------

_NOM = {"m": "der", "f": "die", "n": "das"}
_AKK = {"m": "den", "f": "die", "n": "das"}
_DAT = {"m": "dem", "f": "der", "n": "dem"}

# A noun: (gender, singular, plural, dative plural, typical yearly count or 0 if not countable).
# A project: (gender, name, slug word for the id, claim as a verb phrase, goal as a zu-infinitive).

_TOPICS: dict[str, dict[str, Any]] = {
    "strategy": dict(
        nouns=[("f", "Digitalstrategie", "Digitalstrategien", "Digitalstrategien", 0),
               ("n", "Digitalisierungsvorhaben", "Digitalisierungsvorhaben", "Digitalisierungsvorhaben", 120),
               ("m", "Arbeitsablauf", "Arbeitsabläufe", "Arbeitsabläufen", 400),
               ("f", "Kennzahl", "Kennzahlen", "Kennzahlen", 0),
               ("n", "Leitbild", "Leitbilder", "Leitbildern", 0),
               ("f", "Fachanwendung", "Fachanwendungen", "Fachanwendungen", 150),
               ("m", "Projektantrag", "Projektanträge", "Projektanträgen", 200)],
        projects=[
            ("f", "Digitalstrategie", "digitalstrategie", "gibt sich eine Digitalstrategie",
             "der Digitalisierung eine klare Richtung zu geben"),
            ("n", "Digitalisierungsbüro", "digitalbuero", "bündelt die Digitalisierung in einem eigenen Büro",
             "Digitalisierungsvorhaben zu bündeln und zu priorisieren"),
            ("n", "Innovationslabor", "innovationslabor", "erprobt neue Ideen im Innovationslabor",
             "neue Ideen schnell und risikoarm zu erproben"),
            ("n", "Projektportfolio-Management", "portfolio", "steuert Digitalisierungsvorhaben über ein Portfolio",
             "Doppelarbeit zwischen den Ämtern zu vermeiden"),
            ("n", "Digitallotsen-Netzwerk", "digitallotsen", "bildet Digitallotsen in allen Ämtern aus",
             "den Kulturwandel in der Verwaltung zu begleiten"),
            ("f", "Prozesslandkarte", "prozesslandkarte", "macht alle Verwaltungsabläufe sichtbar",
             "Abläufe vor der Digitalisierung zu vereinfachen"),
        ],
        goals=["Digitalisierungsvorhaben zu bündeln und zu priorisieren",
               "Zuständigkeiten für die Digitalisierung klar zu regeln",
               "den Kulturwandel in der Verwaltung zu begleiten", "Doppelarbeit zwischen den Ämtern zu vermeiden"],
        metrics=[("die Zahl abgeschlossener Digitalisierungsvorhaben", "Abgeschlossene Vorhaben", "up"),
                 ("die Durchlaufzeit von Projektanträgen", "Durchlaufzeit", "down"),
                 ("der Anteil digital unterstützter Arbeitsabläufe", "Digitale Abläufe", "up")],
        audiences=[("Beschäftigte", "Beschäftigten", 2000), ("Führungskräfte", "Führungskräften", 120),
                   ("Fachämter", "Fachämtern", 40)],
        actors=[("das Hauptamt", "dem Hauptamt"), ("die Stabsstelle Digitalisierung", "der Stabsstelle Digitalisierung"),
                ("der Verwaltungsvorstand", "dem Verwaltungsvorstand")],
        units=["Stabsstelle Digitalisierung", "Amt für Organisation und Digitalisierung",
               "Referat Verwaltungsmodernisierung"],
        mailboxes=["digitalisierung", "organisation"],
        tags=["digitalstrategie", "change-management", "cdo", "leitbild", "projektportfolio", "verwaltungskultur",
              "agiles-arbeiten"],
        sdgs=[9, 16, 17],
        en=dict(nouns=[("digital strategy", "digital strategies"), ("work process", "work processes"),
                       ("project proposal", "project proposals")],
                projects=["digital strategy", "digital transformation office", "innovation lab"],
                goals=["to bundle and prioritise digital projects", "to clarify responsibilities for digital change",
                       "to support a change of culture in the administration"],
                metrics=[("the number of completed digital projects", "Completed projects", "up"),
                         ("the lead time of project proposals", "Lead time", "down")],
                audiences=["staff", "managers"],
                actors=["the central administration office", "the digital transformation unit"],
                units=["Digital Transformation Unit", "Organisation and IT Department"]),
    ),
    "administration": dict(
        nouns=[("m", "Bauantrag", "Bauanträge", "Bauanträgen", 3000), ("m", "Termin", "Termine", "Terminen", 40000),
               ("f", "Meldebescheinigung", "Meldebescheinigungen", "Meldebescheinigungen", 15000),
               ("m", "Antrag", "Anträge", "Anträgen", 50000), ("n", "Formular", "Formulare", "Formularen", 0),
               ("f", "Gewerbeanmeldung", "Gewerbeanmeldungen", "Gewerbeanmeldungen", 2500),
               ("m", "Bescheid", "Bescheide", "Bescheiden", 20000), ("f", "E-Akte", "E-Akten", "E-Akten", 0)],
        projects=[
            ("m", "Online-Bauantrag", "bauantrag", "verkürzt Bearbeitungszeiten für Bauanträge",
             "Bauanträge schneller und papierlos zu bearbeiten"),
            ("f", "Online-Terminvergabe", "terminvergabe", "schafft Wartezeiten im Bürgeramt ab",
             "Wartezeiten im Bürgerbüro zu verringern"),
            ("n", "Bürgerservice-Portal", "buergerportal", "bietet Verwaltungsleistungen rund um die Uhr an",
             "Anträge rund um die Uhr zu ermöglichen"),
            ("f", "E-Akte", "e-akte", "arbeitet in der Verwaltung papierlos",
             "Medienbrüche zu beseitigen"),
            ("m", "Chatbot", "chatbot", "beantwortet Fragen mit einem Chatbot",
             "häufige Fragen auch außerhalb der Öffnungszeiten zu beantworten"),
            ("n", "Servicekonto", "servicekonto", "bündelt Verwaltungsleistungen in einem Servicekonto",
             "die Anmeldung für alle Online-Dienste zu vereinfachen"),
            ("m", "Formularservice", "formularservice", "ersetzt Papierformulare durch Online-Formulare",
             "Formulare verständlicher und digital nutzbar zu machen"),
        ],
        goals=["Bearbeitungszeiten zu verkürzen", "Wartezeiten im Bürgerbüro zu verringern",
               "Anträge rund um die Uhr zu ermöglichen", "Medienbrüche zu beseitigen"],
        metrics=[("die durchschnittliche Bearbeitungszeit", "Bearbeitungszeit", "down"),
                 ("die Wartezeit im Bürgerbüro", "Wartezeit", "down"),
                 ("der Anteil online gestellter Anträge", "Online-Anteil", "up"),
                 ("die Zahl der Rückfragen", "Rückfragen", "down")],
        audiences=[("Bürgerinnen und Bürger", "Bürgerinnen und Bürgern", 50000), ("Unternehmen", "Unternehmen", 3000),
                   ("Bauherrinnen und Bauherren", "Bauherrinnen und Bauherren", 2000)],
        actors=[("das Bürgeramt", "dem Bürgeramt"), ("das Bauordnungsamt", "dem Bauordnungsamt"),
                ("das Ordnungsamt", "dem Ordnungsamt"), ("das Standesamt", "dem Standesamt")],
        units=["Bürgeramt", "Fachbereich Bürgerservice", "Amt für Bauordnung", "Sachgebiet Digitale Verwaltung"],
        mailboxes=["buergerservice", "bauamt", "digitale-verwaltung"],
        tags=["onlinezugangsgesetz", "e-akte", "terminvergabe", "bauantrag", "servicekonto", "chatbot", "formulare"],
        sdgs=[16, 9],
        en=dict(nouns=[("building permit application", "building permit applications"),
                       ("appointment", "appointments"), ("application", "applications")],
                projects=["online building permit", "online appointment booking", "citizen service portal"],
                goals=["to shorten processing times", "to reduce waiting times at the citizens' office",
                       "to offer services around the clock"],
                metrics=[("the average processing time", "Processing time", "down"),
                         ("the share of online applications", "Online share", "up")],
                audiences=["residents", "businesses"],
                actors=["the citizens' office", "the building authority"],
                units=["Citizen Services", "Building Authority"]),
    ),
    "participation": dict(
        nouns=[("m", "Beteiligungsprozess", "Beteiligungsprozesse", "Beteiligungsprozessen", 40),
               ("f", "Stellungnahme", "Stellungnahmen", "Stellungnahmen", 3000),
               ("m", "Bürgervorschlag", "Bürgervorschläge", "Bürgervorschlägen", 1500),
               ("f", "Ratsvorlage", "Ratsvorlagen", "Ratsvorlagen", 800),
               ("m", "Haushaltsplan", "Haushaltspläne", "Haushaltsplänen", 0),
               ("f", "Anregung", "Anregungen", "Anregungen", 2000),
               ("n", "Beteiligungsverfahren", "Beteiligungsverfahren", "Beteiligungsverfahren", 60),
               ("m", "Kommentar", "Kommentare", "Kommentaren", 5000)],
        projects=[
            ("m", "Bürgerhaushalt", "buergerhaushalt", "beteiligt Bürgerinnen und Bürger am Haushalt",
             "mehr Menschen an Haushaltsentscheidungen zu beteiligen"),
            ("n", "Beteiligungsportal", "beteiligung", "bündelt alle Beteiligungsverfahren online",
             "mehr Menschen an Entscheidungen zu beteiligen"),
            ("n", "Ratsinformationssystem", "ratsinfo", "macht Ratsentscheidungen transparent",
             "Ratsentscheidungen nachvollziehbar zu machen"),
            ("m", "Jugendrat", "jugendrat", "holt Jugendliche in die Kommunalpolitik",
             "junge Menschen für die Kommunalpolitik zu gewinnen"),
            ("n", "Open-Data-Portal", "open-data", "veröffentlicht Verwaltungsdaten als Open Data",
             "Verwaltungsdaten offen bereitzustellen"),
            ("m", "Livestream der Ratssitzungen", "livestream", "überträgt Ratssitzungen live im Netz",
             "Ratssitzungen für alle zugänglich zu machen"),
        ],
        goals=["mehr Menschen an Entscheidungen zu beteiligen", "Ratsentscheidungen nachvollziehbar zu machen",
               "Verwaltungsdaten offen bereitzustellen", "junge Menschen für die Kommunalpolitik zu gewinnen"],
        metrics=[("die Zahl der Beteiligten", "Beteiligte", "up"),
                 ("die Zahl der Zugriffe auf Ratsdokumente", "Zugriffe auf Ratsdokumente", "up"),
                 ("der Anteil junger Teilnehmender", "Junge Teilnehmende", "up")],
        audiences=[("Einwohnerinnen und Einwohner", "Einwohnerinnen und Einwohnern", 20000),
                   ("Jugendliche", "Jugendlichen", 1500), ("Ratsmitglieder", "Ratsmitgliedern", 60),
                   ("Vereine", "Vereinen", 300)],
        actors=[("das Büro für Bürgerbeteiligung", "dem Büro für Bürgerbeteiligung"),
                ("die Pressestelle", "der Pressestelle"), ("das Ratsbüro", "dem Ratsbüro")],
        units=["Büro für Bürgerbeteiligung", "Ratsbüro", "Stabsstelle Open Government"],
        mailboxes=["beteiligung", "ratsbuero", "opendata"],
        tags=["buergerbeteiligung", "open-data", "transparenz", "buergerhaushalt", "jugendbeteiligung",
              "ratsinformation", "open-government"],
        sdgs=[16, 11, 17],
        en=dict(nouns=[("consultation", "consultations"), ("citizen proposal", "citizen proposals"),
                       ("council document", "council documents")],
                projects=["participatory budget", "participation portal", "council information system"],
                goals=["to involve more people in decisions", "to make council decisions transparent",
                       "to publish administrative data openly"],
                metrics=[("the number of participants", "Participants", "up"),
                         ("the number of views of council documents", "Document views", "up")],
                audiences=["residents", "young people"],
                actors=["the participation office", "the council office"],
                units=["Participation Office", "Open Government Unit"]),
    ),
    "economy": dict(
        nouns=[("f", "Gewerbefläche", "Gewerbeflächen", "Gewerbeflächen", 300),
               ("n", "Unternehmen", "Unternehmen", "Unternehmen", 0),
               ("f", "Stellenanzeige", "Stellenanzeigen", "Stellenanzeigen", 5000),
               ("f", "Existenzgründung", "Existenzgründungen", "Existenzgründungen", 400),
               ("m", "Ausbildungsplatz", "Ausbildungsplätze", "Ausbildungsplätzen", 1200),
               ("n", "Ladenlokal", "Ladenlokale", "Ladenlokalen", 200),
               ("f", "Fachkraft", "Fachkräfte", "Fachkräften", 0),
               ("m", "Förderantrag", "Förderanträge", "Förderanträgen", 600)],
        projects=[
            ("n", "Gewerbeflächenportal", "gewerbeflaechen", "vermittelt Gewerbeflächen online",
             "freie Gewerbeflächen sichtbar zu machen"),
            ("n", "Gründungsportal", "gruendung", "unterstützt Gründerinnen und Gründer digital",
             "Gründungen zu erleichtern"),
            ("n", "Leerstandsmanagement", "leerstand", "belebt leere Ladenlokale",
             "Leerstände in der Innenstadt zu verringern"),
            ("f", "Ausbildungsbörse", "ausbildung", "bringt Ausbildungsbetriebe und Jugendliche zusammen",
             "mehr Ausbildungsplätze zu besetzen"),
            ("m", "Coworking-Space", "coworking", "öffnet einen Coworking-Space im Ortskern",
             "Pendelwege zu verkürzen und den Ortskern zu beleben"),
            ("n", "Fachkräfteportal", "fachkraefte", "wirbt online um Fachkräfte",
             "Fachkräfte in der Region zu halten"),
        ],
        goals=["Leerstände in der Innenstadt zu verringern", "Fachkräfte in der Region zu halten",
               "Gründungen zu erleichtern", "freie Gewerbeflächen sichtbar zu machen"],
        metrics=[("die Leerstandsquote in der Innenstadt", "Leerstandsquote", "down"),
                 ("die Zahl der Gründungen", "Gründungen", "up"),
                 ("die Zahl vermittelter Ausbildungsplätze", "Vermittelte Ausbildungsplätze", "up")],
        audiences=[("Unternehmen", "Unternehmen", 3000), ("Gründerinnen und Gründer", "Gründerinnen und Gründern", 500),
                   ("Auszubildende", "Auszubildenden", 1500),
                   ("Händlerinnen und Händler", "Händlerinnen und Händlern", 300)],
        actors=[("die Wirtschaftsförderung", "der Wirtschaftsförderung"), ("das Stadtmarketing", "dem Stadtmarketing"),
                ("das Jobcenter", "dem Jobcenter")],
        units=["Wirtschaftsförderung", "Amt für Wirtschaft und Tourismus", "Stabsstelle Innenstadtentwicklung"],
        mailboxes=["wirtschaft", "wirtschaftsfoerderung"],
        tags=["wirtschaftsfoerderung", "leerstand", "fachkraefte", "gruendung", "innenstadt", "ausbildung",
              "coworking"],
        sdgs=[8, 9, 11],
        en=dict(nouns=[("commercial property", "commercial properties"), ("start-up", "start-ups"),
                       ("apprenticeship", "apprenticeships")],
                projects=["commercial property portal", "start-up portal", "vacancy management"],
                goals=["to reduce vacant shops in the town centre", "to keep skilled workers in the region",
                       "to make it easier to start a business"],
                metrics=[("the vacancy rate in the town centre", "Vacancy rate", "down"),
                         ("the number of start-ups", "Start-ups", "up")],
                audiences=["businesses", "founders"],
                actors=["the business development agency", "the town marketing team"],
                units=["Business Development", "Economy and Tourism Department"]),
    ),
    "education": dict(
        nouns=[("f", "Schule", "Schulen", "Schulen", 40), ("n", "Tablet", "Tablets", "Tablets", 5000),
               ("f", "Lernplattform", "Lernplattformen", "Lernplattformen", 0),
               ("m", "Medienentwicklungsplan", "Medienentwicklungspläne", "Medienentwicklungsplänen", 0),
               ("m", "Kitaplatz", "Kitaplätze", "Kitaplätzen", 2500),
               ("n", "Klassenzimmer", "Klassenzimmer", "Klassenzimmern", 600),
               ("m", "Kurs", "Kurse", "Kursen", 800), ("f", "Anmeldung", "Anmeldungen", "Anmeldungen", 4000)],
        projects=[
            ("f", "Schul-Cloud", "schulcloud", "bringt Schulen in die Cloud",
             "Unterrichtsmaterial sicher und überall verfügbar zu machen"),
            ("n", "Kita-Portal", "kita-portal", "vergibt Kitaplätze über ein Online-Portal",
             "die Vergabe von Kitaplätzen transparent zu gestalten"),
            ("m", "Medienentwicklungsplan", "medienplan", "plant die digitale Ausstattung aller Schulen",
             "Schulen verlässlich mit digitaler Technik auszustatten"),
            ("n", "Tablet-Programm", "tablets", "stattet Schulen mit Tablets aus",
             "allen Schülerinnen und Schülern ein eigenes Gerät zu geben"),
            ("n", "Lernzentrum", "lernzentrum", "eröffnet ein digitales Lernzentrum",
             "digitale Bildung für alle Generationen anzubieten"),
            ("m", "IT-Support für Schulen", "schul-it", "entlastet Lehrkräfte beim IT-Support",
             "Lehrkräfte von IT-Aufgaben zu entlasten"),
        ],
        goals=["Schulen verlässlich mit digitaler Technik auszustatten",
               "die Vergabe von Kitaplätzen transparent zu gestalten", "Lehrkräfte von IT-Aufgaben zu entlasten",
               "digitale Bildung für alle Generationen anzubieten"],
        metrics=[("die Ausfallzeit der Schul-IT", "Ausfallzeit", "down"),
                 ("die Zahl digital ausgestatteter Klassenzimmer", "Digitale Klassenzimmer", "up"),
                 ("die Wartezeit auf eine Kita-Zusage", "Wartezeit auf eine Kita-Zusage", "down")],
        audiences=[("Schülerinnen und Schüler", "Schülerinnen und Schülern", 8000), ("Lehrkräfte", "Lehrkräften", 600),
                   ("Eltern", "Eltern", 5000)],
        actors=[("das Schulamt", "dem Schulamt"), ("das Jugendamt", "dem Jugendamt"),
                ("der Schulträger", "dem Schulträger"), ("die Volkshochschule", "der Volkshochschule")],
        units=["Amt für Schule und Bildung", "Fachbereich Jugend und Bildung", "Bildungsbüro"],
        mailboxes=["schulen", "bildung", "kita"],
        tags=["digitale-schule", "kita", "medienentwicklungsplan", "tablets", "lernplattform", "schul-it",
              "volkshochschule"],
        sdgs=[4, 10],
        en=dict(nouns=[("school", "schools"), ("tablet", "tablets"), ("childcare place", "childcare places")],
                projects=["school cloud", "childcare portal", "media development plan"],
                goals=["to equip schools reliably with digital technology",
                       "to allocate childcare places transparently", "to relieve teachers of IT tasks"],
                metrics=[("the downtime of school IT", "IT downtime", "down"),
                         ("the waiting time for a childcare place", "Waiting time", "down")],
                audiences=["pupils", "teachers", "parents"],
                actors=["the schools department", "the youth welfare office"],
                units=["Schools and Education Department", "Education Office"]),
    ),
    "energy": dict(
        nouns=[("f", "Photovoltaikanlage", "Photovoltaikanlagen", "Photovoltaikanlagen", 300),
               ("n", "Gebäude", "Gebäude", "Gebäuden", 250), ("m", "Zähler", "Zähler", "Zählern", 2000),
               ("f", "Wärmepumpe", "Wärmepumpen", "Wärmepumpen", 400),
               ("m", "Energieverbrauch", "Energieverbräuche", "Energieverbräuchen", 0),
               ("n", "Dach", "Dächer", "Dächern", 500),
               ("f", "Straßenlaterne", "Straßenlaternen", "Straßenlaternen", 6000),
               ("m", "Wärmeplan", "Wärmepläne", "Wärmeplänen", 0)],
        projects=[
            ("n", "Energiemonitoring", "energiemonitoring", "senkt den Energieverbrauch der Schulen",
             "den Energieverbrauch kommunaler Gebäude zu senken"),
            ("n", "Solardachkataster", "solarkataster", "zeigt jedes Dach mit Solarpotenzial",
             "mehr Dächer für Solarstrom zu nutzen"),
            ("f", "Wärmeplanung", "waermeplanung", "plant die Wärmewende mit offenen Daten",
             "die Wärmeversorgung klimaneutral zu planen"),
            ("f", "LED-Straßenbeleuchtung", "led", "stellt die Straßenbeleuchtung auf LED um",
             "Strom und Kosten bei der Beleuchtung zu sparen"),
            ("m", "Bürgersolarpark", "solarpark", "baut einen Solarpark mit Bürgerbeteiligung",
             "die Energiewende vor Ort gemeinsam zu finanzieren"),
            ("n", "Smart Metering", "smart-metering", "liest Zähler automatisch aus",
             "Energiekosten transparent zu machen"),
        ],
        goals=["den Energieverbrauch kommunaler Gebäude zu senken", "mehr Dächer für Solarstrom zu nutzen",
               "die Wärmeversorgung klimaneutral zu planen", "Energiekosten transparent zu machen"],
        metrics=[("der Stromverbrauch der kommunalen Gebäude", "Stromverbrauch", "down"),
                 ("die installierte Solarleistung", "Solarleistung", "up"),
                 ("der Wärmeverbrauch", "Wärmeverbrauch", "down"), ("die Energiekosten", "Energiekosten", "down")],
        audiences=[("Hausbesitzerinnen und Hausbesitzer", "Hausbesitzerinnen und Hausbesitzern", 4000),
                   ("Hausmeisterinnen und Hausmeister", "Hausmeisterinnen und Hausmeistern", 80),
                   ("Energiegenossenschaften", "Energiegenossenschaften", 10)],
        actors=[("das Gebäudemanagement", "dem Gebäudemanagement"),
                ("die Klimaschutzleitstelle", "der Klimaschutzleitstelle"), ("das Energieteam", "dem Energieteam")],
        units=["Energiemanagement", "Amt für Gebäudemanagement", "Klimaschutzleitstelle"],
        mailboxes=["energie", "klimaschutz"],
        tags=["energiemanagement", "photovoltaik", "waermeplanung", "led", "smart-meter", "klimaschutz",
              "erneuerbare-energien"],
        sdgs=[7, 13, 11],
        en=dict(nouns=[("solar installation", "solar installations"), ("public building", "public buildings"),
                       ("street light", "street lights")],
                projects=["energy monitoring", "solar roof register", "heat plan"],
                goals=["to cut energy use in public buildings", "to use more roofs for solar power",
                       "to plan a climate-neutral heat supply"],
                metrics=[("electricity use in public buildings", "Electricity use", "down"),
                         ("installed solar capacity", "Solar capacity", "up")],
                audiences=["homeowners", "caretakers"],
                actors=["the facility management team", "the climate protection unit"],
                units=["Energy Management", "Climate Protection Unit"]),
    ),
    "health": dict(
        nouns=[("m", "Pflegeplatz", "Pflegeplätze", "Pflegeplätzen", 800),
               ("f", "Pflegekraft", "Pflegekräfte", "Pflegekräften", 0),
               ("f", "Sprechstunde", "Sprechstunden", "Sprechstunden", 3000),
               ("m", "Hausbesuch", "Hausbesuche", "Hausbesuchen", 2000),
               ("f", "Meldung", "Meldungen", "Meldungen", 5000), ("m", "Notruf", "Notrufe", "Notrufen", 3000),
               ("f", "Beratung", "Beratungen", "Beratungen", 2500),
               ("f", "Versorgungslücke", "Versorgungslücken", "Versorgungslücken", 0)],
        projects=[
            ("f", "Pflegeplatzbörse", "pflegeboerse", "vermittelt freie Pflegeplätze tagesaktuell",
             "freie Pflegeplätze schneller zu finden"),
            ("f", "Telemedizin-Sprechstunde", "telemedizin", "sichert die Versorgung mit Telemedizin",
             "die ärztliche Versorgung auf dem Land zu sichern"),
            ("n", "Gesundheitsportal", "gesundheitsportal", "bündelt Gesundheitsangebote in einem Portal",
             "Gesundheitsangebote leichter auffindbar zu machen"),
            ("n", "Hausnotrufsystem", "hausnotruf", "unterstützt ältere Menschen mit Hausnotruf",
             "älteren Menschen ein selbstständiges Leben zu ermöglichen"),
            ("m", "Gesundheitskiosk", "gesundheitskiosk", "bringt Gesundheitsberatung in die Ortsteile",
             "Gesundheitsberatung wohnortnah anzubieten"),
            ("f", "Meldesoftware", "meldesoftware", "beschleunigt Meldungen im Gesundheitsamt",
             "Meldungen an das Gesundheitsamt zu beschleunigen"),
        ],
        goals=["freie Pflegeplätze schneller zu finden", "die ärztliche Versorgung auf dem Land zu sichern",
               "älteren Menschen ein selbstständiges Leben zu ermöglichen",
               "Meldungen an das Gesundheitsamt zu beschleunigen"],
        metrics=[("die Suchdauer für einen Pflegeplatz", "Suchdauer", "down"),
                 ("die Zahl der Beratungen", "Beratungen", "up"),
                 ("die Zahl vermeidbarer Klinikeinweisungen", "Vermeidbare Klinikeinweisungen", "down")],
        audiences=[("Angehörige", "Angehörigen", 3000), ("Seniorinnen und Senioren", "Seniorinnen und Senioren", 6000),
                   ("Patientinnen und Patienten", "Patientinnen und Patienten", 5000),
                   ("Pflegedienste", "Pflegediensten", 40)],
        actors=[("das Gesundheitsamt", "dem Gesundheitsamt"), ("der Pflegestützpunkt", "dem Pflegestützpunkt"),
                ("die Seniorenberatung", "der Seniorenberatung")],
        units=["Gesundheitsamt", "Pflegestützpunkt", "Fachbereich Gesundheit und Pflege"],
        mailboxes=["gesundheit", "pflege"],
        tags=["pflege", "telemedizin", "gesundheitsamt", "senioren", "hausnotruf", "laendlicher-raum", "versorgung"],
        sdgs=[3, 10],
        en=dict(nouns=[("care home place", "care home places"), ("consultation", "consultations"),
                       ("home visit", "home visits")],
                projects=["care place exchange", "telemedicine consultation", "health portal"],
                goals=["to find free care places faster", "to secure medical care in rural areas",
                       "to help older people live independently"],
                metrics=[("the time needed to find a care place", "Search time", "down"),
                         ("the number of consultations", "Consultations", "up")],
                audiences=["relatives", "older people", "patients"],
                actors=["the public health office", "the care advice centre"],
                units=["Public Health Office", "Care Advice Centre"]),
    ),
    "culture": dict(
        nouns=[("n", "Museum", "Museen", "Museen", 0), ("n", "Exponat", "Exponate", "Exponaten", 8000),
               ("f", "Veranstaltung", "Veranstaltungen", "Veranstaltungen", 1500),
               ("m", "Bestand", "Bestände", "Beständen", 0), ("f", "Ausleihe", "Ausleihen", "Ausleihen", 60000),
               ("n", "Ticket", "Tickets", "Tickets", 20000),
               ("f", "Archivalie", "Archivalien", "Archivalien", 10000),
               ("m", "Medientitel", "Medientitel", "Medientiteln", 40000)],
        projects=[
            ("m", "Veranstaltungskalender", "kalender", "bündelt Kulturtermine in einem Kalender",
             "kulturelle Angebote sichtbarer zu machen"),
            ("n", "Online-Archiv", "archiv", "digitalisiert das Stadtarchiv",
             "historische Bestände dauerhaft zu sichern"),
            ("f", "Bibliotheks-App", "bibliothek", "bringt die Stadtbibliothek aufs Smartphone",
             "die Ausleihe einfacher zu machen"),
            ("m", "Museumsguide", "museumsguide", "macht Museen mobil erlebbar",
             "neue Publikumsgruppen zu erreichen"),
            ("n", "Kulturticket", "kulturticket", "öffnet Kultur für alle mit einem Ticket",
             "Menschen mit wenig Geld Kultur zu ermöglichen"),
            ("f", "Open Library", "open-library", "öffnet die Stadtbibliothek auch am Abend",
             "die Bibliothek auch abends zu öffnen"),
        ],
        goals=["kulturelle Angebote sichtbarer zu machen", "historische Bestände dauerhaft zu sichern",
               "die Bibliothek auch abends zu öffnen", "neue Publikumsgruppen zu erreichen"],
        metrics=[("die Zahl der Ausleihen", "Ausleihen", "up"),
                 ("die Zahl der Besucherinnen und Besucher", "Besuche", "up"),
                 ("die Zahl online abrufbarer Archivalien", "Online-Archivalien", "up")],
        audiences=[("Besucherinnen und Besucher", "Besucherinnen und Besuchern", 20000),
                   ("Kulturschaffende", "Kulturschaffenden", 300), ("Leserinnen und Leser", "Leserinnen und Lesern", 8000)],
        actors=[("das Kulturamt", "dem Kulturamt"), ("die Stadtbibliothek", "der Stadtbibliothek"),
                ("das Stadtarchiv", "dem Stadtarchiv")],
        units=["Kulturamt", "Stadtbibliothek", "Stadtarchiv"],
        mailboxes=["kultur", "bibliothek", "archiv"],
        tags=["bibliothek", "archiv", "museum", "kulturkalender", "open-library", "kulturgut", "veranstaltungen"],
        sdgs=[4, 11],
        en=dict(nouns=[("library loan", "library loans"), ("event", "events"), ("archive record", "archive records")],
                projects=["events calendar", "online archive", "library app"],
                goals=["to make cultural offers more visible", "to preserve historical records",
                       "to open the library in the evening"],
                metrics=[("the number of loans", "Loans", "up"), ("the number of visitors", "Visitors", "up")],
                audiences=["visitors", "readers", "artists"],
                actors=["the culture office", "the public library"],
                units=["Culture Office", "Public Library"]),
    ),
    "mobility": dict(
        nouns=[("m", "Parkplatz", "Parkplätze", "Parkplätzen", 3000), ("n", "Lastenrad", "Lastenräder", "Lastenrädern", 60),
               ("f", "Haltestelle", "Haltestellen", "Haltestellen", 400), ("m", "Radweg", "Radwege", "Radwegen", 150),
               ("f", "Fahrt", "Fahrten", "Fahrten", 40000), ("m", "Rufbus", "Rufbusse", "Rufbussen", 20),
               ("f", "Ladesäule", "Ladesäulen", "Ladesäulen", 200),
               ("n", "Verkehrsaufkommen", "Verkehrsaufkommen", "Verkehrsaufkommen", 0)],
        projects=[
            ("m", "On-Demand-Rufbus", "rufbus", "fährt den Rufbus auf Bestellung",
             "Ortsteile ohne Linienbus anzubinden"),
            ("n", "Parkleitsystem", "parkleitsystem", "verringert den Parksuchverkehr",
             "den Parksuchverkehr zu verringern"),
            ("n", "Lastenrad-Verleihsystem", "lastenrad", "verleiht Lastenräder per App",
             "mehr Wege mit dem Rad zurückzulegen"),
            ("f", "Mobilitätsstation", "mobilstation", "baut ein Netz von Mobilitätsstationen auf",
             "Bus, Rad und Carsharing zu verknüpfen"),
            ("n", "Radverkehrsnetz", "radnetz", "plant ein durchgehendes Radverkehrsnetz",
             "sichere Radwege für den Alltag zu schaffen"),
            ("n", "Ladenetz für E-Autos", "ladenetz", "baut öffentliche Ladesäulen aus",
             "die Elektromobilität zu fördern"),
        ],
        goals=["den Parksuchverkehr zu verringern", "Ortsteile ohne Linienbus anzubinden",
               "mehr Wege mit dem Rad zurückzulegen", "die Elektromobilität zu fördern"],
        metrics=[("der Parksuchverkehr", "Parksuchverkehr", "down"), ("die Zahl der Fahrgäste", "Fahrgäste", "up"),
                 ("der Radverkehrsanteil", "Radverkehrsanteil", "up")],
        audiences=[("Pendlerinnen und Pendler", "Pendlerinnen und Pendlern", 8000), ("Fahrgäste", "Fahrgästen", 20000),
                   ("Radfahrende", "Radfahrenden", 5000)],
        actors=[("das Tiefbauamt", "dem Tiefbauamt"), ("der Verkehrsverbund", "dem Verkehrsverbund"),
                ("das Straßenverkehrsamt", "dem Straßenverkehrsamt")],
        units=["Amt für Mobilität", "Tiefbauamt", "Fachbereich Verkehrsplanung"],
        mailboxes=["mobilitaet", "verkehr"],
        tags=["rufbus", "radverkehr", "parken", "e-mobilitaet", "oepnv", "lastenrad", "mobilitaetsstation"],
        sdgs=[11, 13, 9],
        en=dict(nouns=[("parking space", "parking spaces"), ("bus stop", "bus stops"), ("cargo bike", "cargo bikes")],
                projects=["on-demand bus", "parking guidance system", "cargo bike sharing scheme"],
                goals=["to reduce traffic searching for parking", "to connect villages without a regular bus",
                       "to make more trips by bike"],
                metrics=[("traffic searching for parking", "Parking search traffic", "down"),
                         ("the number of passengers", "Passengers", "up")],
                audiences=["commuters", "passengers", "cyclists"],
                actors=["the transport planning department", "the regional transport association"],
                units=["Mobility Department", "Transport Planning"]),
    ),
    "safety": dict(
        nouns=[("m", "Einsatz", "Einsätze", "Einsätzen", 3000), ("f", "Warnung", "Warnungen", "Warnungen", 200),
               ("f", "Hydrantenprüfung", "Hydrantenprüfungen", "Hydrantenprüfungen", 1500), ("f", "Sirene", "Sirenen", "Sirenen", 80),
               ("n", "Einsatzfahrzeug", "Einsatzfahrzeuge", "Einsatzfahrzeugen", 60),
               ("m", "Pegelstand", "Pegelstände", "Pegelständen", 0),
               ("f", "Kontrolle", "Kontrollen", "Kontrollen", 2000), ("f", "Meldung", "Meldungen", "Meldungen", 4000)],
        projects=[
            ("n", "Sirenen-Warnsystem", "sirenen", "baut das Sirenennetz neu auf",
             "die Bevölkerung schneller zu warnen"),
            ("n", "Hochwasser-Frühwarnsystem", "hochwasser", "warnt in Echtzeit vor Hochwasser",
             "bei Hochwasser früher warnen zu können"),
            ("f", "Feuerwehr-App", "feuerwehr-app", "koordiniert Feuerwehreinsätze per App",
             "Einsatzkräfte besser zu koordinieren"),
            ("n", "Hydrantenkataster", "hydranten", "erfasst alle Hydranten digital",
             "die Löschwasserversorgung verlässlich zu planen"),
            ("n", "Lagezentrum", "lagezentrum", "bündelt Lageinformationen in einem Lagezentrum",
             "in Krisen schneller entscheiden zu können"),
            ("n", "Starkregen-Risikomanagement", "starkregen", "bereitet sich digital auf Starkregen vor",
             "Schäden durch Starkregen zu begrenzen"),
        ],
        goals=["die Bevölkerung schneller zu warnen", "Einsatzkräfte besser zu koordinieren",
               "Schäden durch Starkregen zu begrenzen", "ehrenamtliche Feuerwehrleute zu entlasten"],
        metrics=[("die Alarmierungszeit", "Alarmierungszeit", "down"),
                 ("die Zahl erreichter Haushalte bei Warnungen", "Erreichte Haushalte", "up"),
                 ("die Zeit bis zum Eintreffen am Einsatzort", "Eintreffzeit", "down")],
        audiences=[("Einsatzkräfte", "Einsatzkräften", 400),
                   ("Anwohnerinnen und Anwohner", "Anwohnerinnen und Anwohnern", 10000),
                   ("Feuerwehrleute", "Feuerwehrleuten", 300)],
        actors=[("die Feuerwehr", "der Feuerwehr"), ("das Ordnungsamt", "dem Ordnungsamt"),
                ("der Katastrophenschutz", "dem Katastrophenschutz")],
        units=["Amt für Brand- und Katastrophenschutz", "Ordnungsamt", "Feuerwehr"],
        mailboxes=["feuerwehr", "ordnungsamt", "bevoelkerungsschutz"],
        tags=["katastrophenschutz", "feuerwehr", "warnung", "hochwasser", "starkregen", "sirenen", "ehrenamt"],
        sdgs=[11, 13, 16],
        en=dict(nouns=[("emergency call-out", "emergency call-outs"), ("warning", "warnings"), ("siren", "sirens")],
                projects=["siren warning system", "flood early warning system", "fire brigade app"],
                goals=["to warn the population faster", "to coordinate emergency services better",
                       "to limit damage from heavy rain"],
                metrics=[("the alerting time", "Alerting time", "down"),
                         ("the number of households reached by warnings", "Households reached", "up")],
                audiences=["emergency workers", "residents", "volunteer firefighters"],
                actors=["the fire brigade", "the public order office"],
                units=["Fire and Civil Protection", "Public Order Office"]),
    ),
    "social": dict(
        nouns=[("m", "Wohngeldantrag", "Wohngeldanträge", "Wohngeldanträgen", 2500),
               ("n", "Ehrenamt", "Ehrenämter", "Ehrenämtern", 0), ("m", "Verein", "Vereine", "Vereinen", 300),
               ("f", "Nachbarschaftshilfe", "Nachbarschaftshilfen", "Nachbarschaftshilfen", 0),
               ("m", "Treffpunkt", "Treffpunkte", "Treffpunkten", 40), ("f", "Anfrage", "Anfragen", "Anfragen", 3000),
               ("m", "Familienpass", "Familienpässe", "Familienpässen", 2000),
               ("n", "Angebot", "Angebote", "Angeboten", 500)],
        projects=[
            ("f", "Ehrenamtsbörse", "ehrenamt", "bringt Ehrenamt und Vereine zusammen",
             "Ehrenamtliche und Vereine zusammenzubringen"),
            ("n", "Familienportal", "familienportal", "hilft Familien bei Anträgen",
             "Familien schneller zu Leistungen zu verhelfen"),
            ("f", "Nachbarschafts-App", "nachbarschaft", "stärkt die Nachbarschaftshilfe per App",
             "Nachbarschaftshilfe einfacher zu organisieren"),
            ("m", "Digitaltreff für Ältere", "digitaltreff", "macht Seniorinnen und Senioren fit fürs Internet",
             "Einsamkeit im Alter vorzubeugen"),
            ("m", "Online-Wohngeldantrag", "wohngeld", "bearbeitet Wohngeldanträge digital",
             "Wohngeld schneller auszuzahlen"),
            ("m", "Sozialatlas", "sozialatlas", "bündelt soziale Angebote in einem Portal",
             "soziale Angebote leichter auffindbar zu machen"),
        ],
        goals=["Ehrenamtliche und Vereine zusammenzubringen", "Familien schneller zu Leistungen zu verhelfen",
               "Einsamkeit im Alter vorzubeugen", "soziale Angebote leichter auffindbar zu machen"],
        metrics=[("die Zahl vermittelter Ehrenamtlicher", "Vermittelte Ehrenamtliche", "up"),
                 ("die Bearbeitungszeit für Wohngeld", "Bearbeitungszeit Wohngeld", "down"),
                 ("die Zahl der Teilnehmenden", "Teilnehmende", "up")],
        audiences=[("Familien", "Familien", 4000), ("Ehrenamtliche", "Ehrenamtlichen", 800),
                   ("Seniorinnen und Senioren", "Seniorinnen und Senioren", 3000),
                   ("Alleinerziehende", "Alleinerziehenden", 600)],
        actors=[("das Sozialamt", "dem Sozialamt"), ("das Familienbüro", "dem Familienbüro"),
                ("die Ehrenamtsagentur", "der Ehrenamtsagentur")],
        units=["Sozialamt", "Familienbüro", "Fachbereich Soziales und Integration"],
        mailboxes=["soziales", "familie", "ehrenamt"],
        tags=["ehrenamt", "familie", "senioren", "nachbarschaft", "wohngeld", "inklusion", "integration"],
        sdgs=[1, 10, 3],
        en=dict(nouns=[("housing benefit application", "housing benefit applications"), ("volunteer", "volunteers"),
                       ("club", "clubs")],
                projects=["volunteering exchange", "family portal", "neighbourhood app"],
                goals=["to bring volunteers and clubs together", "to help families get benefits faster",
                       "to prevent loneliness in old age"],
                metrics=[("the number of placed volunteers", "Placed volunteers", "up"),
                         ("the processing time for housing benefit", "Processing time", "down")],
                audiences=["families", "volunteers", "older people"],
                actors=["the social welfare office", "the family office"],
                units=["Social Services", "Family Office"]),
    ),
    "environment": dict(
        nouns=[("m", "Baum", "Bäume", "Bäumen", 20000), ("m", "Messwert", "Messwerte", "Messwerten", 0),
               ("f", "Grünfläche", "Grünflächen", "Grünflächen", 300), ("m", "Sensor", "Sensoren", "Sensoren", 200),
               ("m", "Abfallbehälter", "Abfallbehälter", "Abfallbehältern", 1500),
               ("f", "Mängelmeldung", "Mängelmeldungen", "Mängelmeldungen", 5000),
               ("n", "Biotop", "Biotope", "Biotopen", 100),
               ("f", "Hitzeinsel", "Hitzeinseln", "Hitzeinseln", 0)],
        projects=[
            ("n", "Baumkataster", "baumkataster", "erfasst jeden Stadtbaum digital",
             "Stadtbäume besser zu pflegen"),
            ("m", "Mängelmelder", "maengelmelder", "räumt wilde Müllkippen schneller ab",
             "illegale Müllablagerungen schneller zu beseitigen"),
            ("n", "Luftqualitäts-Messnetz", "luftqualitaet", "misst die Luftqualität an jeder Straßenecke",
             "die Luftqualität transparent zu messen"),
            ("f", "Abfall-App", "abfall-app", "erinnert per App an die Müllabfuhr",
             "Abfall besser zu trennen und zu vermeiden"),
            ("n", "Klimaanpassungskonzept", "klimaanpassung", "passt sich an den Klimawandel an",
             "die Stadt an Hitze und Starkregen anzupassen"),
            ("n", "Bewässerungsmonitoring", "bewaesserung", "schützt Stadtbäume mit Bodensensoren",
             "Stadtbäume besser vor Trockenheit zu schützen"),
        ],
        goals=["Stadtbäume besser vor Trockenheit zu schützen", "illegale Müllablagerungen schneller zu beseitigen",
               "die Luftqualität transparent zu messen", "die Stadt an Hitze und Starkregen anzupassen"],
        metrics=[("der Wasserverbrauch für die Bewässerung", "Wasserverbrauch", "down"),
                 ("die Zeit bis zur Beseitigung gemeldeter Mängel", "Beseitigungszeit", "down"),
                 ("die Zahl gemeldeter Mängel", "Gemeldete Mängel", "up"), ("die Menge an Restmüll", "Restmüll", "down")],
        audiences=[("Anwohnerinnen und Anwohner", "Anwohnerinnen und Anwohnern", 10000),
                   ("Baumpatinnen und Baumpaten", "Baumpatinnen und Baumpaten", 500), ("Schulklassen", "Schulklassen", 60)],
        actors=[("das Umweltamt", "dem Umweltamt"), ("der Bauhof", "dem Bauhof"),
                ("das Grünflächenamt", "dem Grünflächenamt")],
        units=["Umweltamt", "Amt für Stadtgrün", "Stabsstelle Klimaschutz und Klimaanpassung"],
        mailboxes=["umwelt", "stadtgruen", "klima"],
        tags=["klimaanpassung", "baumkataster", "sensorik", "luftqualitaet", "abfall", "maengelmelder", "stadtgruen"],
        sdgs=[13, 15, 11, 6],
        en=dict(nouns=[("street tree", "street trees"), ("sensor", "sensors"), ("defect report", "defect reports")],
                projects=["tree register", "defect reporting app", "air quality network"],
                goals=["to protect street trees from drought", "to remove illegal dumping faster",
                       "to measure air quality transparently"],
                metrics=[("water used for irrigation", "Irrigation water", "down"),
                         ("the time to fix reported defects", "Time to fix", "down")],
                audiences=["residents", "tree sponsors", "school classes"],
                actors=["the environment office", "the municipal works depot"],
                units=["Environment Office", "Urban Green Department"]),
    ),
    "infrastructure": dict(
        nouns=[("m", "Glasfaseranschluss", "Glasfaseranschlüsse", "Glasfaseranschlüssen", 8000),
               ("m", "Haushalt", "Haushalte", "Haushalten", 12000),
               ("n", "Gewerbegebiet", "Gewerbegebiete", "Gewerbegebieten", 20),
               ("m", "Funkmast", "Funkmasten", "Funkmasten", 30), ("m", "Hotspot", "Hotspots", "Hotspots", 150),
               ("n", "Leerrohr", "Leerrohre", "Leerrohren", 0), ("f", "Bandbreite", "Bandbreiten", "Bandbreiten", 0),
               ("n", "Rechenzentrum", "Rechenzentren", "Rechenzentren", 0)],
        projects=[
            ("m", "Glasfaserausbau", "glasfaser", "versorgt jeden Ortsteil mit Glasfaser",
             "alle Haushalte mit Glasfaser zu versorgen"),
            ("n", "WLAN in der Innenstadt", "wlan", "bietet freies WLAN in der Innenstadt",
             "die Innenstadt attraktiver zu machen"),
            ("n", "LoRaWAN-Netz", "lorawan", "baut ein LoRaWAN-Netz für Sensoren auf",
             "Sensordaten stadtweit nutzbar zu machen"),
            ("n", "Leerrohrkataster", "leerrohr", "erfasst alle Leerrohre digital",
             "Tiefbaukosten beim Ausbau zu sparen"),
            ("n", "Breitbandportal", "breitband", "zeigt den Ausbaustand im Breitbandportal",
             "den Breitbandausbau transparent zu machen"),
            ("f", "Datenplattform", "datenplattform", "bündelt städtische Daten auf einer Plattform",
             "Daten aus allen Ämtern gemeinsam zu nutzen"),
        ],
        goals=["alle Haushalte mit Glasfaser zu versorgen", "Funklöcher im ländlichen Raum zu schließen",
               "Sensordaten stadtweit nutzbar zu machen", "Tiefbaukosten beim Ausbau zu sparen"],
        metrics=[("die Glasfaserquote", "Glasfaserquote", "up"),
                 ("die Zahl unterversorgter Haushalte", "Unterversorgte Haushalte", "down"),
                 ("die Zahl angeschlossener Sensoren", "Angeschlossene Sensoren", "up")],
        audiences=[("Haushalte", "Haushalten", 12000), ("Unternehmen", "Unternehmen", 1500), ("Schulen", "Schulen", 30)],
        actors=[("die Breitbandkoordination", "der Breitbandkoordination"), ("das Tiefbauamt", "dem Tiefbauamt"),
                ("der IT-Dienstleister", "dem IT-Dienstleister")],
        units=["Breitbandkoordination", "Amt für Digitale Infrastruktur", "Stabsstelle Smart City"],
        mailboxes=["breitband", "smartcity", "infrastruktur"],
        tags=["glasfaser", "breitband", "lorawan", "wlan", "5g", "sensorik", "smart-city"],
        sdgs=[9, 11, 17],
        en=dict(nouns=[("fibre connection", "fibre connections"), ("household", "households"), ("hotspot", "hotspots")],
                projects=["fibre roll-out", "public Wi-Fi network", "LoRaWAN network"],
                goals=["to connect every household to fibre", "to close mobile coverage gaps",
                       "to make sensor data usable across the city"],
                metrics=[("the fibre coverage", "Fibre coverage", "up"),
                         ("the number of underserved households", "Underserved households", "down")],
                audiences=["households", "businesses", "schools"],
                actors=["the broadband coordinator", "the civil engineering office"],
                units=["Broadband Coordination", "Smart City Unit"]),
    ),
    "urban-development": dict(
        nouns=[("m", "Bebauungsplan", "Bebauungspläne", "Bebauungsplänen", 60),
               ("f", "Wohnung", "Wohnungen", "Wohnungen", 3000), ("n", "Quartier", "Quartiere", "Quartieren", 30),
               ("n", "Grundstück", "Grundstücke", "Grundstücken", 400),
               ("f", "Baulücke", "Baulücken", "Baulücken", 500), ("m", "Bauplatz", "Bauplätze", "Bauplätzen", 200),
               ("n", "Stadtmodell", "Stadtmodelle", "Stadtmodellen", 0),
               ("m", "Mietspiegel", "Mietspiegel", "Mietspiegeln", 0)],
        projects=[
            ("n", "3D-Stadtmodell", "stadtmodell", "plant mit einem 3D-Stadtmodell",
             "Planungen für alle verständlich darzustellen"),
            ("n", "Baulückenkataster", "bauluecken", "aktiviert Baulücken für neuen Wohnraum",
             "Baulücken für neuen Wohnraum zu aktivieren"),
            ("f", "Quartiersplattform", "quartier", "vernetzt Nachbarschaften im Quartier",
             "das Leben im Quartier gemeinsam zu gestalten"),
            ("m", "Online-Bebauungsplan", "bebauungsplan", "stellt Bebauungspläne digital bereit",
             "Bebauungspläne schneller aufzustellen"),
            ("f", "Wohnraumbörse", "wohnraum", "vermittelt Wohnraum zwischen den Generationen",
             "bezahlbaren Wohnraum zu schaffen"),
            ("n", "Flächenmanagement", "flaechen", "steuert Flächen mit einem digitalen Kataster",
             "Flächen sparsam und gezielt zu nutzen"),
        ],
        goals=["Baulücken für neuen Wohnraum zu aktivieren", "Planungen für alle verständlich darzustellen",
               "Bebauungspläne schneller aufzustellen", "bezahlbaren Wohnraum zu schaffen"],
        metrics=[("die Dauer von Bebauungsplanverfahren", "Verfahrensdauer", "down"),
                 ("die Zahl aktivierter Baulücken", "Aktivierte Baulücken", "up"),
                 ("die Zahl neu geschaffener Wohnungen", "Neue Wohnungen", "up")],
        audiences=[("Eigentümerinnen und Eigentümer", "Eigentümerinnen und Eigentümern", 2000),
                   ("Planungsbüros", "Planungsbüros", 40), ("Mieterinnen und Mieter", "Mieterinnen und Mietern", 6000)],
        actors=[("das Stadtplanungsamt", "dem Stadtplanungsamt"), ("das Vermessungsamt", "dem Vermessungsamt"),
                ("die Wohnungsbaugesellschaft", "der Wohnungsbaugesellschaft")],
        units=["Stadtplanungsamt", "Amt für Geoinformation und Vermessung", "Fachbereich Stadtentwicklung und Wohnen"],
        mailboxes=["stadtplanung", "geodaten", "wohnen"],
        tags=["stadtplanung", "3d-stadtmodell", "bauluecken", "wohnraum", "geodaten", "bebauungsplan",
              "digitaler-zwilling"],
        sdgs=[11, 9],
        en=dict(nouns=[("development plan", "development plans"), ("flat", "flats"), ("vacant plot", "vacant plots")],
                projects=["3D city model", "vacant plot register", "neighbourhood platform"],
                goals=["to activate vacant plots for new housing", "to present plans in a way everyone understands",
                       "to create affordable housing"],
                metrics=[("the duration of planning procedures", "Planning duration", "down"),
                         ("the number of new flats", "New flats", "up")],
                audiences=["property owners", "planning offices", "tenants"],
                actors=["the urban planning office", "the surveying office"],
                units=["Urban Planning Office", "Geodata and Surveying"]),
    ),
}

# For a topic slug the vocabulary gains later: plain but valid text.
_GENERIC_TOPIC: dict[str, Any] = dict(
    nouns=[("n", "Verfahren", "Verfahren", "Verfahren", 500), ("m", "Antrag", "Anträge", "Anträgen", 2000),
           ("n", "Angebot", "Angebote", "Angeboten", 200), ("m", "Arbeitsablauf", "Arbeitsabläufe", "Arbeitsabläufen", 300)],
    projects=[
        ("n", "Digitalprojekt", "digitalprojekt", "vereinfacht Abläufe mit digitalen Werkzeugen",
         "Abläufe zu vereinfachen"),
        ("f", "Serviceplattform", "serviceplattform", "macht Angebote leichter zugänglich",
         "Angebote leichter zugänglich zu machen"),
    ],
    goals=["Abläufe zu vereinfachen", "Angebote leichter zugänglich zu machen"],
    metrics=[("die Bearbeitungszeit", "Bearbeitungszeit", "down"), ("die Zahl der Nutzenden", "Nutzende", "up")],
    audiences=[("Bürgerinnen und Bürger", "Bürgerinnen und Bürgern", 20000)],
    actors=[("das Hauptamt", "dem Hauptamt")],
    units=["Hauptamt"], mailboxes=["info"], tags=["digitalisierung"], sdgs=[16],
    en=dict(nouns=[("procedure", "procedures"), ("application", "applications")], projects=["digital project"],
            goals=["to simplify procedures"], metrics=[("the processing time", "Processing time", "down")],
            audiences=["residents"], actors=["the central administration office"], units=["Central Administration"]),
)

for _data in (*_TOPICS.values(), _GENERIC_TOPIC):
    _data["countable"] = [noun for noun in _data["nouns"] if noun[4]] or _GENERIC_TOPIC["nouns"]
del _data

# --- sentence templates ----------------------------------------------------------------------------
# Slots are filled per sentence (see _Fill): a noun ({sg} {pl} {dpl} {nom} {akk} {dat}), a countable
# noun with a number ({cnt} {cpl} {cdpl}), an audience ({aud} {aud_dat} {aud_cnt}), an actor
# ({actor} {actor_dat}), a metric ({metric} {verb_past} {verb_pres}), numbers and the case's constants.

_DE_PROBLEM = [
    "Bis {y_before} wurden {pl} in {place} überwiegend auf Papier bearbeitet.",
    "Jedes Jahr kamen rund {cnt} {cpl} bei {org_dat} zusammen, und die Bearbeitung dauerte oft mehrere Wochen.",
    "Viele {aud} beklagten lange Wartezeiten und fehlende Informationen zum Stand ihrer {cpl}.",
    "Die Daten zu {dpl} lagen verstreut in Tabellen, Ordnern und einzelnen Fachanwendungen.",
    "{actor} hatte kaum einen Überblick darüber, welche {cpl} gerade in Arbeit waren.",
    "Ein Vergleich mit anderen Kommunen zeigte, dass sich {pl} deutlich einfacher organisieren lassen.",
    "Medienbrüche zwischen Post, E-Mail und Fachverfahren führten regelmäßig zu Rückfragen und doppelter Erfassung.",
    "{council} beauftragte die Verwaltung im Jahr {y_before}, ein Konzept vorzulegen, um {goal}.",
    "Besonders {aud} waren auf verlässliche Auskünfte zu {dpl} angewiesen.",
    "Die bisherige Software war veraltet und wurde vom Hersteller nicht mehr weiterentwickelt.",
    "Umfragen zeigten, dass viele Angebote rund um {akk} in der Bevölkerung kaum bekannt waren.",
    "Die Abstimmung zwischen {actor_dat} und den übrigen Ämtern lief fast nur über E-Mail und Telefon.",
    "Im Jahr {y_before} dauerte es im Durchschnitt {days_hi} Tage, bis eine Anfrage zu {dpl} beantwortet war.",
    "Der demografische Wandel verschärfte die Lage, weil erfahrene Beschäftigte in den Ruhestand gingen.",
    "Der Haushalt ließ zunächst kaum Spielraum, um {goal}.",
    "Die Zuständigkeiten für {akk} waren auf mehrere Stellen verteilt, sodass niemand den Gesamtprozess verantwortete.",
    "Gleichzeitig stiegen die Erwartungen: {aud} wünschten sich digitale Angebote, wie sie sie aus dem Alltag kennen.",
    "Fehlende Schnittstellen machten jede Auswertung zu {dpl} zu mühsamer Handarbeit.",
    "Wer sich über {akk} informieren wollte, musste oft mehrere Stellen anrufen.",
    "Hinzu kam, dass {cnt} {cpl} pro Jahr mit einem einzigen Fachverfahren kaum noch zu bewältigen waren.",
]

_DE_PROBLEM_ITEMS = [
    "lange Bearbeitungszeiten bei {dpl}", "viele Rückfragen von {aud_dat}", "doppelte Datenerfassung",
    "fehlende Übersicht über offene {cpl}", "veraltete Software ohne Schnittstellen",
    "unklare Zuständigkeiten zwischen den Ämtern", "hoher Papierverbrauch", "wenig Transparenz für {aud}",
    "Personalengpässe in {actor_dat}",
]

_DE_SOLUTION = [
    "{org} entschied sich im Jahr {y_start} für {proj_akk}.",
    "Ein Team aus {actor_dat}, der IT-Abteilung und dem Datenschutz erarbeitete zunächst die Anforderungen.",
    "In {n} Workshops wurden die Abläufe rund um {akk} gemeinsam mit {aud_dat} aufgenommen und vereinfacht.",
    "Technische Grundlage ist {tool}, die an die vorhandenen Fachverfahren angebunden wurde.",
    "{partner} unterstützte bei der technischen Umsetzung und im Betrieb.",
    "Die Einführung erfolgte schrittweise: Zuerst wurde ein Pilotbereich umgestellt, danach folgte der Rest der Verwaltung.",
    "Parallel dazu wurden rund {n_staff} Beschäftigte im Umgang mit den neuen Abläufen geschult.",
    "Datenschutz und Informationssicherheit wurden von Anfang an mit den zuständigen Stellen abgestimmt.",
    "Die Projektleitung lag bei {actor_dat}; wöchentliche Abstimmungen hielten alle Beteiligten auf dem gleichen Stand.",
    "Um {goal}, wurden Vorlagen, Textbausteine und Checklisten vereinheitlicht.",
    "An einer Befragung zur Gestaltung beteiligten sich {n_survey} Personen.",
    "Die Lösung wurde in {months} Monaten entwickelt und im Jahr {y_live} freigeschaltet.",
    "Schnittstellen nach offenen Standards sorgen dafür, dass Daten zu {dpl} auch anderen Ämtern zur Verfügung stehen.",
    "Ein Beirat aus Politik, Verwaltung und Zivilgesellschaft begleitete das Vorhaben.",
    "{council} stellte dafür im Haushalt {y_start} eigene Mittel bereit.",
    "Für {aud} wurden eigene Sprechstunden und kurze Erklärvideos angeboten.",
    "Bei der Gestaltung standen Barrierefreiheit und einfache Sprache im Vordergrund.",
    "Ein regelmäßiger Austausch mit {aud_dat} half, Schwachstellen früh zu erkennen.",
    "Alle Informationen zu {dpl} sind nun an einer Stelle gebündelt und für die Beschäftigten jederzeit abrufbar.",
    "Die Beschaffung lief über einen bestehenden Rahmenvertrag, was das Verfahren deutlich verkürzte.",
]

_DE_SOLUTION_PLAN = [
    "{org} plant, {proj_akk} ab {y_live} schrittweise einzuführen.",
    "Derzeit erarbeitet {actor} gemeinsam mit der IT-Abteilung die Anforderungen.",
    "Geplant sind {n} Workshops, in denen die Abläufe rund um {akk} gemeinsam mit {aud_dat} aufgenommen werden.",
    "Als technische Grundlage ist {tool} vorgesehen.",
    "Erste Gespräche mit {partner_dat} laufen bereits.",
    "Ziel ist es, {goal}.",
    "Ein Pilotbereich soll zuerst umgestellt werden, bevor die übrige Verwaltung folgt.",
    "Datenschutz und Informationssicherheit werden von Beginn an mitgedacht.",
    "Für die Umsetzung rechnet {org} mit etwa {months} Monaten.",
    "{council} hat im Jahr {y_start} einen Grundsatzbeschluss gefasst.",
    "Eine Befragung von {aud_dat} soll klären, welche Funktionen am dringendsten gebraucht werden.",
    "Offene Standards sollen sicherstellen, dass Daten zu {dpl} später auch anderen Ämtern zur Verfügung stehen.",
    "Die Kosten sollen zum Teil über Fördermittel gedeckt werden.",
]

_DE_STEPS = [
    "Bestandsaufnahme der bisherigen Abläufe rund um {akk}", "Auswahl einer geeigneten Lösung",
    "Pilotbetrieb mit {n} ausgewählten {cdpl}", "Schulung der Beschäftigten in {actor_dat}",
    "Öffentlichkeitsarbeit über Amtsblatt, Website und soziale Medien", "Auswertung und Anpassung nach {months} Monaten",
    "Anbindung an das Servicekonto und die bestehenden Fachverfahren", "Abstimmung mit Personalrat und Datenschutz",
    "Praxistest mit {aud_dat}", "Übergang in den Regelbetrieb",
]

_DE_RESULTS = [
    "Innerhalb von {months} Monaten {verb_past} {metric} um {pct} Prozent.",
    "{metric} {verb_past} seit dem Start um rund {pct} Prozent.",
    "Inzwischen werden {pct_hi} Prozent aller {cpl} digital abgewickelt.",
    "Mehr als {aud_cnt} {aud} haben das Angebot bereits genutzt.",
    "In einer Befragung bewerteten {pct_hi} Prozent der Nutzenden das neue Verfahren mit gut oder sehr gut.",
    "Rückfragen zu {cdpl} gingen spürbar zurück, weil der Bearbeitungsstand jederzeit einsehbar ist.",
    "{actor} spart nach eigener Schätzung rund {hours} Stunden pro Woche.",
    "Nicht alle Erwartungen haben sich erfüllt: Ein Teil der Menschen nutzt weiterhin lieber den persönlichen Kontakt.",
    "Seit dem Start wurden über {cnt} {cpl} im neuen Verfahren erfasst.",
    "Die Lösung läuft stabil, größere Ausfälle gab es seit der Einführung nicht.",
    "Andere Fachbereiche haben bereits Interesse angemeldet, das Vorgehen zu übernehmen.",
    "Die Beschäftigten berichten von weniger Routinearbeit und mehr Zeit für schwierige Fälle.",
    "Auch die Zusammenarbeit zwischen {actor_dat} und den übrigen Ämtern hat sich verbessert.",
    "Besonders {aud} profitieren, weil Wege und Wartezeiten entfallen.",
]

_DE_RESULTS_PLAN = [
    "Ergebnisse liegen noch nicht vor.",
    "Erwartet wird, dass {metric} um rund {pct} Prozent {verb_pres}.",
    "Eine erste Auswertung ist für {y_eval} geplant.",
    "Als wichtigste Kennzahl für den Erfolg gilt {metric}.",
    "Schon die Vorbereitung hat geholfen, Abläufe rund um {akk} zu hinterfragen.",
    "Mehrere Nachbarkommunen verfolgen das Vorhaben mit Interesse.",
]

_DE_EXPERIENCE = [
    "Entscheidend war, die Beschäftigten früh einzubinden und ihre Erfahrungen ernst zu nehmen.",
    "Rückblickend hätte mehr Zeit für die Bereinigung der Daten eingeplant werden sollen.",
    "Ein kleiner Pilot mit echten {cdpl} half, Fehler früh zu erkennen.",
    "Die Rückendeckung durch die Verwaltungsspitze war unverzichtbar.",
    "Klare Zuständigkeiten zwischen {actor_dat} und der IT haben viele Konflikte vermieden.",
    "Es lohnt sich, nicht alles auf einmal umzustellen, sondern mit den häufigsten {cdpl} zu beginnen.",
    "Offene Standards zahlen sich aus, weil sich einzelne Bausteine später wiederverwenden lassen.",
    "Der Austausch mit anderen Kommunen, etwa über {network}, hat viel Zeit gespart.",
    "Die Kommunikation nach außen sollte genauso sorgfältig geplant werden wie die Technik.",
    "Schwierig war die Beschaffung: Die Ausschreibung dauerte länger als geplant.",
    "Heute würde das Team {proj_akk} früher gemeinsam mit {aud_dat} testen.",
    "Ohne feste Ansprechpersonen in den Fachämtern wäre die Einführung deutlich langsamer verlaufen.",
    "Unterschätzt wurde, wie viel Begleitung {aud} beim Umstieg brauchen.",
    "Kleine, sichtbare Erfolge haben die Akzeptanz im Haus spürbar erhöht.",
    "Gute Daten zu {dpl} sind die Grundlage für alles Weitere.",
]

_DE_COST_EXTRA = [
    "Ein großer Teil des Aufwands entfiel auf die Abstimmung mit den Fachämtern und auf Schulungen.",
    "Unterschätzt wurde der Aufwand für die Bereinigung und Übernahme alter Daten.",
    "Wer das Vorgehen übernimmt, kann mit deutlich geringeren Kosten rechnen, weil Konzept und Vorlagen bereits vorliegen.",
    "Die Kosten wurden überwiegend aus dem laufenden Haushalt {org_gen} getragen.",
    "Dem Aufwand stehen Einsparungen bei Porto, Papier und Arbeitszeit gegenüber.",
    "Die Folgekosten sind überschaubar, weil der Betrieb beim kommunalen Rechenzentrum liegt.",
]

_DE_REQUIREMENT_ITEMS = [
    "eine verantwortliche Stelle mit Entscheidungsbefugnis", "Unterstützung durch die Verwaltungsspitze",
    "Bereitschaft, Abläufe rund um {akk} zu verändern", "Zugang zu einem Servicekonto oder einer vergleichbaren Anmeldung",
    "eine Ansprechperson in {actor_dat}", "Mittel für Schulungen und Öffentlichkeitsarbeit",
    "eine stabile Internetanbindung der beteiligten Standorte", "Abstimmung mit Datenschutz und Personalvertretung",
    "Grunddaten zu {dpl} in digitaler Form", "etwas Zeit für einen Pilotbetrieb",
]

_DE_REQUIREMENT_LEADS = [
    "Eine übernehmende Kommune braucht vor allem Rückhalt in der Verwaltungsspitze und eine Stelle, die das Vorhaben steuert.",
    "Für die Nachnutzung sind keine besonderen technischen Voraussetzungen nötig.",
    "Wer das Vorgehen übernehmen will, sollte die eigenen Abläufe rund um {akk} gut kennen.",
    "Voraussetzung ist eine Fachabteilung, die bereit ist, gewohnte Abläufe zu verändern.",
    "Benötigt werden eine Projektverantwortliche oder ein Projektverantwortlicher und etwas Budget für die Einführung.",
]

_DE_LEVEL = {
    "inspiration": ["Übertragbar ist vor allem die Idee; ausgearbeitete Unterlagen gibt es bisher nicht.",
                    "Wer Ähnliches plant, kann sich am Vorgehen orientieren, muss die Details aber selbst ausarbeiten."],
    "concept": ["Ein ausführliches Konzept steht anderen Kommunen auf Anfrage zur Verfügung.",
                "Das Konzept beschreibt Ziele, Rollen und Abläufe so, dass es sich auf andere Kommunen übertragen lässt."],
    "guide": ["Ein Leitfaden mit Vorlagen, Checklisten und Musterschreiben beschreibt jeden Schritt.",
              "Alle Vorlagen aus dem Projekt sind veröffentlicht und können direkt angepasst werden."],
    "software": ["Die Software steht unter einer offenen Lizenz und kann von anderen Kommunen frei nachgenutzt werden.",
                 "Der Quellcode ist öffentlich; Verbesserungen fließen an alle nutzenden Kommunen zurück."],
    "service": ["Andere Kommunen können sich dem laufenden Dienst anschließen und zahlen dafür einen Kostenbeitrag.",
                "Der Betrieb läuft zentral, sodass sich weitere Kommunen ohne eigene Technik anschließen können."],
}
_DE_EFFORT = {
    "low": "Der Aufwand für eine Übernahme ist gering: Ein kleines Team kann in wenigen Wochen starten.",
    "medium": "Für die Übernahme sollte mit einem mittleren Aufwand von einigen Monaten gerechnet werden.",
    "high": "Die Übernahme ist aufwendig und erfordert eigenes Personal, Budget und einen langen Atem.",
}
_DE_LEAD = [
    "Beteiligt sind {actor} und {partner}.",
    "Im Mittelpunkt stehen {aud} und ihre Anliegen.",
    "Dieser Bericht beschreibt Ausgangslage, Umsetzung, Kosten und die wichtigsten Erfahrungen.",
    "Die Idee entstand im Jahr {y_before} aus dem Alltag der Verwaltung.",
    "Ziel ist es, {proj_goal}.",
]
_DE_TRANSFER = [
    "Für Rückfragen steht {actor} anderen Kommunen gern zur Verfügung.",
    "Die Unterlagen sind bewusst allgemein gehalten, damit sie sich an andere Rahmenbedingungen anpassen lassen.",
    "Wichtig ist, die eigenen Abläufe rund um {akk} vorher genau anzusehen.",
    "Mehrere Kommunen haben bereits Teile des Vorgehens übernommen.",
    "Eine gemeinsame Beschaffung mit Nachbarkommunen kann die Kosten deutlich senken.",
    "Für kleinere Kommunen bietet sich eine Zusammenarbeit über den Landkreis oder einen Zweckverband an.",
    "Die technische Lösung ist austauschbar; entscheidend sind klare Abläufe und Zuständigkeiten.",
    "Wer nachnutzen möchte, sollte mit einem kleinen Pilotbereich und wenigen {cdpl} beginnen.",
    "Auch ohne eigene IT-Abteilung lässt sich das Vorgehen mit einem externen Dienstleister umsetzen.",
]
_DE_SIZES = ["kleine Gemeinden mit wenig Personal", "mittelgroße Städte", "Landkreise und ihre Gemeinden",
             "Kommunen jeder Größe", "große Städte mit eigener IT-Abteilung", "ländlich geprägte Regionen"]
_DE_STATUS = {"idea": "befindet sich noch in der Ideenphase", "planning": "ist in Planung",
              "pilot": "läuft als Pilotprojekt", "operation": "ist im Regelbetrieb",
              "completed": "ist abgeschlossen", "discontinued": "wurde inzwischen eingestellt"}
_DE_REASONS = ["die Förderung auslief", "der Anbieter den Betrieb beendete",
               "die Nutzung hinter den Erwartungen zurückblieb", "eine landesweite Lösung eingeführt wurde"]
_DE_NETWORKS = ["den Städtetag", "regionale Arbeitskreise", "die Praxisbörse", "den Landkreistag",
                "ein Netzwerk von Digitallotsen", "den Gemeindetag", "Fachtagungen"]
_DE_TOOLS = ["eine Open-Source-Plattform", "eine Low-Code-Plattform", "eine Cloud-Lösung des kommunalen Rechenzentrums",
             "eine Standardsoftware mit offenen Schnittstellen", "eine schlanke Webanwendung",
             "eine Datenplattform auf Basis offener Standards", "eine App für Smartphone und Tablet"]

_EN_PROBLEM = [
    "Until {y_before}, most {pl} in {place} were handled on paper.",
    "Every year the administration received about {cnt} requests about {pl}, and answers often took weeks.",
    "Many {aud} complained about long waits and missing information.",
    "Data on {pl} was scattered across spreadsheets, folders and separate systems.",
    "{actor} could hardly keep track of which {pl} were in progress.",
    "A comparison with other municipalities showed that {pl} could be organised much more simply.",
    "Switching between post, e-mail and specialist software led to questions and double data entry.",
    "In {y_before}, the council asked the administration for a concept {goal}.",
    "The existing software was outdated and no longer maintained by its vendor.",
    "Responsibility for {pl} was spread across several offices, so nobody owned the whole process.",
]
_EN_SOLUTION = [
    "In {y_start}, {org} decided to introduce {a_proj}.",
    "A team from {actor} and the IT department first collected the requirements.",
    "In {n} workshops, the processes for {pl} were mapped and simplified together with {aud}.",
    "The technical basis is {tool_en}, connected to the existing specialist systems.",
    "{partner_en} supported the technical implementation and operation.",
    "The roll-out was gradual: a pilot area came first, the rest of the administration followed.",
    "About {n_staff} members of staff were trained in the new processes.",
    "Data protection and information security were agreed with the data protection officer from the start.",
    "The solution was developed in {months} months and went live in {y_live}.",
    "Open standards make sure that data on {pl} is available to other departments as well.",
]
_EN_SOLUTION_PLAN = [
    "{org} plans to introduce {a_proj} step by step from {y_live}.",
    "{actor} is currently collecting the requirements together with the IT department.",
    "{n} workshops with {aud} are planned to map the processes for {pl}.",
    "The technical basis is expected to be {tool_en}.",
    "The aim is {goal}.",
    "A pilot area will be switched over first, the rest of the administration will follow.",
    "Data protection and information security are part of the planning from the beginning.",
]
_EN_RESULTS = [
    "Within {months} months, {metric} {verb_past} by {pct} percent.",
    "Today {pct_hi} percent of all {pl} are handled digitally.",
    "More than {aud_cnt} {aud} have already used the service.",
    "In a survey, {pct_hi} percent of users rated the new process as good or very good.",
    "Questions about {pl} dropped noticeably because their status can be checked at any time.",
    "{actor} saves around {hours} hours a week by its own estimate.",
    "Not every expectation was met: some people still prefer personal contact.",
    "The solution runs reliably; there have been no major outages since the launch.",
]
_EN_RESULTS_PLAN = [
    "There are no results yet.",
    "It is expected that {metric} {verb_pres} by about {pct} percent.",
    "A first evaluation is planned for {y_eval}.",
    "Several neighbouring municipalities are following the project with interest.",
]
_EN_EXPERIENCE = [
    "It was crucial to involve staff early and to take their experience seriously.",
    "Looking back, more time should have been planned for cleaning up data.",
    "A small pilot with real {pl} helped to find mistakes early.",
    "Support from the top of the administration was essential.",
    "We recommend not changing everything at once but starting with the most frequent {pl}.",
    "Open standards pay off because components can be reused later.",
    "Communication with the public deserves as much care as the technology.",
    "Procurement was difficult: the tender took longer than planned.",
    "Exchanging experience with other municipalities saved a lot of time.",
]
_EN_STEPS = ["Review of the existing processes for {pl}", "Choice of a suitable solution", "Pilot with {n} {pl}",
             "Training for staff", "Public information through the website and local press",
             "Evaluation and adjustments after {months} months", "Transition to regular operation"]
_EN_LEVEL = {
    "inspiration": "Mainly the idea can be reused; there is no detailed documentation yet.",
    "concept": "A detailed concept is available to other municipalities on request.",
    "guide": "A step-by-step guide with templates and checklists describes every stage.",
    "software": "The software is published under an open licence and can be reused freely.",
    "service": "Other municipalities can join the running service for a cost contribution.",
}
_EN_EFFORT = {"low": "Adopting the approach takes little effort: a small team can start within weeks.",
              "medium": "Adopters should plan for a moderate effort of a few months.",
              "high": "Adopting the approach is demanding and needs dedicated staff and budget."}
_EN_REQUIREMENTS = ["An adopting municipality needs support from its leadership and one office that steers the work.",
                    "No special technical prerequisites are needed to reuse the approach.",
                    "Adopters need a project lead, a small budget for the introduction and time for a pilot."]
_EN_TOOLS = ["an open-source platform", "a low-code platform", "a cloud service run by the municipal IT provider",
             "standard software with open interfaces", "a lean web application"]
_EN_STATUS = {"idea": "is still an idea", "planning": "is being planned", "pilot": "is running as a pilot",
              "operation": "is in regular operation", "completed": "has been completed",
              "discontinued": "has been discontinued"}

# --- names -------------------------------------------------------------------------------------------

_PREFIXES = [
    "Mittel", "Neu", "Alt", "Ober", "Unter", "Eichen", "Linden", "Birken", "Buchen", "Tannen", "Erlen", "Wiesen",
    "Rosen", "Sonnen", "Stein", "Berg", "Wald", "Hohen", "Nieder", "Kirch", "Mühl", "Hasel", "Weiden", "Fichten",
    "Eschen", "Ahorn", "Kranich", "Falken", "Adler", "Hirsch", "Fuchs", "Wolfs", "Schwanen", "Raben", "Lerchen",
    "Marien", "Grün", "Blau", "Roth", "Weiß", "Schön", "Lang", "Breit", "Kalten", "Sand", "Moor", "Heide", "Fels",
    "Holz", "Korn", "Hafer", "Frieden", "Hain", "Quell", "Eisen", "Silber", "Gold", "Salz", "Burg", "Dorn", "Ebers",
    "Bären", "Otter", "Espen", "Ulmen", "Kiefern", "Holder", "Rauten", "Brom", "Lauter", "Wendel", "Hagen",
]
_SUFFIXES = [
    "au", "bach", "berg", "burg", "dorf", "feld", "felde", "hagen", "hausen", "heim", "hofen", "ingen", "stadt",
    "tal", "wald", "walde", "see", "brück", "born", "brunn", "furt", "stein", "rode", "weiler", "kirchen", "münster",
    "leben", "ow", "itz", "hain", "horst", "wiese", "kamp", "büttel", "wedel", "stedt", "garten", "loh", "mark",
    "winkel", "grund", "ried", "holz", "haupten",
]
_COMBOS = [p + s for p in _PREFIXES for s in _SUFFIXES
           if not p.lower().endswith(s) and not (p[-1] == s[0] and p[-1] in "aeiouhns")]
_QUALIFIERS = ["am See", "an der Aue", "im Grund", "am Wald", "an der Heide", "im Ried", "am Hang", "an der Lohe",
               "vor dem Walde", "im Tal"]
_ES_PARTS = (["Villa", "Torre", "Mira", "Val", "Monte", "Fuente", "Alba", "Campo", "Roca", "Vega"],
             ["nueva", "flores", "mar", "verde", "real", "sol", "blanca", "alta", "clara", "seca"])
_NO_PARTS = (["Fjell", "Berg", "Nord", "Lille", "Øster", "Vester", "Sol", "Strand", "Elve", "Skog"],
             ["vik", "dal", "heim", "sund", "nes", "by", "fjord", "øy", "stad", "vang"])
_FIRST_NAMES = ["Anna", "Jonas", "Lea", "Lukas", "Sophie", "Felix", "Marie", "Paul", "Hannah", "Tobias", "Julia",
                "Murat", "Elif", "Katrin", "Stefan", "Ingrid", "Mehmet", "Sabine", "Thomas", "Aylin", "Jana", "Niklas",
                "Olga", "Dirk", "Fatma", "Henrik", "Claudia", "Ole", "Miriam", "Jan"]
_LAST_NAMES = ["Becker", "Schneider", "Hoffmann", "Wagner", "Krüger", "Schulz", "Yılmaz", "Neumann", "Brandt",
               "Lorenz", "Vogel", "Kaiser", "Arslan", "Petersen", "Hansen", "Frank", "Seidel", "Winkler", "Kowalski",
               "Busch", "Roth", "Engel", "Haas", "Sommer", "Albrecht", "Demir", "Jung", "Keller", "Lehmann", "Otto"]
_REGIONS = ["Nord", "Süd", "Ost", "West", "Mitte", "Südwest", "Nordost", "Rhein", "Elbe", "Main"]
_PROGRAMMES = ["Förderprogramm Digitale Kommune", "Modellvorhaben Smarte Region",
               "Europäischer Fonds für regionale Entwicklung (EFRE)", "Kommunalrichtlinie Klimaschutz",
               "Zukunftsfonds Ländlicher Raum", "Innovationsfonds Verwaltung", "LEADER-Regionalbudget",
               "Sonderprogramm Digitale Bildung", "Programm Starke Innenstädte"]
_FUNDERS = ["Landesministerium für Digitales", "Bundesministerium (Förderaufruf)", "Europäische Union",
            "Stiftung Kommunale Zukunft", "Landesförderbank", "Lokale Aktionsgruppe"]
_COST_NOTES = ["Kosten einschließlich Lizenzen für die ersten drei Jahre.", "Ohne eigene Personalkosten.",
               "Ein Teil der Kosten wird über eine interkommunale Kooperation geteilt.",
               "Schätzung auf Basis der Haushaltsansätze.",
               "Hardware wurde über einen Rahmenvertrag des Landes beschafft.",
               "Einsparungen bei Porto und Druck sind nicht eingerechnet.",
               "Die laufenden Kosten teilen sich die beteiligten Kommunen nach Einwohnerzahl."]
_EN_COST_NOTES = ["Costs include licences for the first three years.", "Staff costs are not included.",
                  "Estimate based on budget figures."]
_SOFTWARE_LICENSES = ["EUPL-1.2", "MIT", "Apache-2.0", "AGPL-3.0-or-later", "GPL-3.0-or-later"]
_TEXT_LICENSES = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"]
_GENERIC_TAGS = ["open-source", "open-data", "interkommunal", "nachnutzung", "ki", "barrierefreiheit",
                 "onlinezugangsgesetz", "foerderung"]

# Relative weights; a slug the vocabulary gains later gets weight 1 (never a KeyError).
_STATE_WEIGHTS = {"NW": 18, "BY": 13, "BW": 11, "NI": 8, "HE": 6, "SN": 4, "RP": 4, "BE": 3, "SH": 3, "BB": 2.5,
                  "ST": 2.2, "TH": 2.1, "HH": 1.5, "MV": 1.6, "SL": 1.2, "HB": 1}
_TYPE_WEIGHTS_DE = {"municipality": 30, "city": 38, "district": 15, "association": 8, "state": 4, "federal": 3,
                    "international": 0}
_TYPE_WEIGHTS_ABROAD = {"municipality": 40, "city": 35, "international": 25}
_STATUS_WEIGHTS = {"idea": 5, "planning": 10, "pilot": 20, "operation": 40, "completed": 15, "discontinued": 10}
_LEVEL_WEIGHTS = {"inspiration": 20, "concept": 25, "guide": 25, "software": 15, "service": 15}
_EFFORT_WEIGHTS = {"low": 30, "medium": 45, "high": 25}
_START_YEARS = {"idea": (2024, 2026), "planning": (2022, 2026), "pilot": (2018, 2026), "operation": (2012, 2025),
                "completed": (2012, 2024), "discontinued": (2012, 2024)}
_ABROAD = ["AT", "CH", "ES", "NO"]
_PHONE_PREFIX = {"DE": "+49", "AT": "+43", "CH": "+41", "ES": "+34", "NO": "+47", "BE": "+32"}

_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue",
                        "ø": "o", "Ø": "o", "æ": "ae", "å": "a", "ı": "i"})


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    out, dash = [], False
    for ch in text.lower():
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
            dash = False
        elif not unicodedata.combining(ch) and not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _coprime_step(modulus: int) -> int:
    step = int(modulus * 0.6180339887) | 1
    while math.gcd(step, modulus) != 1:
        step += 2
    return step


_NAME_STEP = _coprime_step(len(_COMBOS))
_AGS_STEP = 777_777                    # coprime to 10**6: distinct municipalities get distinct numbers


def _pick(rng: random.Random, seq: Sequence[Any]) -> Any:
    """rng.choice, but faster (one call to random())."""
    return seq[int(rng.random() * len(seq))]


def _randint(rng: random.Random, low: int, high: int) -> int:
    """rng.randint, but faster (one call to random())."""
    return low + int(rng.random() * (high - low + 1))


def _sample(rng: random.Random, pool: Sequence[Any], k: int) -> list[Any]:
    """rng.sample for the small pools used here, faster; large pools go to rng.sample."""
    if len(pool) > 64:
        return rng.sample(pool, k)
    items = list(pool)
    n = len(items)
    for i in range(k):
        j = i + int(rng.random() * (n - i))
        items[i], items[j] = items[j], items[i]
    return items[:k]


def _weighted(rng: random.Random, slugs: Sequence[str], weights: dict[str, float]) -> str:
    return rng.choices(slugs, [weights.get(slug, 1) for slug in slugs])[0]


def _num(value: int) -> str:
    """German thousands separator: 12.345."""
    return f"{value:,}".replace(",", ".")


def _nice(value: float) -> int:
    value = int(value)
    if value >= 1_000_000:
        return round(value, -4)
    if value >= 10_000:
        return round(value, -3)
    if value >= 1_000:
        return round(value, -2)
    if value >= 100:
        return round(value, -1)
    return max(value, 1)


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_CONTRACTIONS = (("in dem ", "im "), ("bei dem ", "beim "), ("von dem ", "vom "), ("zu dem ", "zum "),
                 ("an dem ", "am "))


def _contract(text: str) -> str:
    """German preposition + article contractions: 'bei dem Bauamt' -> 'beim Bauamt'."""
    if " dem " in text:
        for long, short in _CONTRACTIONS:
            text = text.replace(long, short)
    return text


def _join_de(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def _join_en(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _a(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


# --- municipalities ----------------------------------------------------------------------------------

class _Municipality:
    """One fictional organisation; the same for every case that names it."""

    __slots__ = ("name", "type", "country", "state", "ags", "population", "nom", "dat", "gen", "en", "council",
                 "place", "root", "domain", "phone_area")

    def __init__(self, seed: int, j: int, name_offset: int, ags_offset: int) -> None:
        rng = random.Random(f"{seed}-m-{j}")
        count = len(_COMBOS)
        k = (_NAME_STEP * j + name_offset) % count
        round_ = j // count
        place = _COMBOS[k]
        if round_:
            place += " " + _QUALIFIERS[(round_ - 1) % len(_QUALIFIERS)]
            if round_ > len(_QUALIFIERS):
                place += f" {round_}"
        types = vocabularies.organisation_types().slugs
        abroad = k % 25 == 7           # about 4 % of the municipalities lie outside Germany
        self.state = self.ags = None
        self.population: int | None = None
        if abroad:
            self.country = _ABROAD[(k // 25) % len(_ABROAD)]
            self.type = _weighted(rng, [t for t in types if t in _TYPE_WEIGHTS_ABROAD], _TYPE_WEIGHTS_ABROAD)
            index = k // 100 + 7 * round_
            if self.country == "ES":
                place = _ES_PARTS[0][index % 10] + _ES_PARTS[1][(index // 10) % 10]
                if index >= 100:
                    place += f" de {_COMBOS[k]}"
            elif self.country == "NO":
                place = _NO_PARTS[0][index % 10] + _NO_PARTS[1][(index // 10) % 10]
                if index >= 100:
                    place = f"{_COMBOS[k]}-{place}"
        else:
            self.country = "DE"
            states = vocabularies.states()
            self.state = _weighted(rng, states.slugs, _STATE_WEIGHTS)
            self.type = _weighted(rng, types, _TYPE_WEIGHTS_DE)
        self.place = place
        self._naming(rng, place)
        if self.country == "DE" and self.type in ("municipality", "city") and not self.name.startswith("Bezirksamt"):
            if rng.random() < 0.8:
                prefix = str(vocabularies.states().extra[self.state].get("ags", "00"))
                self.ags = f"{prefix}{(_AGS_STEP * j + ags_offset) % 1_000_000:06d}"
        self.population = self._population(rng)
        self.domain = f"{self.root}.example"
        self.phone_area = str(_randint(rng, 30, 9989))

    def _naming(self, rng: random.Random, p: str) -> None:
        t, country, state = self.type, self.country, self.state
        slug = _slug(p)
        self.council = "der Gemeinderat"
        self.root = slug
        if t == "international":
            self.country = "BE"
            self.name = f"Europäisches Kommunalnetzwerk {p}"
            self.nom, self.dat = f"das Europäische Kommunalnetzwerk {p}", f"dem Europäischen Kommunalnetzwerk {p}"
            self.gen = f"des Europäischen Kommunalnetzwerks {p}"
            self.en, self.council, self.root = f"the European municipal network {p}", "die Mitgliederversammlung", \
                f"netzwerk-{slug}"
            return
        elif country == "ES":
            self.name, self.nom = f"Ayuntamiento de {p}", ("die Stadt " if t == "city" else "die Gemeinde ") + p
            self.en = f"the city council of {p}"
        elif country == "NO":
            self.name, self.nom, self.en = f"{p} kommune", f"die Kommune {p}", f"{p} municipality"
            self.council = "das Kommunalparlament"
        elif country == "AT":
            kind = "Stadtgemeinde" if t == "city" else _pick(rng, ["Marktgemeinde", "Gemeinde"])
            self.name = self.nom = f"{kind} {p}"
            self.nom = f"die {kind} {p}"
            self.en = f"the {'town' if t == 'city' else 'municipality'} of {p}"
        elif country == "CH":
            kind = "Stadt" if t == "city" else "Gemeinde"
            self.name, self.nom = f"{kind} {p}", f"die {kind} {p}"
            self.en = f"the {'town' if t == 'city' else 'municipality'} of {p}"
        elif state in ("BE", "HH") and t in ("municipality", "city"):
            self.type = "city"
            self._set("n", "Bezirksamt", p, "Bezirksamts", f"the district office of {p}")
            self.council = "die Bezirksverordnetenversammlung" if state == "BE" else "die Bezirksversammlung"
            self.root = f"bezirksamt-{slug}"
            return
        elif t == "city":
            kind = "Stadt"
            roll = rng.random()
            if state in ("NI", "SH", "MV") and roll < 0.15:
                kind = "Hansestadt"
            elif state in ("BW", "SN") and roll < 0.15:
                self.name = f"Große Kreisstadt {p}"
                self.nom, self.dat = f"die Große Kreisstadt {p}", f"der Großen Kreisstadt {p}"
                self.gen, self.en = self.dat, f"the town of {p}"
                self.council = "der Gemeinderat"
                return
            self.name, self.nom = f"{kind} {p}", f"die {kind} {p}"
            self.en = f"the town of {p}"
            self.council = {"BW": "der Gemeinderat", "HE": "die Stadtverordnetenversammlung",
                            "BB": "die Stadtverordnetenversammlung", "NI": "der Rat"}.get(state, "der Stadtrat")
        elif t == "municipality":
            roll = rng.random()
            if state == "BY" and roll < 0.3:
                self._set("m", "Markt", p, "Marktes", f"the market town of {p}")
                self.council = "der Marktgemeinderat"
                return
            kind = "Ortsgemeinde" if state == "RP" and roll < 0.3 else "Gemeinde"
            self.name, self.nom, self.en = f"{kind} {p}", f"die {kind} {p}", f"the municipality of {p}"
        elif t == "district":
            kind, gen = ("Kreis", "Kreises") if state == "NW" and rng.random() < 0.3 else ("Landkreis", "Landkreises")
            self._set("m", kind, p, gen, f"the district of {p}")
            self.council, self.root = "der Kreistag", f"{_slug(kind)}-{slug}"
            return
        elif t == "association":
            if state in ("SH", "BB", "MV") and rng.random() < 0.3:
                self._set("n", "Amt", p, "Amtes", f"the Amt {p}")
                self.council, self.root = "der Amtsausschuss", f"amt-{slug}"
                return
            kind = _pick(rng, ["Zweckverband Digitale Dienste", "Zweckverband Kommunale IT"])
            self._set("m", kind, p, kind.replace("verband", "verbands", 1), f"the {kind} {p} association")
            self.council, self.root = "die Verbandsversammlung", f"zv-{slug}"
            return
        elif t == "state":
            self._set("n", "Landesamt für Digitales", p, "Landesamts für Digitales",
                      f"the state office for digital affairs in {p}")
            self.council, self.root = "die Landesregierung", f"landesamt-{slug}"
            return
        elif t == "federal":
            self._set("n", "Bundeszentrum Verwaltungsinnovation", p, "Bundeszentrums Verwaltungsinnovation",
                      f"the federal centre for administrative innovation in {p}")
            self.council, self.root = "das zuständige Ministerium", f"bund-{slug}"
            return
        else:  # a type the vocabulary gains later
            self._set("f", "Organisation", p, "Organisation", f"the organisation {p}")
            return
        # feminine forms (Stadt, Gemeinde, Kommune, …)
        self.dat = self.gen = "der" + self.nom[3:]

    def _set(self, gender: str, kind: str, place: str, genitive: str, en: str) -> None:
        self.name = f"{kind} {place}"
        self.nom = f"{_NOM[gender]} {kind} {place}"
        self.dat = f"{_DAT[gender]} {kind} {place}"
        self.gen = f"{'der' if gender == 'f' else 'des'} {genitive} {place}"
        self.en = en

    def _population(self, rng: random.Random) -> int | None:
        t = self.type
        if t in ("federal", "international") or rng.random() < 0.12:
            return None
        if self.name.startswith("Bezirksamt"):
            low, high = 150_000, 420_000
        elif self.country != "DE":
            low, high = (8_000, 400_000) if t == "city" else (500, 20_000)
        elif t == "municipality":
            low, high = 300, 30_000
        elif t == "city":
            low, high = 4_000, 900_000
        elif t == "district":
            low, high = 40_000, 700_000
        elif t == "association":
            if rng.random() < 0.5:
                return None
            low, high = 15_000, 400_000
        elif t == "state":
            low, high = 600_000, 18_000_000
        else:
            low, high = 1_000, 100_000
        return int(_log_uniform(rng, low, high))


# --- one case --------------------------------------------------------------------------------------

class _Fill(dict):
    """Slot values for one sentence; related slots (a noun's forms) are drawn together."""

    __slots__ = ("case",)

    def __missing__(self, key: str) -> str:
        value = self.case.fixed.get(key)
        if value is None:
            self.case.draw(key, self)
            value = dict.__getitem__(self, key)
        else:
            self[key] = value
        return value


class _Case:
    def __init__(self, rng: random.Random, lang: str, topics: list[dict[str, Any]]) -> None:
        self.rng = rng
        self.lang = lang
        self.topics = topics
        self.fixed: dict[str, str] = {}
        self.scale = 1.0

    def _topic(self) -> dict[str, Any]:
        topics = self.topics
        if len(topics) == 1 or self.rng.random() < 0.85:
            return topics[0]
        return _pick(self.rng, topics[1:])

    def draw(self, key: str, fill: dict[str, str]) -> None:
        _DRAW.get(key, _Case._draw_number)(self, key, fill)

    def _draw_noun(self, key: str, fill: dict[str, str]) -> None:
        if self.lang == "en":
            sg, pl = _pick(self.rng, self._topic()["en"]["nouns"])
            fill.update(sg=sg, pl=pl, dpl=pl, nom=f"the {sg}", akk=f"the {sg}", dat=f"the {sg}")
        else:
            g, sg, pl, dpl, _ = _pick(self.rng, self._topic()["nouns"])
            fill.update(sg=sg, pl=pl, dpl=dpl, nom=f"{_NOM[g]} {sg}", akk=f"{_AKK[g]} {sg}", dat=f"{_DAT[g]} {sg}")

    def _draw_count(self, key: str, fill: dict[str, str]) -> None:
        rng, topic = self.rng, self._topic()
        countable = topic["countable"]
        g, sg, pl, dpl, scale = _pick(rng, countable)
        value = _nice(max(5, rng.uniform(0.2, 1.0) * scale * self.scale))
        if self.lang == "en":
            plural = _pick(rng, topic["en"]["nouns"])[1]
            fill.update(cnt=f"{value:,}", cpl=plural, cdpl=plural)
        else:
            fill.update(cnt=_num(value), cpl=pl, cdpl=dpl)

    def _draw_audience(self, key: str, fill: dict[str, str]) -> None:
        rng, topic = self.rng, self._topic()
        nom, dat, scale = _pick(rng, topic["audiences"])
        value = _nice(max(20, rng.uniform(0.1, 1.0) * scale * self.scale))
        if self.lang == "en":
            nom = dat = _pick(rng, topic["en"]["audiences"])
            fill.update(aud=nom, aud_dat=dat, aud_cnt=f"{value:,}")
        else:
            fill.update(aud=nom, aud_dat=dat, aud_cnt=_num(value))

    def _draw_actor(self, key: str, fill: dict[str, str]) -> None:
        if self.lang == "en":
            actor = _pick(self.rng, self._topic()["en"]["actors"])
            fill.update(actor=actor, actor_dat=actor)
        else:
            nom, dat = _pick(self.rng, self._topic()["actors"])
            fill.update(actor=nom, actor_dat=dat)

    def _draw_metric(self, key: str, fill: dict[str, str]) -> None:
        en = self.lang == "en"
        topic = self._topic()
        phrase, label, direction = _pick(self.rng, topic["en"]["metrics"] if en else topic["metrics"])
        down = direction == "down"
        if en:
            fill.update(metric=phrase, metric_label=label, verb_past="fell" if down else "rose",
                        verb_pres="falls" if down else "rises")
        else:
            fill.update(metric=phrase, metric_label=label, verb_past="sank" if down else "stieg",
                        verb_pres="sinkt" if down else "steigt")

    def _draw_other(self, key: str, fill: dict[str, str]) -> None:
        rng = self.rng
        if key == "goal":
            fill[key] = _pick(rng, self._topic()["en"]["goals"] if self.lang == "en" else self._topic()["goals"])
        elif key == "tool_en":
            fill[key] = _pick(rng, _EN_TOOLS)
        elif key == "network":
            fill[key] = _pick(rng, _DE_NETWORKS)
        else:
            tool = _pick(rng, _DE_TOOLS)
            fill.update(tool=tool, tool_dat="einer" + tool[4:])

    def _draw_number(self, key: str, fill: dict[str, str]) -> None:
        low, high = _NUMBERS[key]
        value = _randint(self.rng, low, high)
        fill[key] = _num(value) if value >= 1000 and self.lang != "en" else str(value)

    def primary(self) -> "_Case":
        """The same case, drawing only from its main topic."""
        other = _Case(self.rng, self.lang, self.topics[:1])
        other.fixed, other.scale = self.fixed, self.scale
        return other

    def fill(self) -> _Fill:
        fill = _Fill()
        fill.case = self
        return fill

    def sentence(self, template: str) -> str:
        text = _cap(template.format_map(self.fill()) if "{" in template else template)
        return _contract(text) if self.lang == "de" else text

    def sentences(self, pool: Sequence[str], k: int) -> list[str]:
        return [self.sentence(t) for t in _sample(self.rng, pool, min(k, len(pool)))]

    def paragraph(self, pool: Sequence[str], low: int, high: int, extra: Sequence[str] = ()) -> str:
        parts = self.sentences(pool, _randint(self.rng, low, high))
        for sentence in extra:
            parts.insert(_randint(self.rng, 0, len(parts)), sentence)
        return " ".join(parts)

    def paragraphs(self, pool: Sequence[str], *sizes: tuple[int, int], extra: Sequence[str] = ()) -> list[str]:
        """Several paragraphs from one pool, no sentence twice; `extra` goes into the first."""
        counts = [_randint(self.rng, low, high) for low, high in sizes]
        chosen = _sample(self.rng, pool, min(sum(counts), len(pool)))
        out, start = [], 0
        for number, count in enumerate(counts):
            parts = [self.sentence(t) for t in chosen[start:start + count]]
            start += count
            if number == 0:
                for sentence in extra:
                    parts.insert(_randint(self.rng, 0, len(parts)), sentence)
            if parts:
                out.append(" ".join(parts))
        return out

    def bullets(self, pool: Sequence[str], low: int, high: int, numbered: bool = False) -> str:
        chosen = _sample(self.rng, pool, min(_randint(self.rng, low, high), len(pool)))
        items = [_contract(t.format_map(self.fill())) for t in chosen]
        return "\n".join(f"{n}. {_cap(item)}" if numbered else f"- {_cap(item)}" for n, item in enumerate(items, 1))


_NUMBERS = {"n": (3, 12), "n_staff": (8, 250), "n_survey": (80, 2500), "months": (3, 24), "pct": (8, 65),
            "pct_hi": (60, 95), "hours": (2, 30), "days_hi": (14, 90)}

_DRAW = {key: method for keys, method in (
    (("sg", "pl", "dpl", "nom", "akk", "dat"), _Case._draw_noun),
    (("cnt", "cpl", "cdpl"), _Case._draw_count),
    (("aud", "aud_dat", "aud_cnt"), _Case._draw_audience),
    (("actor", "actor_dat"), _Case._draw_actor),
    (("metric", "metric_label", "verb_past", "verb_pres"), _Case._draw_metric),
    (("goal", "tool", "tool_dat", "tool_en", "network"), _Case._draw_other),
) for key in keys}


# --- YAML by hand ----------------------------------------------------------------------------------

def _q(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    if '"' not in value and "\\" not in value and value.isprintable():
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


def _block(lines: list[str], key: str, text: str, indent: int) -> None:
    pad = " " * indent
    lines.append(f"{pad}{key}: |")
    inner = pad + "  "
    for line in text.strip("\n").split("\n"):
        lines.append(inner + line if line.strip() else "")


def _amount(lines: list[str], key: str, value: int | tuple[int, int], indent: int) -> None:
    pad = " " * indent
    if isinstance(value, tuple):
        lines += [f"{pad}{key}:", f"{pad}  min: {value[0]}", f"{pad}  max: {value[1]}"]
    else:
        lines.append(f"{pad}{key}: {value}")


def _links(lines: list[str], key: str, items: list[tuple[str, str]], indent: int) -> None:
    pad = " " * indent
    lines.append(f"{pad}{key}:")
    for title, url in items:
        lines += [f"{pad}  - title: {_q(title)}", f"{pad}    url: {_q(url)}"]


# --- dates -----------------------------------------------------------------------------------------

def _partial(rng: random.Random, year: int, latest: date) -> tuple[str, date]:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD, never after `latest`; returns (text, last day it may mean)."""
    last_month = latest.month if year == latest.year else 12
    month = _randint(rng, 1, last_month)
    day = _randint(rng, 1, 28)
    form = rng.random()
    if form < 0.3:
        return f"{year}", date(year, 12, 31) if year < latest.year else latest
    if form < 0.65:
        return f"{year}-{month:02d}", date(year, month, 28)
    return f"{year}-{month:02d}-{day:02d}", date(year, month, day)


# --- the generator ---------------------------------------------------------------------------------

class _World:
    """Everything shared between cases of one run: municipalities and the cases made so far."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        setup = random.Random(f"{seed}-world")
        self.name_offset = setup.randrange(len(_COMBOS))
        self.ags_offset = setup.randrange(1_000_000)
        self.municipalities: dict[int, _Municipality] = {}
        self.history: list[tuple[str, _Municipality]] = []          # (id, municipality) of every case so far
        self.by_topic: dict[str, list[int]] = {}
        self.topic_slugs = vocabularies.topics().slugs
        self.statuses = vocabularies.statuses().slugs
        self.levels = vocabularies.reuse_levels().slugs
        self.efforts = vocabularies.efforts().slugs
        self.roles = vocabularies.partner_roles().slugs
        bands = vocabularies.cost_bands()
        bounds = sorted((bands.extra[s]["min"], s) for s in bands.slugs if bands.extra[s].get("min") is not None)
        self.cost_ranges = [(low, (bounds[n + 1][0] - 1) if n + 1 < len(bounds) else max(low * 5, 5_000_000))
                            for n, (low, _) in enumerate(bounds)]

    def municipality(self, j: int) -> _Municipality:
        found = self.municipalities.get(j)
        if found is None:
            found = self.municipalities[j] = _Municipality(self.seed, j, self.name_offset, self.ags_offset)
        return found

    def case(self, i: int) -> tuple[str, str]:
        rng = random.Random(f"{self.seed}-{i}")
        # Several cases share a municipality: about count/4 distinct ones, some with many cases.
        own = i if i < 6 else (i - 6) // 4 + 6
        j = own if rng.random() < 0.5 else int(own * rng.random())
        muni = self.municipality(j)

        lang = "en" if rng.random() < (0.5 if muni.country in ("NO", "ES", "BE") else 0.02) else "de"
        primary = _pick(rng, self.topic_slugs)
        n_topics = rng.choices((1, 2, 3), (50, 35, 15))[0]
        topics = [primary] + _sample(rng, [t for t in self.topic_slugs if t != primary],
                                        min(n_topics - 1, len(self.topic_slugs) - 1))
        data = [_TOPICS.get(t, _GENERIC_TOPIC) for t in topics]
        # English project names match the first German ones, so that the id and the text agree.
        en_projects = data[0]["en"]["projects"]
        k = rng.randrange(len(en_projects) if lang == "en" else len(data[0]["projects"]))
        g, proj_name, proj_slug, claim, proj_goal = data[0]["projects"][k]
        proj_en = en_projects[k % len(en_projects)]
        case_id = f"{muni.root}-{proj_slug}-{i + 1}"
        if len(case_id) > 80:
            case_id = f"{muni.root[:80 - len(proj_slug) - len(str(i + 1)) - 2].strip('-')}-{proj_slug}-{i + 1}"

        c = _Case(rng, lang, data)
        if muni.population:
            c.scale = min(5.0, max(0.1, muni.population / 100_000))

        # status and dates
        status = _weighted(rng, self.statuses, _STATUS_WEIGHTS)
        first, last = _START_YEARS.get(status, (_FIRST_YEAR, _LAST_DAY.year))
        start_year = _randint(rng, max(first, _FIRST_YEAR), min(last, _LAST_DAY.year))
        started, start_hi = _partial(rng, start_year, _LAST_DAY)
        ended = None
        latest = start_hi
        if status in ("completed", "discontinued"):
            end_year = _randint(rng, start_year + 1, min(start_year + 5, _LAST_DAY.year))
            ended, end_hi = _partial(rng, end_year, _LAST_DAY)
            latest = end_hi
        review_from = max(_REVIEW_FROM, latest)
        reviewed = date.fromordinal(_randint(rng, review_from.toordinal(), _REVIEW_TO.toordinal())).isoformat()
        planned = status in ("idea", "planning")
        y_live = min(start_year + _randint(rng, 0, 2), 2028 if planned else _LAST_DAY.year)

        # partners
        partners: list[tuple[str, str, str, str]] = []  # (name, nominative, dative, role)
        if rng.random() < 0.4:
            for role in _sample(rng, self.roles, _randint(rng, 1, min(3, len(self.roles)))):
                partners.append(_partner(rng, role, muni))
        partner_nom = partners[0][1] if partners else "ein regionaler IT-Dienstleister"
        partner_dat = partners[0][2] if partners else "einem regionalen IT-Dienstleister"

        # links to earlier cases
        adopted = related = None
        if i and rng.random() < 0.10:
            pool = self.by_topic.get(primary) or range(i)
            pick = _pick(rng, pool)
            for _ in range(3):
                if self.history[pick][1] is not muni:
                    break
                pick = _pick(rng, pool)
            adopted = pick
        if i and rng.random() < 0.20:
            want = _randint(rng, 1, 3)
            pool = self.by_topic.get(primary, [])
            if len(pool) < want + 1:
                pool = range(i)
            chosen = [x for x in _sample(rng, pool, min(want + 1, len(pool))) if x != adopted][:want]
            related = chosen or None

        years = dict(y_before=str(max(_FIRST_YEAR - 2, start_year - _randint(rng, 0, 3))), y_start=str(start_year),
                     y_live=str(y_live), y_eval=str(y_live + 1), y_end=ended[:4] if ended else str(start_year))
        if lang == "en":
            c.fixed = dict(org=muni.en, place=muni.place, proj=proj_en, a_proj=_a(proj_en),
                           partner_en=_cap(partners[0][0]) if partners else "A regional IT provider", **years)
        else:
            c.fixed = dict(org=muni.nom, org_dat=muni.dat, org_gen=muni.gen, place=muni.place, council=muni.council,
                           proj=f"{_NOM[g]} {proj_name}", proj_akk=f"{_AKK[g]} {proj_name}",
                           proj_dat=f"{_DAT[g]} {proj_name}", proj_name=proj_name, claim=claim,
                           proj_goal=proj_goal, partner=partner_nom,
                           partner_dat=partner_dat, **years)

        cost = self._cost(rng, lang)
        level = _weighted(rng, self.levels, _LEVEL_WEIGHTS)
        effort = _weighted(rng, self.efforts, _EFFORT_WEIGHTS)
        other = self.history[adopted][1] if adopted is not None else None
        others = [self.history[x][1] for x in related] if related else []

        if lang == "en":
            texts = self._texts_en(c, status, planned, cost, level, effort, other, others, muni)
        else:
            texts = self._texts_de(c, status, planned, cost, level, effort, other, others, muni)
        title, summary, problem, solution, results, requirements, body = texts

        # ---- front-matter ----
        lines = ["---", "schema: 1", f"id: {_q(case_id)}", f"title: {_q(title)}", f"summary: {_q(summary)}",
                 f"lang: {_q(lang)}", "organisation:", f"  name: {_q(muni.name)}", f"  type: {_q(muni.type)}",
                 f"  country: {_q(muni.country)}"]
        if muni.state:
            lines.append(f"  state: {_q(muni.state)}")
        if muni.ags:
            lines.append(f"  ags: {_q(muni.ags)}")
        if muni.population:
            lines.append(f"  population: {muni.population}")
        topic0 = data[0]
        unit = _pick(rng, topic0["en"]["units"] if lang == "en" else topic0["units"])
        if rng.random() < 0.7:
            lines.append(f"  unit: {_q(unit)}")
        if partners:
            lines.append("partners:")
            for name, _, _, role in partners:
                lines += [f"  - name: {_q(name)}", f"    role: {_q(role)}"]
        lines.append(f"topics: {json.dumps(topics)}")
        if rng.random() < 0.6:
            pool = sorted({tag for d in data for tag in d["tags"]} | set(_GENERIC_TAGS))
            tags = _sample(rng, pool, min(_randint(rng, 1, 8), len(pool)))
            lines.append(f"tags: {json.dumps(tags)}")
        lines += [f"status: {_q(status)}", f"started: {_q(started)}"]
        if ended:
            lines.append(f"ended: {_q(ended)}")
        _block(lines, "problem", problem, 0)
        _block(lines, "solution", solution, 0)
        if results:
            _block(lines, "results", results, 0)
        self._emit_cost(lines, cost)
        lines += ["reuse:", f"  level: {_q(level)}", f"  effort: {_q(effort)}"]
        _block(lines, "requirements", requirements, 2)
        if level == "software" or (level in ("guide", "concept") and rng.random() < 0.5) or rng.random() < 0.1:
            licence = _pick(rng, _SOFTWARE_LICENSES if level == "software" else _TEXT_LICENSES)
            lines.append(f"  license: {_q(licence)}")
        repo_chance = {"software": 0.9, "guide": 0.3, "concept": 0.1}.get(level, 0.03)
        if rng.random() < repo_chance:
            host = _pick(rng, [f"code.{muni.domain}", "git.opencode.example", "gitlab.kommunal.example"])
            lines.append(f"  repository: {_q(f'https://{host}/{muni.root}/{proj_slug}')}")
        if rng.random() < {"guide": 0.7, "concept": 0.5}.get(level, 0.15):
            materials = [("Leitfaden (PDF)" if lang == "de" else "Guide (PDF)",
                          f"https://www.{muni.domain}/downloads/{proj_slug}-leitfaden.pdf")]
            if rng.random() < 0.5:
                materials.append(("Vorlagen und Checklisten" if lang == "de" else "Templates and checklists",
                                  f"https://www.{muni.domain}/downloads/{proj_slug}-vorlagen.zip"))
            _links(lines, "materials", materials, 2)
        if adopted is not None:
            lines.append(f"adopted_from: {_q(self.history[adopted][0])}")
        if related:
            lines.append(f"related: {json.dumps([self.history[x][0] for x in related])}")
        mailbox = _pick(rng, topic0["mailboxes"])
        lines += ["contact:", f"  unit: {_q(unit)}", f"  email: {_q(f'{mailbox}@{muni.domain}')}"]
        if rng.random() < 0.4:
            lines.append(f"  name: {_q(_pick(rng, _FIRST_NAMES) + ' ' + _pick(rng, _LAST_NAMES))}")
        if rng.random() < 0.4:
            prefix = _PHONE_PREFIX.get(muni.country, "+49")
            phone = f"{prefix} {muni.phone_area} {_randint(rng, 100, 9999)}-{_randint(rng, 0, 99)}"
            lines.append(f"  phone: {_q(phone)}")
        if rng.random() < 0.3:
            lines.append(f"  url: {_q(f'https://www.{muni.domain}/{_slug(unit)}')}")
        if rng.random() < 0.3:
            year = started[:4]
            options = [("Projektseite", f"https://www.{muni.domain}/projekte/{proj_slug}"),
                       ("Beschlussvorlage", f"https://ratsinfo.{muni.domain}/vorlage/{year}-{_randint(rng, 10, 999)}"),
                       ("Pressemitteilung", f"https://www.{muni.domain}/presse/{year}/{proj_slug}"),
                       ("Präsentation (PDF)", f"https://www.{muni.domain}/downloads/{proj_slug}-praesentation.pdf"),
                       ("Evaluationsbericht", f"https://www.{muni.domain}/downloads/{proj_slug}-evaluation.pdf")]
            _links(lines, "links", _sample(rng, options, _randint(rng, 1, 3)), 0)
        if rng.random() < 0.35:
            pool = sorted({n for d in data for n in d["sdgs"]})
            sdgs = _sample(rng, pool, min(_randint(rng, 1, 3), len(pool)))
            if rng.random() < 0.2:
                extra = _randint(rng, 1, 17)
                if extra not in sdgs:
                    sdgs.append(extra)
            lines.append(f"sdgs: {json.dumps(sorted(sdgs))}")
        lines += ['content_license: "CC-BY-4.0"', f"reviewed: {_q(reviewed)}", "---", "", body, ""]

        self.by_topic.setdefault(primary, []).append(i)
        self.history.append((case_id, muni))
        folder = ""
        if muni.state and rng.random() < 0.3:
            folder = muni.state.lower() + "/"
        return f"{folder}{case_id}.md", "\n".join(lines)

    # ---- cost ----

    def _amount(self, rng: random.Random) -> int:
        low, high = _pick(rng, self.cost_ranges)
        value = _nice(_log_uniform(rng, max(low, 500), high))
        step = 10_000 if value >= 1_000_000 else 1_000 if value >= 10_000 else 100
        while value > high:
            value -= step
        while value < low:
            value += step
        return value

    def _cost(self, rng: random.Random, lang: str) -> dict[str, Any]:
        cost: dict[str, Any] = {}
        if rng.random() < 0.12:
            return cost
        roll = rng.random()
        if roll < 0.45:
            cost["one_time_eur"] = self._amount(rng)
        elif roll < 0.7:
            high = self._amount(rng)
            cost["one_time_eur"] = (_nice(high * rng.uniform(0.4, 0.9)), high)
        if rng.random() < 0.4:
            annual = _nice(_log_uniform(rng, 1_000, 300_000))
            cost["annual_eur"] = annual if rng.random() < 0.7 else (_nice(annual * rng.uniform(0.5, 0.9)), annual)
        if rng.random() < 0.45:
            cost["staff_fte"] = _pick(rng, [0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0])
        if rng.random() < 0.3:
            cost["funding"] = [(programme, _pick(rng, _FUNDERS))
                               for programme in _sample(rng, _PROGRAMMES, _randint(rng, 1, 2))]
        if rng.random() < 0.25:
            cost["notes"] = _pick(rng, _EN_COST_NOTES if lang == "en" else _COST_NOTES)
        if not cost:
            cost["one_time_eur"] = self._amount(rng)
        return cost

    @staticmethod
    def _emit_cost(lines: list[str], cost: dict[str, Any]) -> None:
        if not cost:
            lines.append("cost: {}")
            return
        lines.append("cost:")
        if "one_time_eur" in cost:
            _amount(lines, "one_time_eur", cost["one_time_eur"], 2)
        if "annual_eur" in cost:
            _amount(lines, "annual_eur", cost["annual_eur"], 2)
        if "staff_fte" in cost:
            lines.append(f"  staff_fte: {cost['staff_fte']!r}")
        if "funding" in cost:
            lines.append("  funding:")
            for programme, funder in cost["funding"]:
                lines += [f"    - programme: {_q(programme)}", f"      funder: {_q(funder)}"]
        if "notes" in cost:
            lines.append(f"  notes: {_q(cost['notes'])}")

    # ---- German text ----

    def _texts_de(self, c: _Case, status: str, planned: bool, cost: dict[str, Any], level: str, effort: str,
                  other: _Municipality | None, others: list[_Municipality], muni: _Municipality) -> tuple:
        rng, f = c.rng, c.fixed
        claim = f["claim"]
        c1 = c.primary()       # title, summary and lead speak only of the main topic
        name = f["proj_name"]
        titles = [f"{name} in {muni.place}", f"{muni.place} {claim}", f"{name}: {muni.place} {claim}",
                  c1.sentence(f"{name} für {{aud}} in {muni.place}")]
        if status == "pilot":
            titles.append(f"Pilotprojekt {f['proj_name']} in {muni.place}")
        if other is not None:
            titles += [f"{f['proj_name']} nach dem Vorbild {other.gen}"] * 2
        title = _fit(rng, titles, 5, 120, f"{f['proj_name']} in {muni.place}"[:120])

        state_phrase = _DE_STATUS.get(status, "läuft")
        summaries = [
            c1.sentence("{org} hat {proj_akk} eingeführt, um {proj_goal}.") if not planned
            else c1.sentence("{org} plant {proj_akk}, um {proj_goal}."),
            c1.sentence("{org} {claim}.") + f" Das Vorhaben {state_phrase}.",
            c1.sentence("{proj} {org_gen} soll helfen, {proj_goal}."),
            c1.sentence("Seit {y_start} setzt {org} auf {proj_akk}.") + " " + (
                c1.sentence("Erwartet wird, dass {metric} um rund {pct} Prozent {verb_pres}.") if planned
                else c1.sentence("{metric} {verb_past} um {pct} Prozent.")),
        ]
        summary = _fit(rng, summaries, 20, 300, c1.sentence("{org} hat {proj_akk} eingeführt."))

        problem = c.paragraph(_DE_PROBLEM, 2, 4)
        if rng.random() < 0.25:
            problem += "\n\n" + c.bullets(_DE_PROBLEM_ITEMS, 2, 4)
        solution_pool = _DE_SOLUTION_PLAN if planned else _DE_SOLUTION
        solution = c.paragraph(solution_pool, 2, 4)
        if rng.random() < 0.25:
            solution += "\n\n" + c.bullets(_DE_STEPS, 3, 5, numbered=rng.random() < 0.5)
        results = ""
        if not planned and rng.random() < 0.75:
            results = c.paragraph(_DE_RESULTS, 1, 3)
            if rng.random() < 0.3:
                results += "\n\n" + self._metric_bullets(c, 2, 3)
        elif planned and rng.random() < 0.3:
            results = c.paragraph(_DE_RESULTS_PLAN, 1, 2)
        requirements = c.sentence(_pick(rng, _DE_REQUIREMENT_LEADS))
        if rng.random() < 0.5:
            requirements += "\n\n" + c.bullets(_DE_REQUIREMENT_ITEMS, 2, 4)

        # ---- body ----
        adoption = []
        if other is not None:
            adoption.append(f"Als Vorbild diente das Projekt {other.gen}, dessen Unterlagen in weiten Teilen "
                            "übernommen wurden.")
        lead = [c1.sentence("{org} {claim}."), f"Das Vorhaben {state_phrase}."]
        lead += c1.sentences(_DE_LEAD, _randint(rng, 1, 2))
        first, second = c.paragraphs(_DE_PROBLEM, (4, 5), (2, 4))
        body = [" ".join(lead), "", "## Ausgangslage", "", first, "", second]
        if rng.random() < 0.4:
            body += ["", "Die wichtigsten Probleme waren:", "", c.bullets(_DE_PROBLEM_ITEMS, 3, 4)]
        first, second = c.paragraphs(solution_pool, (4, 5), (2, 4), extra=adoption)
        body += ["", "## Umsetzung", "", first, "",
                 "Das Vorgehen in Schritten:" if planned else "Das Projekt lief in mehreren Schritten ab:", "",
                 c.bullets(_DE_STEPS, 4, 5, numbered=rng.random() < 0.5), "", second]
        body += ["", "## Ergebnisse", ""]
        if planned:
            body.append(c.paragraph(_DE_RESULTS_PLAN, 4, 5))
        else:
            extra = []
            if status == "discontinued":
                reason = _pick(rng, _DE_REASONS)
                extra.append(c.sentence(f"Das Projekt wurde im Jahr {{y_end}} eingestellt, weil {reason}."))
            first, second = c.paragraphs(_DE_RESULTS, (4, 5), (2, 4), extra=extra)
            body.append(first)
            if rng.random() < 0.6:
                body += ["", self._metric_bullets(c, 2, 4)]
            body += ["", second]
        body += ["", "## Kosten und Aufwand", "", self._cost_text_de(c, cost, planned)]
        transfer = [_pick(rng, _DE_LEVEL.get(level, ["Die Erfahrungen lassen sich auf andere Kommunen übertragen."])),
                    _DE_EFFORT.get(effort, ""), f"Besonders geeignet ist das Vorgehen für {_pick(rng, _DE_SIZES)}."]
        transfer += c.sentences(_DE_TRANSFER, _randint(rng, 1, 3))
        if others:
            transfer.append(f"Vergleichbare Ansätze verfolgen auch {_join_de([o.nom for o in others])}.")
        body += ["", "## Übertragbarkeit", "", " ".join(s for s in transfer if s), "",
                 "Voraussetzungen für die Nachnutzung:", "", c.bullets(_DE_REQUIREMENT_ITEMS, 3, 4)]
        body += ["", "## Erfahrungen", ""] + _between(c.paragraphs(_DE_EXPERIENCE, (3, 5), (2, 4)))
        if rng.random() < 0.25:
            body += ["", f"Weitere Informationen bietet die [Projektseite {muni.gen}]"
                         f"(https://www.{muni.domain}/projekte/{_slug(f['proj_name'])})."]
        return title, summary, problem, solution, results, requirements, "\n".join(body)

    @staticmethod
    def _metric_bullets(c: _Case, low: int, high: int) -> str:
        items, seen = [], set()
        for _ in range(_randint(c.rng, low, high)):
            fill = c.fill()
            label = fill["metric_label"]
            if label in seen:
                continue
            seen.add(label)
            pct = _randint(c.rng, 5, 70)
            if c.lang == "en":
                items.append(f"- {label}: {'minus' if fill['verb_past'] == 'fell' else 'plus'} {pct} percent")
            else:
                items.append(f"- {label}: {pct} Prozent {'weniger' if fill['verb_past'] == 'sank' else 'mehr'}")
        return "\n".join(items)

    def _cost_text_de(self, c: _Case, cost: dict[str, Any], planned: bool) -> str:
        rng = c.rng
        parts = []
        if not cost:
            parts.append("Belastbare Angaben zu den Kosten liegen nicht vor, weil der Aufwand über mehrere "
                         "Budgets verteilt war.")
        once = cost.get("one_time_eur")
        verb = "werden auf" if planned else "lagen bei"
        if isinstance(once, tuple) and planned:
            parts.append(f"Die einmaligen Kosten werden je nach Ausbaustufe auf {_num(once[0])} bis "
                         f"{_num(once[1])} Euro geschätzt.")
        elif isinstance(once, tuple):
            parts.append(f"Die einmaligen Kosten lagen je nach Ausbaustufe zwischen {_num(once[0])} und "
                         f"{_num(once[1])} Euro.")
        elif once is not None:
            parts.append(f"Die einmaligen Kosten {verb} rund {_num(once)} Euro{' geschätzt' if planned else ''}.")
        annual = cost.get("annual_eur")
        if isinstance(annual, tuple):
            parts.append(f"Für den laufenden Betrieb fallen jährlich zwischen {_num(annual[0])} und "
                         f"{_num(annual[1])} Euro an.")
        elif annual is not None:
            parts.append(f"Für den laufenden Betrieb fallen jährlich etwa {_num(annual)} Euro an.")
        fte = cost.get("staff_fte")
        if fte is not None:
            amount = f"{fte:g}".replace(".", ",")
            parts.append("Der Personalaufwand beträgt etwa " +
                         ("eine Vollzeitstelle." if fte == 1 else f"{amount} Vollzeitstellen."))
        for programme, funder in cost.get("funding", ()):
            parts.append(f"Gefördert wird das Vorhaben über das Programm „{programme}“ ({funder}).")
        if "notes" in cost:
            parts.append(cost["notes"])
        parts += c.sentences(_DE_COST_EXTRA, _randint(rng, 2, 3))
        return " ".join(parts)

    # ---- English text ----

    def _texts_en(self, c: _Case, status: str, planned: bool, cost: dict[str, Any], level: str, effort: str,
                  other: _Municipality | None, others: list[_Municipality], muni: _Municipality) -> tuple:
        rng, f = c.rng, c.fixed
        proj = f["proj"]
        titles = [f"{_cap(proj)} in {muni.place}", f"{muni.place} introduces {_a(proj)}",
                  c.sentence(f"{muni.place}: {_cap(proj)} {{goal}}")]
        if other is not None:
            titles.append(f"{_cap(proj)} in {muni.place}, modelled on {other.place}")
        title = _fit(rng, titles, 5, 120, f"{_cap(proj)} in {muni.place}"[:120])
        summaries = [c.sentence("{org} " + ("plans to introduce" if planned else "introduced") + " {a_proj} {goal}."),
                     c.sentence("{org} is working on {a_proj}.")
                     + f" The project {_EN_STATUS.get(status, 'is ongoing')}."]
        summary = _fit(rng, summaries, 20, 300, c.sentence("{org} introduced {a_proj}."))
        problem = c.paragraph(_EN_PROBLEM, 2, 4)
        solution_pool = _EN_SOLUTION_PLAN if planned else _EN_SOLUTION
        solution = c.paragraph(solution_pool, 2, 4)
        results = ""
        if not planned and rng.random() < 0.75:
            results = c.paragraph(_EN_RESULTS, 1, 3)
        requirements = _pick(rng, _EN_REQUIREMENTS)

        adoption = [f"The project was modelled on the one run by {other.en}."] if other is not None else []
        problems = c.paragraphs(_EN_PROBLEM, (3, 4), (2, 3))
        solutions = c.paragraphs(solution_pool, (3, 4), (2, 3), extra=adoption)
        body = ["## Background", ""] + _between(problems) + [
                "", "## Implementation", "", solutions[0], "",
                "The project went through these steps:", "", c.bullets(_EN_STEPS, 4, 5, numbered=rng.random() < 0.5),
                ""] + _between(solutions[1:]) + ["", "## Results", ""]
        if planned:
            body.append(c.paragraph(_EN_RESULTS_PLAN, 2, 3))
        else:
            body.append(c.paragraph(_EN_RESULTS, 3, 4))
            if rng.random() < 0.6:
                body += ["", self._metric_bullets(c, 2, 3)]
        costs = []
        once = cost.get("one_time_eur")
        if isinstance(once, tuple):
            costs.append(f"One-off costs were between EUR {once[0]:,} and EUR {once[1]:,}.")
        elif once is not None:
            costs.append(f"One-off costs were about EUR {once:,}.")
        if cost.get("annual_eur") is not None:
            annual = cost["annual_eur"]
            annual = annual[1] if isinstance(annual, tuple) else annual
            costs.append(f"Running costs are about EUR {annual:,} a year.")
        if cost.get("staff_fte") is not None:
            costs.append(f"The project needs about {cost['staff_fte']:g} full-time equivalents of staff.")
        for programme, funder in cost.get("funding", ()):
            costs.append(f"It was funded by the programme \u201c{programme}\u201d ({funder}).")
        if not cost:
            costs.append("No reliable cost figures are available because the work was spread across several budgets.")
        costs.append("A large part of the effort went into coordination between departments and into training.")
        transfer = [_EN_LEVEL.get(level, "The experience can be transferred to other municipalities."),
                    _EN_EFFORT.get(effort, "")]
        if others:
            transfer.append(f"Similar approaches are pursued by {_join_en([o.en for o in others])}.")
        body += ["", "## Costs and effort", "", " ".join(costs), "", "## Transferability", "",
                 " ".join(s for s in transfer if s), "", "## Lessons learned", "",
                 ] + _between(c.paragraphs(_EN_EXPERIENCE, (3, 4), (2, 3)))
        if rng.random() < 0.25:
            body += ["", f"More information is available on the [project page](https://www.{muni.domain}/projects/"
                         f"{_slug(proj)})."]
        return title, summary, problem, solution, results, requirements, "\n".join(body)


def _between(paragraphs: list[str]) -> list[str]:
    """Paragraphs as lines with a blank line between them."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out:
            out.append("")
        out.append(paragraph)
    return out


def _fit(rng: random.Random, options: list[str], low: int, high: int, fallback: str) -> str:
    fitting = [o for o in options if low <= len(o) <= high]
    return _pick(rng, fitting) if fitting else fallback


def _partner(rng: random.Random, role: str, muni: _Municipality) -> tuple[str, str, str, str]:
    """(name, nominative with article, dative with article, role) of a fictional partner."""
    other = _pick(rng, _COMBOS)
    region = _pick(rng, _REGIONS)
    options = {
        "owner": [("f", f"Stadtwerke {muni.place} GmbH"), ("f", f"Digitalagentur {muni.place} GmbH")],
        "implementer": [("n", f"Kommunales Rechenzentrum {region}"), ("f", f"Datenwerk {region} GmbH"),
                        ("f", f"{other} Digital GmbH")],
        "funder": [("f", f"Stiftung Zukunft {other}"), ("f", f"Bürgerstiftung {muni.place}"),
                   ("f", f"Sparkasse {other}")],
        "vendor": [("f", f"{other}er Software AG"), ("f", f"Verwaltungssoft {region} GmbH"),
                   ("f", f"Civic Apps {region} GmbH")],
        "partner": [("f", f"Hochschule {other}"), ("n", f"Institut für Verwaltungsinformatik {other}"),
                    ("f", f"Volkshochschule {muni.place}")],
    }.get(role, [("f", f"Partnerorganisation {other}")])
    gender, name = _pick(rng, options)
    if gender == "n" and name.startswith("Kommunales"):
        rest = name[len("Kommunales"):]
        return name, f"das Kommunale{rest}", f"dem Kommunalen{rest}", role
    return name, f"{_NOM[gender]} {name}", f"{_DAT[gender]} {name}", role


# --- public API ------------------------------------------------------------------------------------

def generate(count: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """Yield (relative_path, file_text) for `count` synthetic cases.

    The same (count, seed) always gives the same bytes, and the first n cases of a
    larger count are the n cases of the smaller one.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    world = _World(seed)
    for i in range(count):
        yield world.case(i)


def write(count: int, out: Path, seed: int = 1) -> int:
    """Write the cases under `out` (creating it), return the number written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    made: set[str] = {""}
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    written = 0
    for relative, text in generate(count, seed):
        folder = relative.rpartition("/")[0]
        if folder not in made:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        # os.open/os.write: file creation dominates here, and this needs fewer system calls than open().
        data = text.encode("utf-8")
        handle = os.open(out / relative, flags, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)
        written += 1
    return written
