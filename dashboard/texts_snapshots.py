"""The words of the page "Snapshots & export" (``/snapshots``) in German and English.

Merged into :data:`dashboard.i18n.MESSAGES`; look them up with :func:`dashboard.i18n.t`. Ids start with
``snapshots.`` (and ``nav.snapshots``). Placeholders are filled with text that is already Markdown-safe
(escaped user text, numbers and dates in the locale). The words inside exported files (figure, tables,
methods note) live in graph/.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["SNAPSHOT_MESSAGES"]

SNAPSHOT_MESSAGES: Mapping[str, Mapping[str, str]] = {
    "nav.snapshots": {"de": "Momentaufnahmen & Export", "en": "Snapshots & export"},
    "snapshots.title": {"de": "Momentaufnahmen & Export", "en": "Snapshots & export"},
    "snapshots.intro": {
        "de": "Eine Momentaufnahme hält das Netzwerk (oder einen Ausschnitt) mit Datum fest. Sie ändert sich "
              "danach nicht mehr, auch wenn neue Daten importiert werden. Aus ihr entstehen Abbildungen und "
              "Tabellen für den Integrationsbericht, und zwei Momentaufnahmen lassen sich vergleichen, zum "
              "Beispiel dieses Jahr mit dem Vorjahr. Jeder Akteur behält in allen Momentaufnahmen seinen Platz "
              "in der Abbildung.",
        "en": "A snapshot freezes the network (or a part of it) on a date. It never changes afterwards, even "
              "when new data is imported. Figures and tables for the integration report are made from it, and "
              "two snapshots can be compared, for example this year with last year. Every actor keeps its "
              "place in the figure across snapshots.",
    },
    # -- errors ---------------------------------------------------------------------------------------
    "snapshots.error": {
        "de": "Das hat nicht geklappt: {detail}",
        "en": "That did not work: {detail}",
    },
    "snapshots.error_read": {
        "de": "Die Momentaufnahme „{label}“ kann nicht gelesen werden: {detail}",
        "en": "The snapshot “{label}” cannot be read: {detail}",
    },
    "snapshots.error_export": {
        "de": "„{what}“ konnte nicht erstellt werden: {detail}",
        "en": "“{what}” could not be made: {detail}",
    },
    "snapshots.no_store": {
        "de": "Ohne geöffneten Datenbestand kann keine neue Momentaufnahme erstellt werden. Die vorhandenen "
              "Momentaufnahmen können Sie trotzdem vergleichen und herunterladen.",
        "en": "Without an open data store no new snapshot can be made. You can still compare and download the "
              "existing snapshots.",
    },
    # -- create ---------------------------------------------------------------------------------------
    "snapshots.create_title": {"de": "Neue Momentaufnahme", "en": "New snapshot"},
    "snapshots.create_intro": {
        "de": "Ohne Auswahl wird das ganze Netzwerk festgehalten. Mit einer Auswahl nur die Akteure, die zu "
              "ihr passen, und die Verbindungen zwischen ihnen.",
        "en": "Without a selection the whole network is frozen; with one, only the actors that match it and "
              "the ties among them.",
    },
    "snapshots.prefilled": {
        "de": "Die Auswahl ist von der Netzwerkkarte übernommen. Sie können sie hier ändern.",
        "en": "The selection is taken from the network map; you can change it here.",
    },
    "snapshots.label": {"de": "Bezeichnung", "en": "Label"},
    "snapshots.label_placeholder": {
        "de": "z. B. Integrationsbericht 2025",
        "en": "e.g. Integration report 2025",
    },
    "snapshots.label_help": {
        "de": "Wofür die Momentaufnahme ist. Die Bezeichnung steht als Titel über der Abbildung.",
        "en": "What the snapshot is for. The label is the title above the figure.",
    },
    "snapshots.label_missing": {
        "de": "Bitte geben Sie eine Bezeichnung ein, z. B. „Integrationsbericht 2025“.",
        "en": "Please enter a label, e.g. “Integration report 2025”.",
    },
    "snapshots.filter_fields": {"de": "Handlungsfeld", "en": "Field of action"},
    "snapshots.filter_municipalities": {"de": "Kommune", "en": "Municipality"},
    "snapshots.filter_kinds": {"de": "Art des Akteurs", "en": "Kind of actor"},
    "snapshots.filter_any": {"de": "alle", "en": "all"},
    "snapshots.district_wide": {
        "de": "Auch kreisweit tätige Akteure aufnehmen",
        "en": "Also include actors that serve the whole district",
    },
    "snapshots.district_wide_help": {
        "de": "Nur bei einer Auswahl von Kommunen: Akteure, die im ganzen Landkreis arbeiten (z. B. das "
              "Landratsamt), kommen dazu.",
        "en": "Only with a choice of municipalities: actors that work in the whole district (e.g. the district "
              "office) are added.",
    },
    "snapshots.personal": {
        "de": "Personenbezogene Daten aufnehmen (Ansprechperson, E-Mail, Telefon)",
        "en": "Include personal data (contact person, e-mail, phone)",
    },
    "snapshots.personal_help": {
        "de": "Ausgeschaltet (empfohlen) werden Ansprechpersonen, E-Mail-Adressen und Telefonnummern nicht "
              "gespeichert. Dann dürfen die Momentaufnahme und alle Dateien daraus weitergegeben werden. "
              "Schalten Sie es nur ein, wenn die Dateien im Haus bleiben; die Wahl wird in der Momentaufnahme "
              "vermerkt.",
        "en": "Switched off (recommended), contact persons, e-mail addresses and phone numbers are not kept, "
              "so the snapshot and every file made from it may be passed on. Switch it on only if the files "
              "stay in the office; the choice is recorded in the snapshot.",
    },
    "snapshots.create_button": {"de": "Momentaufnahme erstellen", "en": "Create snapshot"},
    "snapshots.creating": {"de": "Momentaufnahme wird erstellt …", "en": "Creating the snapshot …"},
    "snapshots.created": {
        "de": "Momentaufnahme „{label}“ erstellt: {actors} Akteure, {ties} Verbindungen. Sie steht unten in "
              "der Liste und ist zum Herunterladen ausgewählt.",
        "en": "Snapshot “{label}” created: {actors} actors, {ties} ties. It is in the list below and chosen "
              "for download.",
    },
    # -- list -----------------------------------------------------------------------------------------
    "snapshots.list_title": {"de": "Vorhandene Momentaufnahmen", "en": "Existing snapshots"},
    "snapshots.none": {
        "de": "Es gibt noch keine Momentaufnahme. Erstellen Sie oben die erste.",
        "en": "There is no snapshot yet. Create the first one above.",
    },
    "snapshots.folder": {"de": "Gespeichert im Ordner {folder}", "en": "Kept in the folder {folder}"},
    "snapshots.col_label": {"de": "Bezeichnung", "en": "Label"},
    "snapshots.col_created": {"de": "Erstellt", "en": "Created"},
    "snapshots.col_data_date": {"de": "Datenstand", "en": "Data as of"},
    "snapshots.col_actors": {"de": "Akteure", "en": "Actors"},
    "snapshots.col_ties": {"de": "Verbindungen", "en": "Ties"},
    "snapshots.col_illustrative": {"de": "davon Demonstration", "en": "of which demonstration"},
    "snapshots.col_selection": {"de": "Auswahl", "en": "Selection"},
    "snapshots.col_personal": {"de": "Personenbezogene Daten", "en": "Personal data"},
    "snapshots.col_id": {"de": "Kennung", "en": "Id"},
    "snapshots.timestamp": {"de": "{date}, {time} Uhr", "en": "{date} {time}"},
    "snapshots.share": {"de": "{count} ({percent} %)", "en": "{count} ({percent}%)"},
    "snapshots.personal_yes": {"de": "enthalten", "en": "included"},
    "snapshots.personal_no": {"de": "weggelassen", "en": "left out"},
    "snapshots.whole_network": {"de": "ganzes Netzwerk", "en": "whole network"},
    "snapshots.selection_fields": {"de": "Handlungsfeld: {values}", "en": "Field of action: {values}"},
    "snapshots.selection_municipalities": {"de": "Kommune: {values}", "en": "Municipality: {values}"},
    "snapshots.selection_kinds": {"de": "Art: {values}", "en": "Kind: {values}"},
    "snapshots.selection_district_wide": {
        "de": "mit kreisweit tätigen Akteuren",
        "en": "with district-wide actors",
    },
    "snapshots.illustrative_note": {
        "de": "„Davon Demonstration“: Verbindungen, die nur zeigen, wie IntegraNet aussieht, und keine belegte "
              "Zusammenarbeit sind. Abbildungen zeichnen sie gestrichelt, der Methodenhinweis im "
              "Berichtspaket nennt ihren Anteil.",
        "en": "“Of which demonstration”: ties that only show what IntegraNet looks like and are not a "
              "documented cooperation. Figures draw them dashed; the methods note in the report pack gives "
              "their share.",
    },
    "snapshots.delete_choose": {"de": "Momentaufnahme löschen", "en": "Delete a snapshot"},
    "snapshots.delete_button": {"de": "Löschen …", "en": "Delete …"},
    "snapshots.delete_confirm": {
        "de": "Soll die Momentaufnahme „{label}“ vom {created} endgültig gelöscht werden? Das lässt sich nicht "
              "rückgängig machen; bereits heruntergeladene Dateien bleiben erhalten.",
        "en": "Delete the snapshot “{label}” of {created} for good? This cannot be undone; files already "
              "downloaded are kept.",
    },
    "snapshots.delete_yes": {"de": "Ja, endgültig löschen", "en": "Yes, delete for good"},
    "snapshots.delete_no": {"de": "Abbrechen", "en": "Cancel"},
    "snapshots.deleted": {
        "de": "Momentaufnahme „{label}“ gelöscht.",
        "en": "Snapshot “{label}” deleted.",
    },
    # -- download -------------------------------------------------------------------------------------
    "snapshots.download_title": {"de": "Herunterladen", "en": "Download"},
    "snapshots.download_choose": {"de": "Momentaufnahme", "en": "Snapshot"},
    "snapshots.download_personal": {
        "de": "Personenbezogene Daten in die Dateien übernehmen",
        "en": "Put the personal data into the files",
    },
    "snapshots.download_personal_help": {
        "de": "Diese Momentaufnahme enthält Ansprechpersonen, E-Mail-Adressen und Telefonnummern. "
              "Ausgeschaltet bleiben sie in den Dateien weg.",
        "en": "This snapshot holds contact persons, e-mail addresses and phone numbers; switched off, they are "
              "left out of the files.",
    },
    "snapshots.pack_title": {
        "de": "Berichtspaket für den Integrationsbericht",
        "en": "Report pack for the integration report",
    },
    "snapshots.pack_body": {
        "de": "Eine ZIP-Datei mit allem, was der Bericht braucht: die Abbildung des Netzwerks (A4 quer) als "
              "PNG, SVG und PDF, die Excel-Tabelle, ein Methodenhinweis auf Deutsch und Englisch (was gezählt "
              "wurde, Datenstand, Quellen) und die Angaben zur Momentaufnahme.",
        "en": "One ZIP file with everything the report needs: the network figure (A4 landscape) as PNG, SVG "
              "and PDF, the Excel workbook, a methods note in German and English (what was counted, data date, "
              "sources) and the snapshot's details.",
    },
    "snapshots.format_pack": {
        "de": "Berichtspaket herunterladen (ZIP)",
        "en": "Download the report pack (ZIP)",
    },
    "snapshots.figures_title": {"de": "Abbildung einzeln", "en": "The figure alone"},
    "snapshots.files_title": {"de": "Tabellen und Dateien für andere Programme",
                              "en": "Tables and files for other programs"},
    "snapshots.slow_note": {
        "de": "Abbildungen werden auf Knopfdruck erstellt; das dauert einige Sekunden.",
        "en": "Figures are made when you ask for them; that takes a few seconds.",
    },
    "snapshots.preparing": {"de": "Wird erstellt …", "en": "Making it …"},
    "snapshots.make_pack": {"de": "Berichtspaket erstellen", "en": "Make the report pack"},
    "snapshots.make_png": {"de": "Abbildung als PNG erstellen", "en": "Make the figure as PNG"},
    "snapshots.make_svg": {"de": "Abbildung als SVG erstellen", "en": "Make the figure as SVG"},
    "snapshots.make_pdf": {"de": "Abbildung als PDF erstellen", "en": "Make the figure as PDF"},
    "snapshots.format_png": {"de": "Abbildung als Bild (PNG)", "en": "Figure as image (PNG)"},
    "snapshots.format_svg": {"de": "Abbildung als Vektorgrafik (SVG)", "en": "Figure as vector graphic (SVG)"},
    "snapshots.format_pdf": {"de": "Abbildung als PDF", "en": "Figure as PDF"},
    "snapshots.format_xlsx": {"de": "Excel-Tabelle (XLSX)", "en": "Excel workbook (XLSX)"},
    "snapshots.format_csv": {"de": "CSV-Tabellen (ZIP)", "en": "CSV tables (ZIP)"},
    "snapshots.format_html": {"de": "Interaktive Karte (HTML)", "en": "Interactive map (HTML)"},
    "snapshots.format_graphml": {"de": "GraphML", "en": "GraphML"},
    "snapshots.format_gexf": {"de": "GEXF", "en": "GEXF"},
    "snapshots.format_json": {"de": "JSON", "en": "JSON"},
    "snapshots.format_cypher": {"de": "Cypher-Skript", "en": "Cypher script"},
    "snapshots.help_png": {
        "de": "A4 quer, 300 dpi: zum Einfügen in Word oder PowerPoint.",
        "en": "A4 landscape, 300 dpi: for Word or PowerPoint.",
    },
    "snapshots.help_svg": {
        "de": "Beliebig vergrößerbar: für Satz und Druckerei.",
        "en": "Scales without loss: for typesetting and print shops.",
    },
    "snapshots.help_pdf": {"de": "A4 quer, druckfertig.", "en": "A4 landscape, ready to print."},
    "snapshots.help_xlsx": {
        "de": "Blätter: Akteure, Verbindungen, Kennzahlen.",
        "en": "Sheets: actors, relations, key figures.",
    },
    "snapshots.help_csv": {
        "de": "Akteure und Verbindungen im Importformat von IntegraNet; lässt sich wieder einlesen.",
        "en": "Actors and relations in IntegraNet's import format; can be read in again.",
    },
    "snapshots.help_html": {
        "de": "Die Karte zum Anklicken in einer Datei; öffnet im Browser, auch ohne Internet.",
        "en": "The clickable map in one file; opens in a browser, also without internet.",
    },
    "snapshots.help_graphml": {
        "de": "Für Netzwerkprogramme wie Gephi oder yEd.",
        "en": "For network programs such as Gephi or yEd.",
    },
    "snapshots.help_gexf": {"de": "Für Gephi, mit Farben und Positionen.", "en": "For Gephi, with colours and "
                                                                                   "positions."},
    "snapshots.help_json": {"de": "Für eigene Auswertungen mit Programmen.", "en": "For your own analyses with "
                                                                                   "programs."},
    "snapshots.help_cypher": {
        "de": "Baut das Netzwerk in einer leeren Neo4j-Datenbank nach.",
        "en": "Rebuilds the network in an empty Neo4j database.",
    },
    # -- compare --------------------------------------------------------------------------------------
    "snapshots.compare_title": {"de": "Vergleichen", "en": "Compare"},
    "snapshots.compare_need_two": {
        "de": "Zum Vergleichen braucht es mindestens zwei Momentaufnahmen.",
        "en": "Comparing needs at least two snapshots.",
    },
    "snapshots.compare_before": {"de": "Früherer Stand", "en": "Earlier state"},
    "snapshots.compare_after": {"de": "Späterer Stand", "en": "Later state"},
    "snapshots.compare_same": {
        "de": "Wählen Sie zwei verschiedene Momentaufnahmen.",
        "en": "Choose two different snapshots.",
    },
    "snapshots.compare_filters_differ": {
        "de": "Die beiden Momentaufnahmen haben eine unterschiedliche Auswahl. Unterschiede können deshalb "
              "auch von der Auswahl kommen, nicht nur von Veränderungen im Netzwerk.",
        "en": "The two snapshots have different selections, so differences may come from the selection, not "
              "only from changes in the network.",
    },
    "snapshots.compare_personal_differs": {
        "de": "Nur eine der beiden Momentaufnahmen enthält personenbezogene Daten. Akteure können deshalb als "
              "geändert erscheinen, ohne dass sich etwas geändert hat.",
        "en": "Only one of the two snapshots holds personal data, so actors may show as changed although "
              "nothing changed.",
    },
    "snapshots.compare_none": {
        "de": "Keine Unterschiede: Akteure und Verbindungen sind in beiden Momentaufnahmen gleich.",
        "en": "No differences: actors and ties are the same in both snapshots.",
    },
    "snapshots.metric_actors_added": {"de": "Akteure neu", "en": "Actors added"},
    "snapshots.metric_actors_removed": {"de": "Akteure entfallen", "en": "Actors removed"},
    "snapshots.metric_actors_changed": {"de": "Akteure geändert", "en": "Actors changed"},
    "snapshots.metric_ties_added": {"de": "Verbindungen neu", "en": "Ties added"},
    "snapshots.metric_ties_removed": {"de": "Verbindungen entfallen", "en": "Ties removed"},
    "snapshots.metric_ties_changed": {"de": "Verbindungen geändert", "en": "Ties changed"},
    "snapshots.changes_title": {"de": "Was sich geändert hat", "en": "What changed"},
    "snapshots.figure_title": {"de": "Abbildung der Veränderungen", "en": "Figure of the changes"},
    "snapshots.figure_caption": {
        "de": "Grün: neu, rot gestrichelt: entfallen, orange: geändert, grau: unverändert.",
        "en": "Green: added, red dashed: removed, orange: changed, grey: unchanged.",
    },
    "snapshots.by_field_title": {"de": "Nach Handlungsfeld", "en": "By field of action"},
    "snapshots.by_municipality_title": {"de": "Nach Kommune", "en": "By municipality"},
    "snapshots.by_municipality_none": {
        "de": "In keiner Kommune hat sich die Zahl der Akteure oder Verbindungen geändert.",
        "en": "In no municipality did the number of actors or ties change.",
    },
    "snapshots.by_municipality_changed_only": {
        "de": "Nur Kommunen mit Veränderungen sind aufgeführt.",
        "en": "Only municipalities with changes are listed.",
    },
    "snapshots.col_field": {"de": "Handlungsfeld", "en": "Field of action"},
    "snapshots.col_municipality": {"de": "Kommune", "en": "Municipality"},
    "snapshots.col_actors_change": {"de": "Akteure vorher → nachher", "en": "Actors before → after"},
    "snapshots.col_actors_added": {"de": "Akteure neu", "en": "Actors added"},
    "snapshots.col_actors_removed": {"de": "Akteure entfallen", "en": "Actors removed"},
    "snapshots.col_ties_change": {"de": "Verbindungen vorher → nachher", "en": "Ties before → after"},
    "snapshots.col_ties_added": {"de": "Verbindungen neu", "en": "Ties added"},
    "snapshots.col_ties_removed": {"de": "Verbindungen entfallen", "en": "Ties removed"},
    "snapshots.change_count": {"de": "{before} → {after}", "en": "{before} → {after}"},
    "snapshots.diff_downloads": {"de": "Vergleich herunterladen", "en": "Download the comparison"},
    "snapshots.diff_csv": {"de": "Tabelle der Änderungen (CSV)", "en": "Table of changes (CSV)"},
    "snapshots.diff_xlsx": {"de": "Tabelle der Änderungen (XLSX)", "en": "Table of changes (XLSX)"},
    "snapshots.diff_json": {"de": "Änderungen als JSON", "en": "Changes as JSON"},
    "snapshots.diff_png": {"de": "Abbildung der Veränderungen (PNG)", "en": "Figure of the changes (PNG)"},
    "snapshots.diff_svg": {"de": "Abbildung der Veränderungen (SVG)", "en": "Figure of the changes (SVG)"},
    "snapshots.diff_pdf": {"de": "Abbildung der Veränderungen (PDF)", "en": "Figure of the changes (PDF)"},
}
