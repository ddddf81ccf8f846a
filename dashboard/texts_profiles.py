"""The words of the overview and the profile pages (actor, municipality) in German and English.

Merged into :data:`dashboard.i18n.MESSAGES`; look them up with :func:`dashboard.i18n.t`. Message ids here
must not repeat one of ``i18n.py`` (``tests/analysis/test_profiles.py`` checks). Placeholders are filled with text
that is already Markdown-safe (escaped user text, numbers and dates in the locale).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["PROFILE_MESSAGES"]

PROFILE_MESSAGES: Mapping[str, Mapping[str, str]] = {
    # -- navigation and shared words --------------------------------------------------------------------------
    "nav.actor": {"de": "Akteursprofil", "en": "Actor profile"},
    "nav.municipality": {"de": "Kommunenprofil", "en": "Municipality profile"},
    "common.yes": {"de": "ja", "en": "yes"},
    "common.no": {"de": "nein", "en": "no"},
    "common.none": {"de": "keine", "en": "none"},
    "common.not_given": {"de": "nicht angegeben", "en": "not given"},
    "common.timestamp": {"de": "{date}, {time} Uhr", "en": "{date} {time}"},
    # -- overview ---------------------------------------------------------------------------------------------
    "overview.illustrative_banner": {
        "de": "Im Datenbestand sind Demonstrationsdaten: {ties} von {total} Verbindungen sind nicht belegt, "
              "sondern zeigen nur, wie IntegraNet aussieht. Sie sind in den Zahlen unten enthalten; in den "
              "Profilen und auf der Karte sind sie als Demonstration gekennzeichnet.",
        "en": "The data store holds demonstration data: {ties} of {total} ties are not documented but only show "
              "what IntegraNet looks like. They are included in the figures below; profiles and the map mark "
              "them as demonstration.",
    },
    "overview.illustrative_banner_actors": {
        "de": "Im Datenbestand sind Demonstrationsdaten: {ties} von {total} Verbindungen und {actors} Akteure "
              "sind nicht belegt, sondern zeigen nur, wie IntegraNet aussieht. Sie sind in den Zahlen unten "
              "enthalten; in den Profilen und auf der Karte sind sie als Demonstration gekennzeichnet.",
        "en": "The data store holds demonstration data: {ties} of {total} ties and {actors} actors are not "
              "documented but only show what IntegraNet looks like. They are included in the figures below; "
              "profiles and the map mark them as demonstration.",
    },
    "overview.figures_source": {
        "de": "Quelle: Datenbestand {location} (Stand des letzten Imports, Einzelheiten unten)",
        "en": "Source: data store {location} (as of the last import, details below)",
    },
    "overview.by_kind": {"de": "Akteure nach Art", "en": "Actors by kind"},
    "overview.by_type": {"de": "Verbindungen nach Art der Beziehung", "en": "Ties by type of relation"},
    "overview.chart_by_kind": {
        "de": "Balkendiagramm: Anzahl der Akteure je Art; dieselben Zahlen stehen in der Tabelle daneben.",
        "en": "Bar chart: number of actors per kind; the table beside it has the same numbers.",
    },
    "overview.chart_by_type": {
        "de": "Balkendiagramm: Anzahl der Verbindungen je Art der Beziehung; dieselben Zahlen stehen in der "
              "Tabelle daneben.",
        "en": "Bar chart: number of ties per type of relation; the table beside it has the same numbers.",
    },
    "overview.col_kind": {"de": "Art des Akteurs", "en": "Kind of actor"},
    "overview.col_type": {"de": "Art der Beziehung", "en": "Type of relation"},
    "overview.col_count": {"de": "Anzahl", "en": "Number"},
    "overview.col_illustrative": {"de": "davon Demonstration", "en": "of which demonstration"},
    "overview.fields_heading": {"de": "Handlungsfelder", "en": "Fields of action"},
    "overview.col_field": {"de": "Handlungsfeld", "en": "Field of action"},
    "overview.col_actors_working": {"de": "Akteure in diesem Feld", "en": "Actors in this field"},
    "overview.no_fields": {"de": "Im Datenbestand sind keine Handlungsfelder.",
                           "en": "The data store holds no fields of action."},
    "overview.district_heading": {"de": "Landkreis: Bevölkerung und ausländische Staatsangehörige",
                                  "en": "District: population and foreign nationals"},
    "overview.col_reference_date": {"de": "Stichtag", "en": "Reference date"},
    "overview.col_population": {"de": "Einwohnerinnen und Einwohner", "en": "Population"},
    "overview.col_foreign_nationals": {"de": "Ausländische Staatsangehörige", "en": "Foreign nationals"},
    "overview.col_foreign_share": {"de": "Anteil", "en": "Share"},
    "overview.district_source": {"de": "Quelle für den {date}: {source}", "en": "Source for {date}: {source}"},
    "overview.district_not_comparable": {
        "de": "Der Ausländeranteil des Landratsamts (Ausländerzentralregister, bezogen auf die amtliche "
              "Bevölkerung) ist nicht mit den Anteilen aus dem Zensus 2022 in den Kommunenprofilen vergleichbar: "
              "Beide Zahlen zählen anders und haben andere Stichtage.",
        "en": "The district office's share of foreign nationals (Central Register of Foreigners over the "
              "official population) is not comparable with the Zensus 2022 shares in the municipality profiles: "
              "the two count differently and have different reference dates.",
    },
    "overview.no_district_figures": {
        "de": "Für den Landkreis liegen keine Bevölkerungszahlen vor ({detail}).",
        "en": "No population figures are available for the district ({detail}).",
    },
    "overview.top_heading": {"de": "Am stärksten vernetzte Akteure", "en": "Most connected actors"},
    "overview.top_explained": {
        "de": "Geordnet nach der Zahl verschiedener Partner (Akteure mit mindestens einer Verbindung), bei "
              "Gleichstand nach der Zahl der Verbindungen. Ein Klick öffnet das Akteursprofil.",
        "en": "Ordered by the number of distinct partners (actors with at least one tie), then by the number of "
              "ties. A click opens the actor profile.",
    },
    "overview.col_actor": {"de": "Akteur", "en": "Actor"},
    "overview.col_partners": {"de": "Partner", "en": "Partners"},
    "overview.col_ties": {"de": "Verbindungen", "en": "Ties"},
    "overview.no_ties": {"de": "Im Datenbestand sind noch keine Verbindungen.",
                         "en": "The data store holds no ties yet."},
    "overview.import_heading": {"de": "Letzter Import", "en": "Last import"},
    "overview.last_import": {
        "de": "Am {when}: {rows} Zeilen aus {files}; geschrieben wurden {actors} Akteure und {ties} "
              "Verbindungen, übersprungen {skipped} Zeilen.",
        "en": "On {when}: {rows} rows from {files}; {actors} actors and {ties} ties written, {skipped} rows "
              "skipped.",
    },
    "overview.no_import": {"de": "Es wurde noch nichts importiert.", "en": "Nothing has been imported yet."},
    "overview.earlier_imports": {"de": "Die letzten Importe", "en": "The latest imports"},
    "overview.col_when": {"de": "Zeitpunkt", "en": "When"},
    "overview.col_files": {"de": "Dateien", "en": "Files"},
    "overview.col_rows": {"de": "Zeilen", "en": "Rows"},
    "overview.col_skipped": {"de": "übersprungen", "en": "Skipped"},
    # -- actor profile ----------------------------------------------------------------------------------------
    "actor.title": {"de": "Akteursprofil", "en": "Actor profile"},
    "actor.select": {"de": "Akteur", "en": "Actor"},
    "actor.select_placeholder": {"de": "Namen eingeben oder auswählen …", "en": "Type or choose a name …"},
    "actor.unknown": {
        "de": "Im Datenbestand gibt es keinen Akteur mit der Kennung „{id}“. Vielleicht wurde er umbenannt "
              "oder gelöscht; wählen Sie einen Akteur aus der Liste.",
        "en": "The data store has no actor with the id \"{id}\". It may have been renamed or deleted; choose an "
              "actor from the list.",
    },
    "actor.choose": {"de": "Wählen Sie oben einen Akteur, um sein Profil zu sehen.",
                     "en": "Choose an actor above to see its profile."},
    "actor.illustrative_actor": {
        "de": "Dies ist ein Demonstrationsakteur: Er zeigt, wie IntegraNet aussieht, und ist nicht belegt.",
        "en": "This is a demonstration actor: it shows what IntegraNet looks like and is not documented.",
    },
    "actor.illustrative_banner": {
        "de": "{count} von {total} Verbindungen dieses Akteurs sind Demonstrationsverbindungen: Sie zeigen, wie "
              "IntegraNet aussieht, und sind keine belegte Zusammenarbeit. Sie sind unten mit "
              "„Demonstration“ gekennzeichnet und in der Karte gestrichelt.",
        "en": "{count} of this actor's {total} ties are demonstration ties: they show what IntegraNet looks like "
              "and are not a documented cooperation. Below they are marked \"demonstration\", in the map they "
              "are dashed.",
    },
    "actor.open_municipality": {"de": "Kommunenprofil von {name} öffnen",
                                "en": "Open the municipality profile of {name}"},
    "actor.facts_heading": {"de": "Steckbrief", "en": "Facts"},
    "actor.kind": {"de": "Art", "en": "Kind"},
    "actor.fields": {"de": "Handlungsfelder", "en": "Fields of action"},
    "actor.seat": {"de": "Sitz", "en": "Seat"},
    "actor.seat_outside": {"de": "{town} (außerhalb der Kommunen im Datenbestand)",
                           "en": "{town} (outside the municipalities in the data store)"},
    "actor.serves": {"de": "Tätig für", "en": "Works for"},
    "actor.serves_district": {"de": "den ganzen Landkreis", "en": "the whole district"},
    "actor.serves_none": {"de": "keine Angabe", "en": "not stated"},
    "actor.properties": {"de": "Weitere Angaben", "en": "Further details"},
    "actor.show_personal": {"de": "Personenbezogene Angaben zeigen", "en": "Show personal data"},
    "actor.show_personal_help": {
        "de": "Ansprechperson, E-Mail und Telefon. Die Einstellung gilt bis zum Schließen des Browserfensters.",
        "en": "Contact person, e-mail and phone. The setting lasts until the browser window is closed.",
    },
    "actor.personal_hidden": {
        "de": "{count} personenbezogene Angabe(n) ausgeblendet.",
        "en": "{count} personal detail(s) hidden.",
    },
    "actor.provenance": {"de": "Herkunft der Daten", "en": "Where the data comes from"},
    "actor.provenance_illustrative": {
        "de": "Demonstrationsdaten (nicht belegt)", "en": "Demonstration data (not documented)",
    },
    "actor.provenance_illustrative_short": {"de": "Demonstration", "en": "demonstration"},
    "actor.imported_at": {"de": "Importiert am {date}", "en": "Imported on {date}"},
    "actor.measures_heading": {"de": "Stellung im Netzwerk", "en": "Place in the network"},
    "actor.no_measures": {"de": "Für diesen Akteur liegen keine Kennzahlen vor.",
                          "en": "No measures are available for this actor."},
    "actor.partners": {"de": "Partner", "en": "Partners"},
    "actor.partners_help": {
        "de": "Zahl der verschiedenen Akteure, mit denen dieser Akteur mindestens eine Verbindung hat "
              "(gleich in welcher Richtung).",
        "en": "Number of distinct actors this actor has at least one tie with (in either direction).",
    },
    "actor.betweenness": {"de": "Vermittlerrolle", "en": "Broker role"},
    "actor.betweenness_help": {
        "de": "Zwischenzentralität (0 bis 1): der Anteil der kürzesten Wege zwischen anderen Akteuren, die über "
              "diesen Akteur laufen. Ein hoher Wert heißt: Ohne ihn wären andere schlechter verbunden.",
        "en": "Betweenness centrality (0 to 1): the share of shortest paths between other actors that run "
              "through this actor. A high value means others would be less well connected without it.",
    },
    "actor.partners_rank": {
        "de": "Platz {rank} von {total} Akteuren nach Zahl der Partner ({ties} Verbindungen insgesamt)",
        "en": "Rank {rank} of {total} actors by number of partners ({ties} ties in all)",
    },
    "actor.betweenness_rank": {
        "de": "Platz {rank} von {total} nach Vermittlerrolle",
        "en": "Rank {rank} of {total} by broker role",
    },
    "actor.community": {
        "de": "Gehört zu Gruppe {number} von {count} (eng miteinander verbundene Akteure; diese Gruppe hat "
              "{size} Mitglieder)",
        "en": "Belongs to group {number} of {count} (closely tied actors; this group has {size} members)",
    },
    "actor.community_none": {
        "de": "Gehört zu keiner Gruppe (keine Verbindungen)", "en": "Belongs to no group (no ties)",
    },
    "actor.betweenness_sampled": {
        "de": "Die Vermittlerrolle ist wegen der Größe des Netzwerks geschätzt (Abweichung höchstens {error} "
              "mit 95 % Sicherheit).",
        "en": "The broker role is estimated because of the network's size (off by at most {error} with 95 % "
              "confidence).",
    },
    "actor.path_heading": {"de": "Weg zur betreibenden Stelle", "en": "Path to the organisation running IntegraNet"},
    "actor.path_no_home": {
        "de": "Die Stelle, die IntegraNet betreibt (Einstellung INTEGRANET_HOME_ORGANISATION = „{id}“), ist "
              "nicht im Datenbestand. Tragen Sie dort die Kennung eines vorhandenen Akteurs ein.",
        "en": "The organisation running IntegraNet (setting INTEGRANET_HOME_ORGANISATION = \"{id}\") is not in "
              "the data store. Set it to the id of an actor that is.",
    },
    "actor.path_is_home": {
        "de": "Dies ist die Stelle, die IntegraNet betreibt.", "en": "This is the organisation running IntegraNet.",
    },
    "actor.path_none": {
        "de": "Es gibt keinen Weg über Verbindungen von diesem Akteur zu {home}: Sie gehören zu getrennten "
              "Teilen des Netzwerks.",
        "en": "No chain of ties leads from this actor to {home}: they are in separate parts of the network.",
    },
    "actor.path_length": {
        "de": "Kürzester Weg zu {home}: {steps} Schritt(e), Verbindungen in beliebiger Richtung.",
        "en": "Shortest path to {home}: {steps} step(s), ties followed in either direction.",
    },
    "actor.path_via": {"de": "↓ über: {ties}", "en": "↓ via: {ties}"},
    "actor.path_tie_illustrative": {"de": " (Demonstrationsverbindung, nicht belegt)",
                                     "en": " (demonstration tie, not documented)"},
    "actor.path_start": {"de": " (Start)", "en": " (start)"},
    "actor.ties_heading": {"de": "Verbindungen ({count})", "en": "Ties ({count})"},
    "actor.no_ties": {"de": "Dieser Akteur hat keine Verbindungen im Datenbestand.",
                      "en": "This actor has no ties in the data store."},
    "actor.ties_outgoing": {"de": "{name} {type} …", "en": "{name} {type} …"},
    "actor.ties_incoming": {"de": "… {type} {name}", "en": "… {type} {name}"},
    "actor.tie_illustrative": {"de": " – Demonstration", "en": " – demonstration"},
    "actor.ties_table": {"de": "Alle Verbindungen als Tabelle (mit Handlungsfeldern, Zeitraum und Quelle)",
                         "en": "All ties as a table (with fields of action, period and source)"},
    "actor.col_from": {"de": "Von", "en": "From"},
    "actor.col_type": {"de": "Beziehung", "en": "Relation"},
    "actor.col_to": {"de": "An", "en": "To"},
    "actor.col_fields": {"de": "Handlungsfelder", "en": "Fields of action"},
    "actor.col_since": {"de": "seit", "en": "Since"},
    "actor.col_until": {"de": "bis", "en": "Until"},
    "actor.col_note": {"de": "Notiz", "en": "Note"},
    "actor.col_provenance": {"de": "Quelle", "en": "Source"},
    "actor.map_heading": {"de": "Umfeld im Netzwerk", "en": "Neighbourhood in the network"},
    "actor.map_depth": {"de": "Wie weit?", "en": "How far?"},
    "actor.map_depth_1": {"de": "direkte Partner", "en": "direct partners"},
    "actor.map_depth_2": {"de": "auch deren Partner", "en": "also their partners"},
    "actor.map_counts": {"de": "{actors} Akteure und {ties} Verbindungen gezeigt; der gewählte Akteur ist "
                               "größer gezeichnet. Ziehen verschiebt die Karte, Scrollen zoomt.",
                         "en": "{actors} actors and {ties} ties shown; the chosen actor is drawn larger. Drag to "
                               "move the map, scroll to zoom."},
    "actor.map_alt": {"de": "Netzwerkkarte: Umfeld von {name}", "en": "Network map: neighbourhood of {name}"},
    "actor.map_table": {"de": "Die Akteure der Karte als Tabelle:", "en": "The actors of the map as a table:"},
    "actor.col_name": {"de": "Name", "en": "Name"},
    "actor.col_kind": {"de": "Art", "en": "Kind"},
    "actor.col_town": {"de": "Ort", "en": "Town"},
    "actor.col_steps": {"de": "Schritte entfernt", "en": "Steps away"},
    # -- property names ---------------------------------------------------------------------------------------
    "prop.website": {"de": "Website", "en": "Website"},
    "prop.notes": {"de": "Notizen", "en": "Notes"},
    "prop.contact": {"de": "Ansprechperson", "en": "Contact person"},
    "prop.email": {"de": "E-Mail", "en": "E-mail"},
    "prop.phone": {"de": "Telefon", "en": "Phone"},
    "prop.ags": {"de": "Amtlicher Gemeindeschlüssel", "en": "Official municipality key (AGS)"},
    "prop.municipality_type": {"de": "Gemeindeart", "en": "Type of municipality"},
    "prop.administrative_association": {"de": "Verwaltungsverband", "en": "Administrative association"},
    "prop.population": {"de": "Einwohnerzahl", "en": "Population"},
    "prop.population_date": {"de": "Stand der Einwohnerzahl", "en": "Population as of"},
    "prop.population_source": {"de": "Quelle der Einwohnerzahl", "en": "Source of the population"},
    "prop.census2022_population": {"de": "Einwohnerzahl laut Zensus 2022", "en": "Population, Zensus 2022"},
    "prop.census2022_population_date": {"de": "Stichtag des Zensus 2022", "en": "Zensus 2022 reference date"},
    "prop.census2022_source": {"de": "Quelle Zensus 2022", "en": "Source, Zensus 2022"},
    "prop.census2022_foreign_share_pct": {"de": "Ausländeranteil laut Zensus 2022 (%)",
                                          "en": "Share of foreign nationals, Zensus 2022 (%)"},
    "prop.census2022_foreign_share_source": {"de": "Quelle des Ausländeranteils",
                                             "en": "Source of the share of foreign nationals"},
    "prop.lat": {"de": "Geografische Breite", "en": "Latitude"},
    "prop.lon": {"de": "Geografische Länge", "en": "Longitude"},
    "prop.coordinates_source": {"de": "Quelle der Koordinaten", "en": "Source of the coordinates"},
    # -- municipality profile ---------------------------------------------------------------------------------
    "municipality.title": {"de": "Kommunenprofil", "en": "Municipality profile"},
    "municipality.select": {"de": "Kommune", "en": "Municipality"},
    "municipality.select_placeholder": {"de": "Namen eingeben oder auswählen …", "en": "Type or choose a name …"},
    "municipality.unknown": {
        "de": "Im Datenbestand gibt es keine Kommune mit der Kennung oder dem Gemeindeschlüssel „{id}“. Wählen "
              "Sie eine Kommune aus der Liste.",
        "en": "The data store has no municipality with the id or official key \"{id}\". Choose a municipality "
              "from the list.",
    },
    "municipality.choose": {"de": "Wählen Sie oben eine Kommune, um ihr Profil zu sehen.",
                            "en": "Choose a municipality above to see its profile."},
    "municipality.none_in_store": {
        "de": "Der Datenbestand {location} enthält keine Kommunen. Laden Sie die mitgelieferten Daten mit "
              "`integranet seed` oder importieren Sie eine Tabelle der Kommunen.",
        "en": "The data store {location} holds no municipalities. Load the bundled data with `integranet seed` "
              "or import a table of municipalities.",
    },
    "municipality.ags": {"de": "Gemeindeschlüssel {ags}", "en": "official key {ags}"},
    "municipality.open_actor": {"de": " – Verbindungen und Karte im Akteursprofil",
                                "en": " – ties and map in the actor profile"},
    "municipality.figures_heading": {"de": "Bevölkerung", "en": "Population"},
    "municipality.no_figures": {"de": "Für diese Kommune liegen keine Bevölkerungszahlen vor.",
                                "en": "No population figures are available for this municipality."},
    "municipality.figure_population": {"de": "Einwohnerzahl (amtliche Fortschreibung)",
                                       "en": "Population (official continuation)"},
    "municipality.figure_census_population": {"de": "Einwohnerzahl laut Zensus 2022",
                                              "en": "Population, Zensus 2022"},
    "municipality.figure_census_foreign_share": {"de": "Ausländeranteil laut Zensus 2022",
                                                 "en": "Share of foreign nationals, Zensus 2022"},
    "municipality.col_figure": {"de": "Kennzahl", "en": "Figure"},
    "municipality.col_value": {"de": "Wert", "en": "Value"},
    "municipality.col_date": {"de": "Stand / Stichtag", "en": "As of"},
    "municipality.col_secondary": {"de": "Art der Quelle", "en": "Kind of source"},
    "municipality.primary": {"de": "amtlich", "en": "official"},
    "municipality.secondary": {"de": "Sekundärquelle, nicht amtlich geprüft",
                               "en": "secondary source, not checked against the official one"},
    "municipality.figure_source": {"de": "Quelle – {figure}: {source}", "en": "Source – {figure}: {source}"},
    "municipality.figures_note": {
        "de": "Zwei Reihen: die amtliche Fortschreibung (Stand 31.12. des Jahres) und der Zensus 2022 "
              "(Stichtag 15.05.2022). Sie zählen verschieden und sind nicht direkt vergleichbar; der "
              "Ausländeranteil auch nicht mit dem Anteil des Landratsamts auf der Übersicht.",
        "en": "Two series: the official continuation (as of 31 December of the year) and the Zensus 2022 "
              "(reference date 2022-05-15). They count differently and are not directly comparable; nor is the "
              "share of foreign nationals with the district office's share on the overview.",
    },
    "municipality.actors_heading": {"de": "Akteure", "en": "Actors"},
    "municipality.seated": {"de": "Sitz in der Kommune", "en": "Seated here"},
    "municipality.serving": {"de": "Tätig hier, Sitz anderswo", "en": "Working here, seated elsewhere"},
    "municipality.district_wide": {"de": "Kreisweit tätig", "en": "Working district-wide"},
    "municipality.by_kind": {"de": "Nach Art des Akteurs", "en": "By kind of actor"},
    "municipality.by_field": {"de": "Nach Handlungsfeld", "en": "By field of action"},
    "municipality.col_kind": {"de": "Art", "en": "Kind"},
    "municipality.col_field": {"de": "Handlungsfeld", "en": "Field of action"},
    "municipality.col_seated": {"de": "Sitz hier", "en": "Seated here"},
    "municipality.col_serving": {"de": "tätig hier", "en": "Working here"},
    "municipality.col_district_wide": {"de": "kreisweit", "en": "District-wide"},
    "municipality.no_local_actors": {
        "de": "In {town} hat kein Akteur seinen Sitz, und keiner ist ausdrücklich für die Kommune tätig.",
        "en": "No actor is seated in {town}, and none works for it by name.",
    },
    "municipality.seated_list": {"de": "Mit Sitz in {town}", "en": "Seated in {town}"},
    "municipality.serving_list": {"de": "Für {town} tätig, Sitz anderswo",
                                  "en": "Working for {town}, seated elsewhere"},
    "municipality.district_wide_list": {"de": "Kreisweit tätige Akteure ({count})",
                                        "en": "Actors working district-wide ({count})"},
    "municipality.crossing_heading": {"de": "Verbindungen über die Ortsgrenze ({count})",
                                      "en": "Ties across the town's border ({count})"},
    "municipality.crossing_explained": {
        "de": "Verbindungen zwischen der Kommune {town} oder einem Akteur mit Sitz dort und einem Akteur "
              "außerhalb. Jede Zeile liest sich als Satz: Von – Beziehung – An.",
        "en": "Ties between the municipality {town} or an actor seated there and an actor outside. Each row "
              "reads as a sentence: from – relation – to.",
    },
    "municipality.no_crossing": {"de": "Keine Verbindungen über die Ortsgrenze.",
                                 "en": "No ties across the town's border."},
    "municipality.illustrative_banner": {
        "de": "{count} dieser {total} Verbindungen sind Demonstrationsverbindungen (Quelle „Demonstration“): "
              "keine belegte Zusammenarbeit.",
        "en": "{count} of these {total} ties are demonstration ties (source \"demonstration\"): not a documented "
              "cooperation.",
    },
    "municipality.col_from": {"de": "Von", "en": "From"},
    "municipality.col_type": {"de": "Beziehung", "en": "Relation"},
    "municipality.col_to": {"de": "An", "en": "To"},
    "municipality.col_outside_town": {"de": "Ort des Partners außerhalb", "en": "Town of the outside partner"},
    "municipality.col_provenance": {"de": "Quelle", "en": "Source"},
    "municipality.nearest_heading": {"de": "Nächste Akteure in anderen Orten",
                                     "en": "Nearest actors in other towns"},
    "municipality.nearest_explained": {
        "de": "Für jede Art: wie viele Akteure ihren Sitz hier haben, und der nächstgelegene Akteur dieser Art "
              "mit Sitz in einer anderen Kommune (Luftlinie zwischen den Ortsmittelpunkten).",
        "en": "For each kind: how many actors are seated here, and the nearest actor of that kind seated in "
              "another municipality (straight-line distance between the towns' centre points).",
    },
    "municipality.no_coordinates": {
        "de": "Für diese Kommune sind keine Koordinaten hinterlegt; Entfernungen lassen sich nicht berechnen.",
        "en": "This municipality has no coordinates; distances cannot be computed.",
    },
    "municipality.col_here": {"de": "Sitz hier", "en": "Seated here"},
    "municipality.col_nearest": {"de": "Nächster Akteur anderswo", "en": "Nearest actor elsewhere"},
    "municipality.col_nearest_town": {"de": "Ort", "en": "Town"},
    "municipality.col_distance": {"de": "Entfernung", "en": "Distance"},
    "municipality.nearest_none": {"de": "keiner in einer anderen Kommune", "en": "none in another municipality"},
    "municipality.km": {"de": "{km} km", "en": "{km} km"},
    "municipality.coverage_heading": {"de": "Abdeckung je Handlungsfeld", "en": "Coverage per field of action"},
    "municipality.coverage_explained": {
        "de": "Lokal = Sitz hier oder ausdrücklich für die Kommune tätig. Eine Lücke besteht, wenn kein lokaler "
              "Akteur im Feld arbeitet oder eine erwartete Rolle (Art von Akteur) fehlt; kreisweit tätige "
              "Akteure füllen Rollen mit aus.",
        "en": "Local = seated here or working for the municipality by name. There is a gap when no local actor "
              "works in the field or an expected role (kind of actor) is missing; district-wide actors fill roles "
              "too.",
    },
    "municipality.no_expected_roles": {
        "de": "Die erwarteten Rollen ({path}) konnten nicht gelesen werden; gezeigt wird nur, wer wo arbeitet.",
        "en": "The expected roles ({path}) could not be read; only who works where is shown.",
    },
    "municipality.col_local": {"de": "lokale Akteure", "en": "Local actors"},
    "municipality.col_missing": {"de": "fehlende Rollen", "en": "Missing roles"},
    "municipality.col_gap": {"de": "Lücke", "en": "Gap"},
    "municipality.col_explanation": {"de": "Erläuterung", "en": "Explanation"},
}
