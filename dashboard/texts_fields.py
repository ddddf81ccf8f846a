"""The words of the page "Fields of action" (``/fields``) in German and English.

Merged into :data:`dashboard.i18n.MESSAGES`; look them up with :func:`dashboard.i18n.t`. Ids start with
``fields.`` (and ``nav.fields``). Placeholders are filled with text that is already Markdown-safe (escaped
user text, numbers and dates in the locale). The one-sentence explanations of a cell come from
:mod:`graph.analysis.coverage` in the chosen language.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["FIELDS_MESSAGES"]

FIELDS_MESSAGES: Mapping[str, Mapping[str, str]] = {
    "nav.fields": {"de": "Handlungsfelder", "en": "Fields of action"},
    "fields.title": {"de": "Handlungsfelder und Lücken", "en": "Fields of action and gaps"},
    "fields.intro": {
        "de": "Wer arbeitet in welcher Kommune in welchem Handlungsfeld, und wo fehlt etwas? Eine Lücke heißt: "
              "kein Akteur vor Ort oder eine erwartete Rolle (z. B. Sprachkursträger) fehlt vor Ort und kreisweit.",
        "en": "Who works in which municipality in which field of action, and where is something missing? A gap "
              "means: no local actor, or an expected role (e.g. a course provider) is missing locally and "
              "district-wide.",
    },
    "fields.no_municipalities": {
        "de": "Der Datenbestand enthält keine Kommunen. Laden Sie die mitgelieferten Daten mit `integranet seed` "
              "oder importieren Sie Kommunen.",
        "en": "The data store holds no municipalities. Load the bundled data with `integranet seed` or import "
              "municipalities.",
    },
    "fields.no_expected_roles": {
        "de": "Die erwarteten Rollen ({path}) konnten nicht gelesen werden; Lücken beruhen nur auf der Zahl der "
              "Akteure vor Ort.",
        "en": "The expected roles ({path}) could not be read; gaps rest on the number of local actors alone.",
    },
    "fields.figure_failed": {
        "de": "Die Abbildung konnte nicht gezeichnet werden: {detail}. Die Tabelle darunter enthält dieselben Zahlen.",
        "en": "The figure could not be drawn: {detail}. The table below holds the same numbers.",
    },
    # -- choices ----------------------------------------------------------------------------------------
    "fields.measure": {"de": "Maß", "en": "Measure"},
    "fields.measure_local": {"de": "Akteure vor Ort", "en": "Local actors"},
    "fields.measure_per_10k": {"de": "Akteure vor Ort je 10.000 Einwohner", "en": "Local actors per 10,000 residents"},
    "fields.field": {"de": "Handlungsfeld", "en": "Field of action"},
    "fields.municipality": {"de": "Kommune", "en": "Municipality"},
    # -- heatmap ----------------------------------------------------------------------------------------
    "fields.heatmap_heading": {"de": "Kommunen × Handlungsfelder", "en": "Municipalities × fields of action"},
    "fields.heatmap_caption": {
        "de": "Jede Zelle nennt ihren Wert; dunkler heißt weniger. Umrandete Zellen mit „!“ sind Lücken. "
              "„–“: Einwohnerzahl unbekannt. Dieselben Zahlen stehen in der Tabelle darunter.",
        "en": "Every cell states its value; darker means fewer. Framed cells marked “!” are gaps. "
              "“–”: population unknown. The table below holds the same numbers.",
    },
    "fields.heatmap_alt": {
        "de": "Heatmap: {measure} für {towns} Kommunen und {fields} Handlungsfelder.",
        "en": "Heatmap: {measure} for {towns} municipalities and {fields} fields of action.",
    },
    "fields.gap_mark": {"de": "{value} (Lücke)", "en": "{value} (gap)"},
    # -- one cell ---------------------------------------------------------------------------------------
    "fields.cell_heading": {"de": "Eine Zelle im Einzelnen", "en": "One cell in detail"},
    "fields.cell_facts": {
        "de": "Vor Ort: {local} · kreisweit: {wide} · je 10.000 Einwohner: {per_10k}",
        "en": "Local: {local} · district-wide: {wide} · per 10,000 residents: {per_10k}",
    },
    "fields.population": {
        "de": "Einwohner: {population} (Stand {date})",
        "en": "Population: {population} (as of {date})",
    },
    "fields.local_heading": {"de": "Akteure vor Ort", "en": "Local actors"},
    "fields.wide_heading": {"de": "Kreisweit tätige Akteure", "en": "District-wide actors"},
    "fields.none_listed": {"de": "Keine.", "en": "None."},
    # -- largest gaps -----------------------------------------------------------------------------------
    "fields.gaps_heading": {"de": "Die größten Lücken", "en": "The largest gaps"},
    "fields.gaps_caption": {
        "de": "Zuerst Zellen ohne Akteur vor Ort, dann nach Zahl der fehlenden Rollen, dann nach Akteuren je "
              "10.000 Einwohner. Es werden bis zu {limit} von {total} Lücken gezeigt; alle stehen im Download.",
        "en": "Cells without a local actor first, then by the number of missing roles, then by actors per "
              "10,000 residents. Up to {limit} of {total} gaps are shown; the download holds all.",
    },
    "fields.no_gaps": {"de": "Keine Lücken gefunden.", "en": "No gaps found."},
    # -- map --------------------------------------------------------------------------------------------
    "fields.map_heading": {"de": "Karte: Lücken in {field}", "en": "Map: gaps in {field}"},
    "fields.map_caption": {
        "de": "Kommunen an ihren Koordinaten (ohne Kartenhintergrund). Dreieck: Lücke, Kreis: keine Lücke; die "
              "Zahl nennt die Akteure vor Ort.",
        "en": "Municipalities at their coordinates (no map background). Triangle: gap, circle: no gap; the "
              "number gives the local actors.",
    },
    "fields.map_alt": {
        "de": "Karte der Kommunen: {gaps} von {towns} mit Lücke in {field}.",
        "en": "Map of the municipalities: {gaps} of {towns} with a gap in {field}.",
    },
    "fields.legend_gap": {"de": "Lücke", "en": "gap"},
    "fields.legend_no_gap": {"de": "keine Lücke", "en": "no gap"},
    "fields.no_coordinates": {
        "de": "Keine Kommune hat Koordinaten; die Karte entfällt.",
        "en": "No municipality has coordinates; there is no map.",
    },
    # -- weak points ------------------------------------------------------------------------------------
    "fields.weak_heading": {
        "de": "Schwachstellen und Vermittler im Netzwerk", "en": "Weak points and brokers in the network",
    },
    "fields.articulation_heading": {"de": "Ohne Ersatz bei Ausfall", "en": "Single points of failure"},
    "fields.articulation_caption": {
        "de": "Akteure, ohne die das Netzwerk in getrennte Teile zerfiele.",
        "en": "Actors without whom the network would fall apart into separate parts.",
    },
    "fields.no_articulation": {"de": "Keine gefunden.", "en": "None found."},
    "fields.brokers_heading": {"de": "Vermittler zwischen Handlungsfeldern", "en": "Brokers between fields of action"},
    "fields.brokers_caption": {
        "de": "Akteure, die Akteure verschiedener Handlungsfelder verbinden, die sonst keine Verbindung haben.",
        "en": "Actors linking actors of different fields of action that have no tie of their own.",
    },
    "fields.no_brokers": {
        "de": "Keine gefunden: kein Akteur verbindet überwiegend Akteure verschiedener Handlungsfelder.",
        "en": "None found: no actor mostly links actors of different fields of action.",
    },
    "fields.broker_suffix": {
        "de": " — {share} % der Paare über Feldgrenzen ({fields})",
        "en": " — {share} % of pairs across fields ({fields})",
    },
    # -- tables and downloads ---------------------------------------------------------------------------
    "fields.col_rank": {"de": "Rang", "en": "Rank"},
    "fields.col_municipality": {"de": "Kommune", "en": "Municipality"},
    "fields.col_ags": {"de": "AGS", "en": "AGS"},
    "fields.col_field": {"de": "Handlungsfeld", "en": "Field of action"},
    "fields.col_local": {"de": "Akteure vor Ort", "en": "Local actors"},
    "fields.col_wide": {"de": "kreisweit", "en": "District-wide"},
    "fields.col_per_10k": {"de": "je 10.000 Einw.", "en": "Per 10,000 residents"},
    "fields.col_population": {"de": "Einwohner", "en": "Population"},
    "fields.col_population_date": {"de": "Stichtag", "en": "Population date"},
    "fields.col_missing": {"de": "fehlende Rollen", "en": "Missing roles"},
    "fields.col_spof": {"de": "nur ein Akteur vor Ort", "en": "Single local actor"},
    "fields.col_gap": {"de": "Lücke", "en": "Gap"},
    "fields.col_explanation": {"de": "Erläuterung", "en": "Explanation"},
    "fields.download_heading": {"de": "Lückentabelle herunterladen", "en": "Download the gap table"},
    "fields.download_caption": {
        "de": "Alle Kommunen × Handlungsfelder. Zellen, die eine Tabellenkalkulation als Formel läse, beginnen "
              "mit einem Apostroph.",
        "en": "Every municipality × field of action. Cells a spreadsheet would read as a formula start with an "
              "apostrophe.",
    },
    "fields.download_csv": {"de": "CSV herunterladen", "en": "Download CSV"},
    "fields.download_xlsx": {"de": "XLSX herunterladen", "en": "Download XLSX"},
    "fields.sheet": {"de": "Lücken", "en": "gaps"},
}
